package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.broker.TestKafka;
import io.chipwatch.broker.TopicProvisioner;
import io.chipwatch.enrich.Enricher;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.json.Json;
import io.chipwatch.model.topic.Topic;
import io.chipwatch.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code chipwatch entities emerging} against a real broker: enriched articles (the enricher's own output) on a
 * topic, three sources reporting the same unknown company and one source another, plus a record that is not an
 * article; the command reads the topic and prints the first (and, with --min-sources 1, the other) with counts,
 * as JSON lines and as an entities.yaml stub, and --since filters by article time.
 */
@Tag("integration")
@Timeout(120)
class EntitiesEmergingIT {
    private static final Enricher ENRICHER = Enricher.fromSeeds(Path.of("..", "seeds"));
    private static final Instant T0 = Instant.parse("2026-06-24T10:00:00Z");

    private static EnrichedArticle article(String id, String source, String title, String text) {
        return ENRICHER.enrich(new RawArticle(id, source, "https://" + source + ".example.com/" + id, title, text, null, "en",
                T0, T0.plusSeconds(60), List.of(), null));
    }

    @Test
    void shouldListUnknownOrganisationsSeenInSeveralSources() throws Exception {
        String bootstrap = TestKafka.bootstrapServers();
        Topic<?, ?> topic = Topics.ARTICLES_ENRICHED.renamed("it-emerging-" + UUID.randomUUID().toString().substring(0, 8), "it");
        TopicProvisioner.ensure(bootstrap, List.of(topic), 0);
        List<EnrichedArticle> articles = List.of(
                article("a", "wire", "US adds Halvard Micro Trading Ltd to Entity List", "WASHINGTON - The Commerce Department "
                        + "added Halvard Micro Trading Ltd, a Hong Kong distributor, to the Entity List on Tuesday. The bureau "
                        + "said Halvard Micro Trading Ltd shipped servers to a restricted end user."),
                article("b", "trade-press", "Hong Kong distributor blacklisted", "Halvard Micro Trading Ltd, which resells "
                        + "accelerator boards, was placed on the list this week. Halvard Micro did not answer calls."),
                article("c", "blog", "What the listing says about diversion", "Analysts said the case of Halvard Micro "
                        + "Trading Ltd follows a pattern seen in earlier listings."),
                article("d", "wire", "Lens order", "Grenmoor Optics GmbH said it won an order for lithography lenses."));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (EnrichedArticle a : articles) {
                producer.send(new ProducerRecord<>(topic.name(), null, T0.toEpochMilli(), a.id().getBytes(StandardCharsets.UTF_8),
                        Json.toJson(a).getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            }
            producer.send(new ProducerRecord<>(topic.name(), null, T0.toEpochMilli(), "junk".getBytes(StandardCharsets.UTF_8),
                    "{not an article".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }
        String[] common = {"--bootstrap-servers", bootstrap, "--topic", topic.name()};

        CliRunner.Result json = CliRunner.run(concat(new String[] {"entities", "emerging", "--json"}, common));
        assertThat(json.code()).isZero();
        assertThat(json.lines()).hasSize(1);
        JsonNode row = Json.MAPPER.readTree(json.lines().get(0));
        assertThat(row.get("id").asText()).isEqualTo("org:halvard-micro-trading");
        assertThat(row.get("sources").asInt()).isEqualTo(3);
        assertThat(row.get("articles").asInt()).isEqualTo(3);
        assertThat(row.get("mentions").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(row.get("example").get("sentence").asText()).contains("Halvard Micro Trading Ltd");

        CliRunner.Result all = CliRunner.run(concat(new String[] {"entities", "emerging", "--min-sources", "1", "--yaml"}, common));
        assertThat(all.code()).isZero();
        assertThat(all.out()).contains("  - id: halvard-micro-trading", "  - id: grenmoor-optics", "type: COMPANY");

        CliRunner.Result later = CliRunner.run(concat(new String[] {"entities", "emerging", "--json", "--since", "2026-07-01"}, common));
        assertThat(later.code()).isZero();
        assertThat(later.lines()).isEmpty();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
