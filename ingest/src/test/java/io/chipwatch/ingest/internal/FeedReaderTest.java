package io.chipwatch.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FeedReaderTest {
    static byte[] feed(String name) throws IOException {
        try (InputStream in = FeedReaderTest.class.getResourceAsStream("/feeds/" + name)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @CsvSource({"rss091.xml,rss_0.91", "rss092.xml,rss_0.92", "rss10.rdf,rss_1.0", "rss20.xml,rss_2.0", "atom03.xml,atom_0.3",
            "atom10.xml,atom_1.0", "feed.json,json-https://jsonfeed.org/version/1.1"})
    void shouldReadEveryFeedVersion(String file, String format) throws Exception {
        FeedReader.ParsedFeed f = FeedReader.parse(feed(file), null, "https://news.example/");
        assertThat(f.format()).startsWith(format.substring(0, format.length() - 1));
        assertThat(f.items()).hasSize(2);
        assertThat(f.items().get(0).title()).isEqualTo("Nvidia receives limited licence for H200 shipments");
        assertThat(f.items().get(0).link()).startsWith("https://news.example/2026/04/h200-licence?v=");
        assertThat(ContentScorer.fragmentText(f.items().get(0).html())).contains("narrow licence");
    }

    @Test
    void shouldReadDatesAndAuthorsOfRss20() throws Exception {
        FeedItem first = FeedReader.parse(feed("rss20.xml"), "application/rss+xml", null).items().get(0);
        assertThat(first.publishedAt()).isEqualTo(Instant.parse("2026-04-20T10:00:00Z"));
        assertThat(first.author()).isEqualTo("Ana Ruiz");
        assertThat(first.guid()).isEqualTo("pw-20-1");
    }

    @Test
    void shouldDecodeGbkLatin1AndBomFeeds() throws Exception {
        assertThat(FeedReader.parse(feed("gbk-rss.xml"), "text/xml", null).items().get(0).title()).isEqualTo("国产加速卡订单大幅增长");
        assertThat(FeedReader.parse(feed("latin1-rss.xml"), null, null).items().get(0).title()).isEqualTo("Contrôles élargis sur la lithographie");
        assertThat(FeedReader.parse(feed("bom-atom.xml"), "application/atom+xml", null).items().get(0).title())
                .isEqualTo("Exportkontrollen für Lithografie erweitert — Überblick");
    }

    @Test
    void shouldTellFeedsFromPages() throws Exception {
        assertThat(FeedReader.looksLikeFeed(feed("atom10.xml"), "text/xml")).isTrue();
        assertThat(FeedReader.looksLikeFeed(feed("feed.json"), "application/json")).isTrue();
        assertThat(FeedReader.looksLikeFeed("<!doctype html><html><body>x</body></html>".getBytes(), "text/html")).isFalse();
    }
}
