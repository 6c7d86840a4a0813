package io.chipwatch.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.chipwatch.ingest.internal.FeedRepair.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of breakage the reader repairs, one small feed each (written for these tests, under
 * {@code feeds/broken/}): the good items come out, the feed is marked recovered with the reason,
 * and nothing is read from outside the document.
 */
class FeedRecoveryTest {
    private static final String FEED_URL = "https://broken.example/feed.xml";

    static ParsedFeedAssert parse(String file) throws Exception {
        return new ParsedFeedAssert(FeedReader.parse(FeedReaderTest.feed("broken/" + file), "application/rss+xml", FEED_URL));
    }

    record ParsedFeedAssert(FeedReader.ParsedFeed feed) {
        List<String> titles() {
            return feed.items().stream().map(i -> PlainText.line(i.title())).toList();
        }

        List<Kind> kinds() {
            return feed.repairs().stream().map(FeedRepair::kind).distinct().toList();
        }
    }

    static Stream<Arguments> breakages() {
        return Stream.of(
                arguments("bare-ampersand.xml", List.of("AT&T & SMIC sign a supply deal", "Second item"), Kind.ENTITIES, "bare & escaped"),
                arguments("html-entities.xml", List.of("Café chips — “quoted”… © 2026 &bogus;"), Kind.ENTITIES, "&eacute;"),
                arguments("netscape-doctype.xml", List.of("Export rules révisées"), Kind.DOCTYPE, "DOCTYPE dropped unread"),
                arguments("truncated.xml", List.of("First complete item", "Second complete item", "Third complete item"), Kind.LENIENT_XML,
                        "3 complete items kept, 1 incomplete dropped"),
                // the unclosed item swallows the complete items after it; they are kept, only it is dropped
                arguments("unclosed-item-midway.xml", List.of("Item before the broken one", "Item after the broken one", "Last item"),
                        Kind.LENIENT_XML, "3 complete items kept, 1 incomplete dropped"),
                arguments("trailing-junk.xml", List.of("Only item"), Kind.TRAILING_JUNK, "after </rss> dropped"),
                arguments("control-chars.xml", List.of("Ascend 950 orders rise"), Kind.CONTROL_CHARS, "characters XML forbids removed"),
                arguments("unbound-prefixes.xml", List.of("HBM shortage deepens"), Kind.NAMESPACES, "atom, dc, media, itunes, content"),
                arguments("leading-junk.xml", List.of("Item after the notice"), Kind.LEADING_JUNK, "before the document dropped"),
                arguments("mismatched-tags.xml", List.of("Nvidia receives limited licence", "Cambricon triples output"), Kind.LENIENT_XML,
                        "line 4, column"),
                arguments("rss-without-channel.xml", List.of(), Kind.STRUCTURE, "no <channel>: an empty feed"),
                arguments("rome-crash.xml", List.of("Entry ROME cannot map"), Kind.MAPPER, "hrefAtt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    void shouldKeepTheGoodItemsAndSayWhatWasRepaired(String file, List<String> titles, Kind kind, String detail) throws Exception {
        ParsedFeedAssert p = parse(file);
        assertThat(p.titles()).containsExactlyElementsOf(titles);
        assertThat(p.feed().recovered()).isTrue();
        assertThat(p.kinds()).contains(kind);
        assertThat(p.feed().repairs()).anySatisfy(r -> assertThat(r.detail()).contains(detail));
    }

    /** Thousands of unclosed items, each holding the rest: every complete item after them is still read, once. */
    @Test
    void shouldKeepTheCompleteItemsAfterThousandsOfNestedUnclosedOnes() throws Exception {
        int n = 3_000;
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>");
        for (int i = 0; i < n; i++) {
            xml.append("<item><title>unclosed ").append(i).append("</title><description>cut");
        }
        for (int i = 0; i < n; i++) {
            xml.append("<item><title>complete ").append(i).append("</title><link>https://broken.example/").append(i)
                    .append("</link></item>");
        }
        xml.append("</channel></rss>");
        FeedReader.ParsedFeed f = FeedReader.parse(xml.toString().getBytes(StandardCharsets.UTF_8), "application/rss+xml", FEED_URL);
        assertThat(f.items()).hasSize(n);
        assertThat(PlainText.line(f.items().get(0).title())).isEqualTo("complete 0");
        assertThat(PlainText.line(f.items().get(n - 1).title())).isEqualTo("complete " + (n - 1));
        assertThat(f.repairs()).anySatisfy(r -> assertThat(r.detail()).contains(n + " complete items kept, " + n + " incomplete dropped"));
    }

    @Test
    void shouldReadCleanFeedsStrictlyWithoutRepairs() throws Exception {
        for (String file : new String[] {"rss091.xml", "rss092.xml", "rss10.rdf", "rss20.xml", "atom03.xml", "atom10.xml", "feed.json"}) {
            FeedReader.ParsedFeed f = FeedReader.parse(FeedReaderTest.feed(file), null, "https://news.example/");
            assertThat(f.repairs()).as(file).isEmpty();
            assertThat(f.warnings()).as(file).isEmpty();
        }
    }

    @Test
    void shouldEscapeBareAmpersandsInLinksWithoutBreakingThem() throws Exception {
        FeedItem first = parse("bare-ampersand.xml").feed().items().get(0);
        assertThat(first.link()).isEqualTo("https://broken.example/a?id=1&src=rss");
        assertThat(first.publishedAt()).isEqualTo(Instant.parse("2026-04-20T10:00:00Z"));
        assertThat(PlainText.text(first.html())).isEqualTo("Q&A with the R&D team.");
    }

    @Test
    void shouldNotTurnALegacyEntityNameInsideAUrlIntoACharacter() throws Exception {
        assertThat(parse("html-entities.xml").feed().items().get(0).link()).isEqualTo("https://broken.example/e1?a=1&copy=2");
    }

    @Test
    void shouldBindUnboundPrefixesSoTheirContentIsRead() throws Exception {
        FeedItem item = parse("unbound-prefixes.xml").feed().items().get(0);
        assertThat(item.author()).isEqualTo("Mei Lin");
        assertThat(PlainText.text(item.html())).isEqualTo("Memory makers ration supply.");
    }

    @Test
    void shouldReadXxeFeedWithoutReadingTheEntity() throws Exception {
        FeedReader.ParsedFeed f = FeedReader.parse(FeedReaderTest.feed("xxe.xml"), null, null);
        assertThat(f.repairs()).extracting(FeedRepair::kind).contains(Kind.DOCTYPE);
        assertThat(f.items()).singleElement().satisfies(i -> {
            assertThat(i.title()).isEqualTo("&secret;");
            assertThat(i.html()).doesNotContain("root:");
        });
    }

    @Test
    void shouldReadBillionLaughsFeedWithoutExpandingAnything() throws Exception {
        FeedReader.ParsedFeed f = FeedReader.parse(FeedReaderTest.feed("billion-laughs.xml"), null, null);
        assertThat(f.repairs()).extracting(FeedRepair::kind).contains(Kind.DOCTYPE);
        assertThat(f.title()).hasSizeLessThan(100).doesNotContain("lollol");
    }

    @Test
    void shouldRefuseXmlThatIsNotAFeed() {
        assertThatThrownBy(() -> FeedReader.parse("<note><to>Tove</to></note>".getBytes(StandardCharsets.UTF_8), "text/xml", null))
                .isInstanceOf(MalformedFeedException.class).hasMessageContaining("root element is <note>");
        assertThatThrownBy(() -> FeedReader.parse("   ".getBytes(StandardCharsets.UTF_8), "text/xml", null))
                .isInstanceOf(MalformedFeedException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> FeedReader.parse("just words, no markup".getBytes(StandardCharsets.UTF_8), "text/xml", null))
                .isInstanceOf(MalformedFeedException.class).hasMessageContaining("not a feed");
    }

    @Test
    void shouldResolveLinksAgainstXmlBase() throws Exception {
        FeedReader.ParsedFeed f = FeedReader.parse(FeedReaderTest.feed("broken/xml-base.xml"), null, FEED_URL);
        assertThat(f.repairs()).isEmpty();
        assertThat(f.items()).extracting(FeedItem::link).containsExactly("https://base.example/news/2026/04/one.html",
                "https://other.example/archive/two.html", "https://base.example/three.html");
        assertThat(f.link()).isEqualTo("https://base.example/");
    }

    @Test
    void shouldResolveRelativeLinksAgainstTheFeedUrl() throws Exception {
        FeedReader.ParsedFeed f = FeedReader.parse(FeedReaderTest.feed("broken/relative-links.xml"), null, "https://feeds.example/a/atom.xml");
        assertThat(f.items()).extracting(FeedItem::link).containsExactly("https://feeds.example/a/posts/one", "https://feeds.example/deep/dir/two");
    }

    @Test
    void shouldGiveImpossibleDatesNoDateAndAWarningNeverARolledOverOne() throws Exception {
        FeedReader.ParsedFeed f = FeedReader.parse(FeedReaderTest.feed("broken/impossible-dates.xml"), null, FEED_URL);
        assertThat(f.items()).extracting(FeedItem::publishedAt).containsExactly(null, null, Instant.parse("2026-04-20T14:00:00Z"),
                Instant.parse("2026-04-20T08:00:00Z"), Instant.parse("2026-04-20T02:00:00Z"), Instant.parse("2026-04-20T15:00:00.250Z"));
        assertThat(f.warnings()).hasSize(2);
        assertThat(f.warnings().get(0)).contains("item 1 'Impossible date'").contains("'32 Jan 2024 25:61'");
        assertThat(f.warnings().get(1)).contains("item 2").contains("30 Feb 2024");
        assertThat(f.recovered()).as("a bad date loses a value, not the feed: a warning, not a repair").isFalse();
    }

    @Test
    void shouldReadJsonFeedOneWithEitherVersionSpelling() throws Exception {
        FeedReader.ParsedFeed v1 = FeedReader.parse(FeedReaderTest.feed("broken/json-feed-10.json"), "application/json", "https://json.example/feed.json");
        assertThat(v1.items()).singleElement().satisfies(i -> {
            assertThat(i.title()).isEqualTo("Version 1 with author");
            assertThat(i.author()).isEqualTo("Zhang Wei");
            assertThat(i.link()).isEqualTo("https://json.example/posts/1");
            assertThat(i.publishedAt()).isEqualTo(Instant.parse("2026-04-20T02:00:00Z"));
        });
        FeedReader.ParsedFeed bare = FeedReader.parse(FeedReaderTest.feed("broken/json-feed-version-number.json"), null, null);
        assertThat(bare.format()).isEqualTo("json-1.0");
        assertThat(bare.items()).extracting(FeedItem::publishedAt).containsExactly(Instant.parse("2026-04-21T10:00:00Z"), null);
        assertThat(bare.warnings()).singleElement().asString().contains("2026-02-30");
    }

    @Test
    void shouldRefuseJsonOfAnotherKind() {
        assertThatThrownBy(() -> FeedReader.parse("{\"version\": \"2.0\", \"items\": []}".getBytes(StandardCharsets.UTF_8), null, null))
                .isInstanceOf(MalformedFeedException.class).hasMessageContaining("version '2.0'");
        assertThatThrownBy(() -> FeedReader.parse("{\"articles\": []}".getBytes(StandardCharsets.UTF_8), null, null))
                .isInstanceOf(MalformedFeedException.class).hasMessageContaining("no items array");
    }

    @Test
    void shouldReportLineAndColumnOfMalformedJsonFeed() {
        assertThatThrownBy(() -> FeedReader.parse("{\"version\": \"1.1\",\n \"items\": [\n {\"id\": 1,,}]}".getBytes(StandardCharsets.UTF_8), null, null))
                .isInstanceOfSatisfying(MalformedFeedException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("line 3, column");
                });
    }

    /** Hostile shapes that would make a careless repair quadratic or recursive: each must end, with items or a clear error. */
    static Stream<Arguments> pathological() {
        String head = "<rss version=\"2.0\"><channel><title>t</title><link>https://p.example/</link><description>d</description>";
        return Stream.of(
                arguments("half a million unterminated tags", head + "<item><title>" + "<a".repeat(500_000)),
                arguments("an unterminated DOCTYPE full of brackets", "<!DOCTYPE rss [" + "[".repeat(300_000) + head),
                arguments("a hundred thousand unterminated comments after the root", head + "</channel></rss>" + "<!--".repeat(100_000)),
                arguments("100,000 nested elements in an Atom feed of unknown namespace", "<feed xmlns=\"urn:x\"><entry><title>Deep</title><content>"
                        + "<d>".repeat(100_000) + "x" + "</d>".repeat(100_000) + "</content></entry></feed>"),
                arguments("a megabyte of ampersands", head + "<item><title>" + "& ".repeat(500_000) + "</title></item></channel></rss>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pathological")
    @org.junit.jupiter.api.Timeout(60)
    void shouldEndOnPathologicalInputWithItemsOrAClearError(String name, String xml) {
        try {
            FeedReader.ParsedFeed f = FeedReader.parse(xml.getBytes(StandardCharsets.UTF_8), "application/rss+xml", FEED_URL);
            assertThat(f.recovered()).isTrue();
        } catch (MalformedFeedException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Test
    void shouldKeepADoctypeQuotedInsideCdataAsText() throws Exception {
        String xml = "<rss version=\"2.0\"><channel><title>a & b</title><link>https://p.example/</link><description>d</description><item><title>t</title>"
                + "<description><![CDATA[<!DOCTYPE html> is how pages start]]></description></item></channel></rss>";
        FeedItem item = FeedReader.parse(xml.getBytes(StandardCharsets.UTF_8), null, FEED_URL).items().get(0);
        assertThat(item.html()).isEqualTo("<!DOCTYPE html> is how pages start");
    }
}
