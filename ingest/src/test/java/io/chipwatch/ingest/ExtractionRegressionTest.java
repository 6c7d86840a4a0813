package io.chipwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One test per extraction bug found on the public article-extraction benchmark (issue 12), each on a
 * page of its own under {@code src/test/resources/extraction} that reproduces the layout: recall lost
 * to cleaning rules that trusted class names and tags over the text, and empty or junk output that
 * passed silently. Each test fails on the extractor before the fix.
 */
class ExtractionRegressionTest {
    private static final double BAR = 0.95;
    private final ArticleExtractor extractor = new ArticleExtractor();

    private ExtractedArticle extract(String name) throws IOException {
        return extractor.extract(ExtractionQualityTest.resource(name + ".html"), "https://fixture.example/" + name);
    }

    private static String truth(String name) throws IOException {
        return new String(ExtractionQualityTest.resource(name + ".txt"), StandardCharsets.UTF_8);
    }

    private void assertBody(String name, String... boilerplate) throws IOException {
        String text = extract(name).text();
        assertThat(TextF1.f1(text, truth(name))).as("F1 of %s; extracted:%n%s", name, text).isGreaterThanOrEqualTo(BAR);
        assertThat(text).as(name).doesNotContain(boilerplate);
    }

    @Test
    void shouldKeepAPageWrappedInOneForm() throws IOException {
        // ASP.NET pages wrap the whole body in <form id="aspnetForm">; removing every <form> emptied them
        assertBody("form-wrapper", "Most read", "Container rates", "Wilhelminakade", "Search");
    }

    @Test
    void shouldKeepTheElementorPostContentWidgetAndDropTheSidebarWidgets() throws IOException {
        // every Elementor block is an "elementor-widget"; the class word removed the post body with the sidebar
        assertBody("elementor", "Sign up to get every post", "Recent posts", "Previous post", "Compute Notes, 2026");
    }

    @Test
    void shouldKeepABodyInsideAReadMoreContainer() throws IOException {
        assertBody("readmore", "More stories", "Wafer prices", "Fab Weekly is published");
    }

    @Test
    void shouldKeepTheBodyPartInsideAPaywallContainer() throws IOException {
        // the paywalled part is under half the body, so only its density keeps it
        assertBody("paywall", "Subscribe to keep reading", "daily briefing");
        assertThat(extract("paywall").text()).contains("Export officials are watching the market closely");
    }

    @Test
    void shouldJoinBodyPartsSplitOverSiblingContainers() throws IOException {
        // two grid rows, each a body part beside an ad column: only the larger part was kept
        assertBody("split-body", "Advertisement", "Memory makers expand", "Jobs", "Memory makers race");
        assertThat(extract("split-body").text()).contains("reviewers were polite").contains("lack the engineers to do the porting");
    }

    @Test
    void shouldKeepAListStyleBodyOfShortLines() throws IOException {
        // every line is short and ends without a full stop; trimming short lines at the ends emptied it
        assertThat(extract("list-body").text()).isEqualTo(truth("list-body").strip());
    }

    @Test
    void shouldPreferBareTextInAColumnToTheFooter() throws IOException {
        // the story is a bare text node beside link lists in its column; the address line in the footer won
        ExtractedArticle a = extract("column-text");
        assertThat(a.text()).contains("A prefeitura concluiu nesta quinta-feira")
                .doesNotContain("CNPJ", "Inscrições abertas", "Abril (12)", "Facebook");
        assertThat(TextF1.f1(a.text(), truth("column-text"))).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void shouldDropRelatedPostsNestedInAnUnclosedArticle() throws IOException {
        // the article is never closed, so the related posts are parsed as <article>s inside it
        assertBody("nested-articles", "You may also like", "Advanced packaging", "Electric cars", "twenty billion");
    }

    @Test
    void shouldReadHtmlInAJsonLdArticleBodyAsPlainText() throws IOException {
        assertBody("jsonld-markup", "<p>", "</p>", "<strong>");
        assertThat(extract("jsonld-markup").text()).contains("Memory makers have used the deposits");
    }

    @Test
    void shouldFindNoTextOnAPageWithoutAnArticleRatherThanItsNavigation() throws IOException {
        assertThat(extract("no-article").text()).isEmpty();
    }

    @Test
    void shouldRefuseRandomBytesAsNotText() {
        byte[] junk = new byte[1 << 20];
        new Random(7).nextBytes(junk);
        assertThatThrownBy(() -> extractor.extract(junk, "https://fixture.example/junk"))
                .isInstanceOf(NotTextException.class)
                .hasMessageStartingWith("not text: ")
                .hasMessageContaining("control bytes");
    }
}
