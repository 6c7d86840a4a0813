package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.enrich.Enricher;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.json.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Counting unknown organisations across sources, and the three output formats of {@code entities emerging}. */
class EmergingEntitiesTest {
    private static final Enricher ENRICHER = Enricher.fromSeeds(Path.of("..", "seeds"));
    private static final Instant T0 = Instant.parse("2026-06-24T10:00:00Z");

    private static EnrichedArticle article(String id, String source, String text, Instant published) {
        return ENRICHER.enrich(new RawArticle(id, source, "https://example.test/" + id, "BIS adds firms to Entity List", text,
                null, "en", published, published.plusSeconds(60), List.of(), null));
    }

    @Test
    void shouldCountMentionsArticlesAndSourcesOfUnknownOrganisationsSeenInSeveralSources() throws Exception {
        EmergingEntities e = new EmergingEntities(T0.minusSeconds(3600));
        e.add(article("a1", "wire", "The additions include Kowloon Silverline Logistics Ltd and Penang Arcwell Systems Sdn Bhd. "
                + "Kowloon Silverline could not be reached.", T0));
        e.add(article("a2", "trade-press", "BIS listed Kowloon Silverline Logistics Ltd on Tuesday.", T0.plusSeconds(7200)));
        e.add(article("a2", "trade-press", "BIS listed Kowloon Silverline Logistics Ltd on Tuesday.", T0.plusSeconds(7200)));
        e.add(article("a3", "blog", "Kowloon Silverline Logistics Ltd denied wrongdoing.", T0.plusSeconds(9000)));
        e.add(article("old", "archive", "Kowloon Silverline Logistics Ltd was founded.", T0.minusSeconds(86_400)));

        List<EmergingEntities.Row> rows = e.rows(2);
        assertThat(rows).extracting(EmergingEntities.Row::id).containsExactly("org:kowloon-silverline-logistics");
        EmergingEntities.Row r = rows.get(0);
        assertThat(r.name()).isEqualTo("Kowloon Silverline Logistics Ltd");
        assertThat(r.sources()).isEqualTo(3);
        assertThat(r.articles()).isEqualTo(3);
        assertThat(r.mentions()).isEqualTo(4);
        assertThat(r.firstSeen()).isEqualTo(T0);
        assertThat(r.lastSeen()).isEqualTo(T0.plusSeconds(9000));
        assertThat(r.names()).contains("Kowloon Silverline Logistics Ltd", "Kowloon Silverline");
        assertThat(r.example().sentence()).isEqualTo("The additions include Kowloon Silverline Logistics Ltd and Penang Arcwell "
                + "Systems Sdn Bhd.");
        assertThat(e.rows(1)).extracting(EmergingEntities.Row::id).contains("org:penang-arcwell-systems");

        assertThat(Json.MAPPER.readTree(Json.toJson(r)).get("sources").asInt()).isEqualTo(3);
        assertThat(EmergingEntities.table(rows)).contains("Kowloon Silverline Logistics Ltd", "org:kowloon-silverline-logistics",
                "2026-06-24", "\"The additions include");
        String yaml = EmergingEntities.yaml(rows);
        var stub = Json.YAML.readTree(yaml.replace("  - id:", "- id:").replace("\n    ", "\n  "));
        assertThat(stub.get(0).get("id").asText()).isEqualTo("kowloon-silverline-logistics");
        assertThat(stub.get(0).get("name").asText()).isEqualTo("Kowloon Silverline Logistics Ltd");
        assertThat(stub.get(0).get("type").asText()).isEqualTo("COMPANY");
        assertThat(stub.get(0).get("aliases").get(0).asText()).isEqualTo("Kowloon Silverline");
    }
}
