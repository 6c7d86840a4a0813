package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.broker.EmbeddedKafka;
import io.chipwatch.broker.TopicProvisioner;
import io.chipwatch.model.topic.Topics;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Streams state lives under the data dir and survives a clean restart: a pipeline stopped cleanly
 * and started again on the same data dir resumes from its local RocksDB stores (restore listener:
 * nothing restored from the changelogs except the watches' in-memory global store), while its first
 * start had nothing local. After a kill -9, exactly-once in Kafka 4.3 wipes and restores instead (see
 * README, Recovery); {@code RecoveryTimeIT} measures that.
 */
@Tag("integration")
@Timeout(600)
class StatefulRestartIT {
    private static final String GLOBAL_STORE = "watches-global";

    @Test
    void shouldResumeFromLocalStateAfterACleanRestart(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("broker"))) {
            String bootstrap = broker.bootstrapServers();
            TopicProvisioner.ensure(bootstrap, Topics.ALL, 0);
            KafkaOptions options = new KafkaOptions();
            options.bootstrapServers = bootstrap;
            options.dataDir = dir.resolve("data");
            options.seeds = SamplesExpectations.SEEDS;
            SyntheticArticles.Generated first = SyntheticArticles.generate(1, 300, 30);
            try (Pipeline pipeline = start(options, bootstrap)) {
                publishAndDrain(bootstrap, first);
                assertThat(pipeline.restoredRecords("chipwatch-enrich")).as("a first start has no changelog to restore").isEmpty();
            }
            try (Pipeline pipeline = start(options, bootstrap)) {
                publishAndDrain(bootstrap, SyntheticArticles.generate(2, 30, 30));
                assertThat(pipeline.restoredRecords("chipwatch-enrich")).as("enrich stores restored after a clean restart").isEmpty();
                assertThat(pipeline.restoredRecords("chipwatch-alerts")).as("alerts stores restored after a clean restart")
                        .containsOnlyKeys(GLOBAL_STORE);
            }
        }
    }

    private static Pipeline start(KafkaOptions options, String bootstrap) {
        Pipeline p = Pipeline.builder(options, bootstrap).services(EnumSet.of(Pipeline.Service.ENRICH, Pipeline.Service.ALERTS))
                .notifyChannels(false).console(new PrintStream(OutputStream.nullOutputStream())).start();
        p.awaitRunning(Duration.ofMinutes(3));
        return p;
    }

    private static void publishAndDrain(String bootstrap, SyntheticArticles.Generated load) throws Exception {
        try (KafkaProducer<String, byte[]> producer = SyntheticArticles.producer(bootstrap)) {
            SyntheticArticles.publish(producer, load.articles());
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new IdleWaiter(admin).await(List.of(new IdleWaiter.Stage("chipwatch-enrich", Topics.ARTICLES_RAW.name()),
                    new IdleWaiter.Stage("chipwatch-alerts", Topics.ARTICLES_ENRICHED.name())), Duration.ofMinutes(4));
        }
    }
}
