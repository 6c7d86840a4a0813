package io.chipwatch.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.ingest.FetchResult;
import io.chipwatch.model.SourceDefinition;
import io.chipwatch.model.RawArticle;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The seven kinds of hostile feed (markup in CDATA, escaped once, escaped twice, Atom html, Atom
 * xhtml, JSON Feed, numeric references with controls) give articles whose title, author and text
 * are plain text: no tag, handler, {@code javascript:} or entity gets through to articles.raw.
 */
class HostileFeedFieldsTest {
    private static final Pattern MARKUP = Pattern.compile("<[A-Za-z!?/]|&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-z]+);|[\\x00-\\x09\\x0B-\\x1F\\x7F-\\x9F\\u202A-\\u202E]");
    private static final Pattern PAYLOAD = Pattern.compile("(?i)alert|javascript|onerror|onload|onclick|onmouseover|steal|cookie");

    static Stream<Arguments> feeds() {
        return Stream.of(
                arguments("rss-cdata-script.xml", "Nvidia wins H200 licence", "Ana Ruiz", "Regulators approved a narrow licence.\n\nIt expires in December."),
                arguments("rss-escaped-iframe.xml", "BIS widens the Entity List", "desk@hostile.example (Policy Desk)", "Eleven companies were added."),
                arguments("rss-double-escaped.xml", "HBM shortage & DRAM rationing", null, "Memory makers ration supply."),
                arguments("atom-html-title.xml", "Ascend 950 demand jumps", "Li Wei", "Orders rose."),
                arguments("atom-xhtml-title.xml", "SMIC expands capacity", null, "A new line opens."),
                arguments("json-feed-markup.json", "Cambricon & Moore Threads list", "Chen Jing", "Both listings priced."),
                arguments("rdf-references-controls.rdf", "Export rule tightened", "Desk", "Thresholds fall."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("feeds")
    void shouldPublishOnlyPlainTextFromHostileFeeds(String file, String title, String author, String text) throws Exception {
        byte[] body = FeedReaderTest.feed("hostile/" + file);
        FetchResult r = new FetchResult(URI.create("https://hostile.example/feed"), URI.create("https://hostile.example/feed"), 200, body,
                file.endsWith(".json") ? "application/feed+json" : "application/xml", null, null);
        SourceReader.Batch batch = new SourceReader(null, null).fromFeed(SourceDefinition.feed("hostile", "https://hostile.example/feed"), r, (s, id) -> true);
        List<RawArticle> articles = batch.candidates().stream().map(SourceReader.Candidate::article).toList();
        assertThat(articles).singleElement().satisfies(a -> {
            assertThat(a.title()).isEqualTo(title);
            assertThat(a.author()).isEqualTo(author);
            assertThat(a.text()).isEqualTo(text);
            for (String field : new String[] {a.title(), a.author() == null ? "" : a.author(), a.text()}) {
                assertThat(field).doesNotContainPattern(MARKUP).doesNotContainPattern(PAYLOAD);
            }
        });
    }
}
