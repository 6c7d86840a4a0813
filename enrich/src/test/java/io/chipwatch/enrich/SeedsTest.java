package io.chipwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.enrich.internal.Gazetteer;
import io.chipwatch.model.DetectedEvent;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project's real seeds: the gazetteer loads (problems are printed), and every sample article
 * under {@code seeds/articles} enriches without error; the events found are printed to stderr.
 */
class SeedsTest {

    @Test
    void shouldLoadTheProjectGazetteerAndReportItsProblems() {
        Gazetteer g = Gazetteer.load(Fixtures.seedsDir().resolve(Enricher.ENTITIES_FILE));
        g.problems().forEach(p -> System.err.println("gazetteer problem: " + p));
        assertThat(g.size()).isGreaterThan(100);
        assertThat(g.get("huawei")).isNotNull();
    }

    @Test
    void shouldEnrichEverySampleArticleWithTheProjectSeeds() throws Exception {
        Enricher enricher = Enricher.fromSeeds(Fixtures.seedsDir()).withClock(Fixtures.CLOCK);
        Path dir = Fixtures.seedsDir().resolve("articles");
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            RawArticle raw = read(f);
            if (raw == null) {
                continue;
            }
            EnrichedArticle a = enricher.enrich(raw);
            StringBuilder sb = new StringBuilder("\n## " + dir.relativize(f) + " [" + a.language() + "]\n   entities: ");
            a.entities().stream().limit(12).forEach(e -> sb.append(e.id()).append(' '));
            for (DetectedEvent e : a.events()) {
                sb.append("\n   ").append(e.type()).append(' ').append(e.direction()).append(' ').append(e.confidence())
                        .append(" '").append(e.trigger()).append("': ").append(e.evidence());
            }
            System.err.println(sb);
            assertThat(a.id()).isEqualTo(raw.id());
        }
    }

    /** Crude readers for the sample formats (the app owns real file reading). */
    static RawArticle read(Path f) throws Exception {
        String name = f.getFileName().toString();
        String s = Files.readString(f, StandardCharsets.UTF_8);
        String title;
        String text;
        if (name.endsWith(".json")) {
            JsonNode n = Json.MAPPER.readTree(s);
            title = n.path("title").asText("");
            text = n.path("text").asText("");
        } else if (name.endsWith(".html")) {
            var m = java.util.regex.Pattern.compile("<title>(.*?)</title>", java.util.regex.Pattern.DOTALL).matcher(s);
            title = m.find() ? m.group(1) : "";
            String body = s.replaceAll("(?s)<head>.*?</head>", "").replaceAll("(?s)<script.*?</script>", "")
                    .replaceAll("</p>", "\n\n").replaceAll("<[^>]+>", " ");
            text = body.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'");
        } else if (name.endsWith(".txt")) {
            String[] parts = s.split("\n\n", 2);
            title = parts[0].lines().findFirst().orElse("");
            text = parts.length > 1 ? parts[1] : "";
        } else {
            return null;
        }
        return Fixtures.article(name, title, text);
    }
}
