package io.chipwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chipwatch.broker.EmbeddedKafkaCluster;
import io.chipwatch.broker.TopicProvisioner;
import io.chipwatch.enrich.EnrichTopology;
import io.chipwatch.model.topic.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on a real three-broker cluster (replication factor 3, {@code min.insync.replicas=2}
 * for chipwatch's topics, Streams' internal topics and the offsets and transaction logs): the broker
 * leading most of the pipeline's partitions is killed while articles flow. The pipeline must carry on
 * by itself, and every article must be enriched exactly once, every expected alert written once to
 * {@code alerts} (read_committed) and delivered once to the file channel, nothing dead-lettered.
 *
 * <p>Opt-in ({@code mvn -B verify -Pcluster -pl app -am}): three brokers, both Streams applications
 * and the notifier in one JVM take 1.5-6 minutes on two cores, depending on what else runs there. The
 * default build has the broker-level variant ({@code EmbeddedKafkaClusterIT}). Size:
 * {@code -Dcluster.articles} (default 1,200, one in 40 alerting).
 */
@Tag("integration")
@Tag("cluster")
@Timeout(900)
class ClusterFailoverIT {
    private static final int ARTICLES = Integer.getInteger("cluster.articles", 1_200);
    private static final int ALERT_EVERY = 40;

    @TempDir
    Path dir;

    @Test
    void shouldLoseAndDuplicateNoAlertWhenTheBusiestLeaderBrokerIsKilledMidStream() throws Exception {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(dir.resolve("cluster"), 3, Map.of())) {
            String bootstrap = cluster.bootstrapServers();
            TopicProvisioner.ensure(bootstrap, Topics.ALL, 0);
            SyntheticArticles.Generated load = SyntheticArticles.generate(77, ARTICLES, ALERT_EVERY);
            Path alertsFile = dir.resolve("alerts.jsonl");
            Path watch = dir.resolve("cluster-watch.yaml");
            Files.writeString(watch, SyntheticArticles.watchYaml(alertsFile));
            CliRunner.Result added = CliRunner.run("watches", "add", watch.toString(), "--bootstrap-servers", bootstrap,
                    "--data-dir", dir.resolve("cli").toString(), "--seeds", SamplesExpectations.SEEDS.toString());
            assertThat(added.code()).as(added.out()).isZero();

            KafkaOptions options = new KafkaOptions();
            options.bootstrapServers = bootstrap;
            options.dataDir = dir.resolve("data");
            options.seeds = SamplesExpectations.SEEDS;
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                 Pipeline pipeline = Pipeline.builder(options, bootstrap)
                         .services(EnumSet.of(Pipeline.Service.ENRICH, Pipeline.Service.ALERTS))
                         .poll(false)
                         .console(new PrintStream(console, true, StandardCharsets.UTF_8))
                         .start();
                 KafkaProducer<String, byte[]> producer = SyntheticArticles.producer(bootstrap);
                 KafkaConsumer<byte[], byte[]> gauge = TopicContents.consumer(bootstrap, false)) {
                pipeline.awaitRunning(Duration.ofMinutes(3));
                assertReplicated(admin, Topics.ARTICLES_RAW.name());
                assertReplicated(admin, Topics.ALERTS.name());

                int half = load.size() / 2;
                SyntheticArticles.publish(producer, load.articles().subList(0, half));
                await("some articles enriched").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(100))
                        .until(() -> TopicContents.endOffsetSum(gauge, Topics.ARTICLES_ENRICHED.name()) >= half / 3);

                Map<Integer, Long> leaders = leadersOfPipelinePartitions(admin);
                int victim = leaders.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
                cluster.kill(victim);
                SyntheticArticles.publish(producer, load.articles().subList(half, load.size()));

                await("all articles enriched and all alerts delivered after the kill").atMost(Duration.ofMinutes(6))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> CrashRecoveryIT.fileAlertIds(alertsFile).size() >= load.alerting().size()
                                && CrashRecoveryIT.enrichLag(admin, gauge) == 0);
                Map<Integer, Long> after = leadersOfPipelinePartitions(admin);
                assertThat(after).as("leaders after node %d was killed", victim).doesNotContainKey(victim);
                assertThat(isrSizes(admin, Topics.ARTICLES_RAW.name())).as("ISR of articles.raw without the dead node")
                        .allSatisfy(n -> assertThat(n).isEqualTo(2));
                System.out.printf("ClusterFailoverIT: %d articles, %d expected alerts; killed node %d leading %d of the "
                                + "pipeline's partitions (leaders before %s, after %s)%n", load.size(), load.alerting().size(),
                        victim, leaders.get(victim), leaders, after);
            }
            CrashRecoveryIT.assertExactlyOnce(cluster.bootstrapServers(), load, alertsFile);
        }
    }

    private static void assertReplicated(Admin admin, String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        assertThat(d.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
        String minIsr = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic))).all().get()
                .values().iterator().next().get("min.insync.replicas").value();
        assertThat(minIsr).as("min.insync.replicas of " + topic).isEqualTo("2");
    }

    /** Partition leaders per node over the topics every article crosses, internal repartition and story topics included. */
    private static Map<Integer, Long> leadersOfPipelinePartitions(Admin admin) throws Exception {
        Set<String> names = admin.listTopics().names().get().stream()
                .filter(n -> n.equals(Topics.ARTICLES_RAW.name()) || n.equals(Topics.ARTICLES_ENRICHED.name())
                        || n.equals(Topics.ALERTS.name())
                        || (n.startsWith("chipwatch-") && (n.endsWith("-repartition") || n.endsWith(EnrichTopology.STORY_TOPIC_SUFFIX))))
                .collect(Collectors.toSet());
        Map<Integer, Long> count = new HashMap<>();
        for (TopicDescription d : admin.describeTopics(names).allTopicNames().get().values()) {
            for (TopicPartitionInfo p : d.partitions()) {
                if (p.leader() != null && !p.leader().isEmpty()) {
                    count.merge(p.leader().id(), 1L, Long::sum);
                }
            }
        }
        return count;
    }

    private static List<Integer> isrSizes(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .sorted(Comparator.comparingInt(TopicPartitionInfo::partition)).map(p -> p.isr().size()).toList();
    }
}
