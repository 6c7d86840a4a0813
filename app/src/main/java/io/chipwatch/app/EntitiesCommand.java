package io.chipwatch.app;

import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.json.Json;
import io.chipwatch.model.json.JsonSerde;
import io.chipwatch.model.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chipwatch entities emerging}: organisations the gazetteer does not know, seen across sources. */
@Command(name = "entities", mixinStandardHelpOptions = true,
        description = "Entities found in the stored enriched articles.",
        subcommands = {EntitiesCommand.Emerging.class})
final class EntitiesCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    @Command(name = "emerging", mixinStandardHelpOptions = true,
            description = {"Organisations the gazetteer does not know (known: false) seen in several sources on articles.enriched:",
                    "mentions, articles, sources, first and last seen, and an example sentence, most sources first.",
                    "--yaml prints an entities.yaml stub to complete and paste into seeds/entities.yaml."})
    static final class Emerging implements Callable<Integer> {
        private static final Logger log = LoggerFactory.getLogger(Emerging.class);

        @Mixin
        KafkaOptions kafka;

        @Option(names = "--since", paramLabel = "DATE", converter = InstantConverter.class,
                description = "Only articles published at or after DATE (2026-04-01, 7d, 24h; default: all retained).")
        Instant since;

        @Option(names = "--min-sources", paramLabel = "N", defaultValue = "2",
                description = "Only organisations seen in at least N distinct sources (default ${DEFAULT-VALUE}).")
        int minSources;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                description = "Print at most N organisations (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "One JSON object per organisation and line.")
        boolean json;

        @Option(names = "--yaml", description = "An entities.yaml stub instead of the table.")
        boolean yaml;

        @Option(names = "--topic", paramLabel = "TOPIC", defaultValue = "articles.enriched",
                description = "Topic of enriched articles to read (default ${DEFAULT-VALUE}; replay.articles.enriched after a reprocess).")
        String topic;

        @Override
        public Integer call() {
            if (minSources < 1 || limit < 1) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "--min-sources and --limit must be at least 1");
            }
            EmergingEntities emerging = new EmergingEntities(since);
            JsonSerde<EnrichedArticle> serde = new JsonSerde<>(EnrichedArticle.class);
            int[] read = {0, 0};
            try (KafkaEnvironment env = KafkaEnvironment.open(kafka, 0, "entities emerging");
                 TopicReader<byte[]> reader = new TopicReader<>(env.bootstrapServers(), topic, (t, b) -> b)) {
                Map<org.apache.kafka.common.TopicPartition, Long> from = since == null ? Map.of() : reader.offsetsAtOrAfter(since);
                reader.forEachRecord(from, Duration.ofMinutes(10), (key, value) -> {
                    if (value == null) {
                        return;
                    }
                    try {
                        emerging.add(serde.deserialize(topic, value));
                        read[0]++;
                    } catch (SerializationException e) {
                        read[1]++; // not an enriched article: counted and reported, the rest still counts
                    }
                });
            }
            List<EmergingEntities.Row> rows = emerging.rows(minSources);
            List<EmergingEntities.Row> shown = rows.subList(0, Math.min(limit, rows.size()));
            if (json) {
                shown.forEach(r -> System.out.println(Json.toJson(r)));
            } else if (yaml) {
                System.out.print(EmergingEntities.yaml(shown));
            } else {
                System.out.print(EmergingEntities.table(shown));
            }
            log.info("read {} enriched articles from {} ({} unreadable records skipped); {} unknown organisations in {}+ sources, {} shown",
                    read[0], topic, read[1], rows.size(), minSources, shown.size());
            return 0;
        }
    }
}
