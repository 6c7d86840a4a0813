package io.chipwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chipwatch.model.SourceDefinition;
import io.chipwatch.model.SourceKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;

class OpmlTest {
    static byte[] fixture(String name) throws IOException {
        try (InputStream in = OpmlTest.class.getResourceAsStream("/opml/" + name)) {
            return in.readAllBytes();
        }
    }

    private static Map<String, SourceDefinition> byUrl(Opml.Import result) {
        return result.sources().stream().collect(Collectors.toMap(SourceDefinition::url, s -> s));
    }

    @Test
    void shouldMapNestedFoldersAndCategoriesToTagsAndSkipDuplicateUrls() throws Exception {
        Opml.Import r = Opml.read(fixture("nested-folders.opml"), List.of(), null, List.of());
        Map<String, SourceDefinition> s = byUrl(r);
        assertThat(r.sources()).hasSize(5).allSatisfy(d -> {
            assertThat(d.kind()).isEqualTo(SourceKind.FEED);
            assertThat(d.enabled()).isTrue();
            assertThat(d.interval()).isEqualTo(SourceDefinition.DEFAULT_INTERVAL);
        });
        assertThat(s.get("https://semidaily.example.com/feed.xml").tags()).isEmpty();
        assertThat(s.get("https://semidaily.example.com/feed.xml").id()).isEqualTo("semiconductor-daily");
        SourceDefinition bis = s.get("https://www.bis.example.gov/rss/press.xml");
        assertThat(bis.id()).isEqualTo("bis-press-releases");
        assertThat(bis.tags()).containsExactly("policy", "us-government", "official", "us");
        assertThat(bis.language()).isEqualTo("en");
        assertThat(s.get("https://federalregister.example.gov/bis.rss").id()).isEqualTo("federal-register-bis");
        assertThat(s.get("https://chipwire.example.com/feed").tags()).containsExactly("policy", "china-watch");
        assertThat(s.get("https://chipwire.example.com/feed").language()).isEqualTo("zh-CN");
        assertThat(s.get("https://hbm.example.org/atom.xml").language()).as("'unknown' is no language, and costs nothing").isNull();
        assertThat(r.skipped()).singleElement().satisfies(k -> {
            assertThat(k.url()).isEqualTo("HTTPS://ChipWire.example.com/feed/");
            assertThat(k.reason()).isEqualTo("duplicate URL");
        });
    }

    @Test
    void shouldImportOutlinesWithMissingAttributesAndReportTheUnusableOnes() throws Exception {
        Opml.Import r = Opml.read(fixture("missing-attributes.opml"), List.of(), Duration.ofHours(2), List.of("Imported"));
        assertThat(r.sources()).extracting(SourceDefinition::id, SourceDefinition::url).containsExactly(
                org.assertj.core.groups.Tuple.tuple("lithonews-example-net-rss-all-xml", "http://www.lithonews.example.net/rss/all.xml"),
                org.assertj.core.groups.Tuple.tuple("memory-example-com-feeds-dram", "https://memory.example.com/feeds/dram"));
        assertThat(r.sources()).allSatisfy(d -> {
            assertThat(d.interval()).isEqualTo(Duration.ofHours(2));
            assertThat(d.tags()).containsExactly("imported");
        });
        assertThat(r.skipped()).extracting(Opml.Skipped::title).containsExactly("Broken", "Also broken");
        assertThat(r.skipped().get(0).reason()).contains("must be an absolute http or https URL");
    }

    @Test
    void shouldDecodeHtmlEntitiesThatStrictXmlRefuses() throws Exception {
        Opml.Import r = Opml.read(fixture("html-entities.opml"), List.of(), null, List.of());
        Map<String, SourceDefinition> s = byUrl(r);
        SourceDefinition usine = s.get("https://usine.example.fr/rss?cat=puces&lang=fr");
        assertThat(usine).as("&amp; in xmlUrl decoded once").isNotNull();
        assertThat(usine.id()).isEqualTo("l-usine-nouvelle-puces");
        assertThat(usine.tags()).containsExactly("resumes-analyses");
        assertThat(s.get("https://double.example.com/feed?a=1&b=2").id()).isEqualTo("double-amp-escaped");
    }

    @Test
    void shouldRefuseADoctypeWithEntitiesInsteadOfExpandingThem() {
        assertThatThrownBy(() -> Opml.read(fixture("hostile-doctype.opml"), List.of(), null, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOCTYPE is refused");
    }

    @Test
    void shouldRefuseFilesThatAreNotOpml() {
        assertThatThrownBy(() -> Opml.read(fixture("not-opml.xml"), List.of(), null, List.of()))
                .hasMessage("not an OPML file: the root element is <rss>, expected <opml>");
        assertThatThrownBy(() -> Opml.read(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2}, List.of(), null, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not an OPML file");
    }

    @Test
    void shouldSkipUrlsAlreadyKnownAndKeepIdsUnique() throws Exception {
        List<SourceDefinition> known = List.of(SourceDefinition.feed("chip-wire", "https://other.example.com/chips"),
                SourceDefinition.feed("semi", "https://semidaily.example.com/feed.xml/"));
        Opml.Import r = Opml.read(fixture("nested-folders.opml"), known, null, List.of());
        assertThat(byUrl(r)).doesNotContainKey("https://semidaily.example.com/feed.xml");
        assertThat(byUrl(r).get("https://chipwire.example.com/feed").id()).isEqualTo("chip-wire-2");
        assertThat(r.skipped()).extracting(Opml.Skipped::url).contains("https://semidaily.example.com/feed.xml");
    }

    @Test
    void shouldExportValidOpml2ThatImportsBackToTheSameSources() throws Exception {
        List<SourceDefinition> sources = List.of(
                new SourceDefinition("gov.bis_press", SourceKind.FEED, "https://bis.example.gov/rss?a=1&b=2", null, Duration.ofHours(2), "en",
                        List.of("official", "us", "bis"), true, null, false),
                new SourceDefinition("chipwire", SourceKind.FEED, "https://chipwire.example.com/feed", null, null, "zh", List.of(), false, null, true),
                new SourceDefinition("listing", SourceKind.PAGE, "https://x.example/news", null, null, null, List.of(), false, "a.story", true));
        String xml = Opml.write(sources, ZonedDateTime.of(2026, 5, 4, 9, 0, 0, 0, ZoneOffset.UTC));
        // Well-formed XML a strict parser accepts, OPML 2.0, pages left out
        javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        org.w3c.dom.Document strict = f.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertThat(strict.getDocumentElement().getAttribute("version")).isEqualTo("2.0");
        assertThat(strict.getElementsByTagName("dateCreated").item(0).getTextContent()).isEqualTo("Mon, 4 May 2026 09:00:00 GMT");
        assertThat(Jsoup.parse(xml, "", Parser.xmlParser()).select("outline[xmlUrl]")).hasSize(2);
        assertThat(Jsoup.parse(xml, "", Parser.xmlParser()).select("body > outline[text=official] > outline").attr("xmlUrl"))
                .isEqualTo("https://bis.example.gov/rss?a=1&b=2");

        Opml.Import back = Opml.read(xml.getBytes(StandardCharsets.UTF_8), List.of(), null, List.of());
        assertThat(back.sources()).containsExactlyInAnyOrderElementsOf(sources.subList(0, 2));
        assertThat(back.skipped()).isEmpty();
    }
}
