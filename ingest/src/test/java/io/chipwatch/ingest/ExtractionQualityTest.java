package io.chipwatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.model.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Extraction quality on hand-made pages that mimic common site structures (WordPress, div soup, AMP,
 * JSON-LD with and without articleBody, comments, government table layout, GBK, ISO-8859-1, UTF-8
 * Chinese, and the layouts of {@link ExtractionRegressionTest}). Each page has a ground-truth .txt; the test reports body-text F1 per page and fails below
 * the bar.
 */
class ExtractionQualityTest {
    private static final double MEAN_BAR = 0.95;
    private static final double PAGE_BAR = 0.85;
    private final ArticleExtractor extractor = new ArticleExtractor();

    @Test
    void shouldExtractBodyTextWithMeanF1AboveBar() throws IOException {
        JsonNode expected = Json.MAPPER.readTree(resource("expected.json"));
        List<Double> scores = new ArrayList<>();
        StringBuilder report = new StringBuilder("extraction F1 (token 3-shingles):\n");
        for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            ExtractedArticle a = extractor.extract(resource(name + ".html"), "https://fixture.example/" + name);
            String truth = new String(resource(name + ".txt"), StandardCharsets.UTF_8);
            double f1 = TextF1.f1(a.text(), truth);
            scores.add(f1);
            report.append(String.format(Locale.ROOT, "  %-10s %.3f%n", name, f1));
            assertThat(f1).as("F1 of %s; extracted:%n%s", name, a.text()).isGreaterThanOrEqualTo(PAGE_BAR);
        }
        double mean = scores.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        report.append(String.format(Locale.ROOT, "  mean       %.3f over %d pages", mean, scores.size()));
        System.err.println(report);
        assertThat(mean).isGreaterThanOrEqualTo(MEAN_BAR);
    }

    @Test
    void shouldExtractTitleAuthorAndLanguageOfEveryFixture() throws IOException {
        JsonNode expected = Json.MAPPER.readTree(resource("expected.json"));
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ExtractedArticle a = extractor.extract(resource(e.getKey() + ".html"), "https://fixture.example/" + e.getKey());
            assertThat(a.title()).as("title of %s", e.getKey()).isEqualTo(e.getValue().get("title").asText());
            assertThat(a.language()).as("language of %s", e.getKey()).isEqualTo(e.getValue().get("lang").asText());
            if (!e.getValue().get("author").isNull()) {
                assertThat(a.author()).as("author of %s", e.getKey()).isEqualTo(e.getValue().get("author").asText());
            }
            assertThat(a.publishedAt()).as("publishedAt of %s", e.getKey()).isNotNull();
        }
    }

    @Test
    void shouldScoreIdenticalTextsOneAndDisjointTextsZero() {
        assertThat(TextF1.f1("the quick brown fox jumps", "The quick brown fox jumps")).isEqualTo(1.0);
        assertThat(TextF1.f1("alpha beta gamma delta", "one two three four")).isEqualTo(0.0);
        assertThat(TextF1.tokens("国产芯片 GPU")).containsExactly("国", "产", "芯", "片", "gpu");
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = ExtractionQualityTest.class.getResourceAsStream("/extraction/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource /extraction/" + name);
            }
            return in.readAllBytes();
        }
    }
}
