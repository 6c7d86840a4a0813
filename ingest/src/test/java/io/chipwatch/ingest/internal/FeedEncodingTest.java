package io.chipwatch.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.ingest.internal.FeedRepair.Kind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bytes to text the way the XML specification's appendix F says, and declarations that lie. */
class FeedEncodingTest {
    private static final String TITLE = "国产加速卡 — Contrôles élargis";

    private static String feed(String encoding, String prolog) {
        return prolog + "<?xml version=\"1.0\" encoding=\"" + encoding + "\"?>\n<rss version=\"2.0\"><channel><title>Wide</title><link>https://e.example/</link>"
                + "<description>d</description><item><title>" + TITLE + "</title><link>https://e.example/1</link></item></channel></rss>";
    }

    private static byte[] bytes(byte[] bom, String text, Charset charset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bom);
        out.writeBytes(text.getBytes(charset));
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"UTF-16LE, none", "UTF-16BE, none", "UTF-16LE, bom", "UTF-16BE, bom", "UTF-32BE, none", "UTF-32LE, none", "UTF-32BE, bom",
            "UTF-32LE, bom", "UTF-8, bom", "UTF-8, none"})
    void shouldReadUnicodeFeedsWithAndWithoutByteOrderMark(String charset, String bom) throws Exception {
        Charset c = Charset.forName(charset);
        byte[] mark = bom.equals("bom") ? "\uFEFF".getBytes(c) : new byte[0];
        String declared = charset.startsWith("UTF-16") ? "UTF-16" : charset.startsWith("UTF-32") ? "UTF-32" : "UTF-8";
        FeedReader.ParsedFeed f = FeedReader.parse(bytes(mark, feed(declared, ""), c), "application/xml", null);
        assertThat(f.items()).singleElement().extracting(FeedItem::title).isEqualTo(TITLE);
        assertThat(f.repairs()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16LE", "UTF-16BE", "UTF-32LE"})
    void shouldRecogniseWideTextThatStartsWithWhitespaceOrAComment(String charset) throws Exception {
        byte[] body = feed("UTF-16", "\n  <!-- wide -->\n").getBytes(Charset.forName(charset));
        assertThat(FeedReader.looksLikeFeed(body, "text/plain")).isTrue();
        assertThat(FeedReader.parse(body, "text/plain", null).items()).singleElement().extracting(FeedItem::title).isEqualTo(TITLE);
    }

    @Test
    void shouldFallBackToTheBytesWhenAUtf8HeaderSitsOverWindows1252() throws Exception {
        String xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Latin</title><link>https://e.example/</link><description>d</description>"
                + "<item><title>Contrôles élargis – “déjà” €5</title><link>https://e.example/1</link></item></channel></rss>";
        FeedReader.ParsedFeed f = FeedReader.parse(xml.getBytes(Charset.forName("windows-1252")), "application/rss+xml; charset=utf-8", null);
        assertThat(f.items().get(0).title()).isEqualTo("Contrôles élargis – “déjà” €5");
        assertThat(f.repairs()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(Kind.CHARSET);
            assertThat(r.detail()).contains("header charset utf-8 contradicted by the bytes").contains("windows-1252");
        });
    }

    @Test
    void shouldReadUtf8BytesUnderALatin1HeaderAsUtf8() throws Exception {
        byte[] body = feed("ISO-8859-1", "").getBytes(StandardCharsets.UTF_8);
        FeedReader.ParsedFeed f = FeedReader.parse(body, "text/xml; charset=ISO-8859-1", null);
        assertThat(f.items().get(0).title()).isEqualTo(TITLE);
        assertThat(f.repairs()).extracting(FeedRepair::kind).containsOnly(Kind.CHARSET);
    }

    @Test
    void shouldKeepUtf8AndReadStrayLatin1BytesOfAMixedFeed() throws Exception {
        byte[] good = "<rss version=\"2.0\"><channel><title>Mixed</title><link>https://e.example/</link><description>d</description><item><title>Überblick ".getBytes(StandardCharsets.UTF_8);
        byte[] stray = "café".getBytes(Charset.forName("windows-1252"));
        byte[] tail = "</title><link>https://e.example/1</link></item></channel></rss>".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(good);
        out.writeBytes(stray);
        out.writeBytes(tail);
        FeedReader.ParsedFeed f = FeedReader.parse(out.toByteArray(), "application/rss+xml; charset=utf-8", null);
        assertThat(f.items().get(0).title()).isEqualTo("Überblick café");
        assertThat(f.repairs()).singleElement().extracting(FeedRepair::detail).asString().contains("stray bytes as windows-1252");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"application/xml", "text/xml", "text/html", "text/plain", "application/octet-stream"})
    void shouldSniffAFeedThatStartsWithACommentWhateverItIsServedAs(String contentType) throws Exception {
        byte[] body = FeedReaderTest.feed("broken/comment-first.xml");
        assertThat(FeedReader.looksLikeFeed(body, contentType)).isTrue();
        assertThat(FeedReader.parse(body, contentType, null).items()).singleElement().extracting(FeedItem::title)
                .isEqualTo("Item of a feed that starts with a comment");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<!-- a page --><!DOCTYPE html><html><body>x</body></html>",
            "<?xml version=\"1.0\"?><!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"x\"><html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>",
            "{\"title\": \"an article\", \"text\": \"not a feed\"}", "plain words", ""})
    void shouldTellPagesAndOtherDocumentsFromFeeds(String body) {
        assertThat(FeedReader.looksLikeFeed(body.getBytes(StandardCharsets.UTF_8), "text/html")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}", "{\"version\": \"1.0\", \"items\": []}",
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>", "<feed xmlns=\"http://www.w3.org/2005/Atom\"/>",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY x \"y\">]>\n<rss/>"})
    void shouldRecogniseEveryFeedFormatByItsContent(String body) {
        assertThat(FeedReader.looksLikeFeed(body.getBytes(StandardCharsets.UTF_8), "application/json")).isTrue();
    }
}
