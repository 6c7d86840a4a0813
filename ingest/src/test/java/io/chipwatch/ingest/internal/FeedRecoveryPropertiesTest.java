package io.chipwatch.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Broken feeds generated at random from a clean one: every item that is complete in the broken
 * document comes out, with its own title, and none that is not; a broken feed is marked recovered.
 */
class FeedRecoveryPropertiesTest {
    /** Each of these makes the document ill-formed XML. */
    private static final List<String> JUNK_IN_TEXT = List.of("&", " & ", "&nbsp;", "&eacute;", "&bogus;", "&copy", "\u0008", "\u000b",
            "&#x1;", "&#0;", "\u001b", " < ", "]]>");
    private static final List<String> WRAPPERS = List.of("none", "doctype", "leading", "trailing", "undeclared", "all");

    /** A feed of n items whose titles carry a marker word each ("item0marker" ...), with junk inside the titles. */
    record Broken(String xml, int items, List<Integer> itemEnds) {}

    private static Broken build(int n, List<String> junk, String wrapper) {
        boolean undeclared = wrapper.equals("undeclared") || wrapper.equals("all");
        StringBuilder sb = new StringBuilder();
        if (wrapper.equals("leading") || wrapper.equals("all")) {
            sb.append("Warning: feed.php line 3\n");
        }
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        if (wrapper.equals("doctype") || wrapper.equals("all")) {
            sb.append("<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n");
        }
        sb.append("<rss version=\"2.0\"").append(undeclared ? "" : " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"")
                .append("><channel><title>Generated</title><link>https://gen.example/</link><description>d</description>\n");
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sb.append("<item><title>item").append(i).append("marker ").append(junk.get(i % junk.size())).append(" chips</title>")
                    .append("<link>https://gen.example/").append(i).append("</link><dc:creator>Desk</dc:creator>")
                    .append("<description>Body ").append(i).append(junk.get((i + 1) % junk.size())).append("</description></item>\n");
            ends.add(sb.length());
        }
        sb.append("</channel></rss>\n");
        if (wrapper.equals("trailing") || wrapper.equals("all")) {
            sb.append("<br/><b>Notice</b>: generated in 0.1 s\n");
        }
        return new Broken(sb.toString(), n, ends);
    }

    @Property(tries = 300)
    void shouldRecoverEveryItemOfAFeedWithJunkInsideAndAround(@ForAll @IntRange(min = 1, max = 8) int n, @ForAll("junk") List<String> junk,
                                                              @ForAll("wrappers") String wrapper) throws Exception {
        Broken b = build(n, junk, wrapper);
        FeedReader.ParsedFeed f = FeedReader.parse(b.xml().getBytes(StandardCharsets.UTF_8), "application/rss+xml", "https://gen.example/feed");
        assertThat(f.items()).as(b.xml()).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(PlainText.line(f.items().get(i).title())).as(b.xml()).startsWith("item" + i + "marker").endsWith("chips");
            assertThat(f.items().get(i).link()).isEqualTo("https://gen.example/" + i);
        }
        assertThat(f.recovered()).as("every junk string breaks XML: " + junk).isTrue();
    }

    @Property(tries = 300)
    void shouldKeepExactlyTheItemsCompleteBeforeATruncation(@ForAll @IntRange(min = 1, max = 8) int n, @ForAll("junk") List<String> junk,
                                                            @ForAll @IntRange(min = 0, max = 10_000) int cutSeed) throws Exception {
        Broken b = build(n, junk, "none");
        int headerEnd = b.xml().indexOf("<item>");
        int cut = headerEnd + cutSeed % (b.xml().length() - headerEnd);
        String truncated = b.xml().substring(0, cut);
        long complete = b.itemEnds().stream().filter(end -> end - 1 <= cut).count(); // an item is complete once its </item> is in
        FeedReader.ParsedFeed f = FeedReader.parse(truncated.getBytes(StandardCharsets.UTF_8), "application/rss+xml", null);
        assertThat(f.items()).as(truncated).hasSize((int) complete);
        for (int i = 0; i < complete; i++) {
            assertThat(f.items().get(i).title()).startsWith("item" + i + "marker");
        }
    }

    @Provide
    Arbitrary<List<String>> junk() {
        return Arbitraries.of(JUNK_IN_TEXT).list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> wrappers() {
        return Arbitraries.of(WRAPPERS);
    }
}
