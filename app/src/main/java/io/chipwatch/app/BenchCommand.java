package io.chipwatch.app;

import io.chipwatch.alerts.AlertsConfig;
import io.chipwatch.broker.DataDirs;
import io.chipwatch.broker.TopicProvisioner;
import io.chipwatch.enrich.EnrichConfig;
import io.chipwatch.model.Alert;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.json.Json;
import io.chipwatch.model.json.JsonSerde;
import io.chipwatch.model.topic.Topics;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code chipwatch bench}: end-to-end throughput and alert latency of the real pipeline, beside the
 * two limits of the same broker with records of the same sizes: raw Kafka (one producer, one
 * consumer, one topic) and Kafka Streams plumbing (identity applications with the pipeline's
 * settings and topic hops). A human summary goes to stderr; the last stdout line is one JSON object.
 * See the README, section Performance.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark the pipeline against the broker's own limits, on a fresh embedded broker (or your cluster).",
                "Measures raw Kafka, Kafka Streams plumbing (identity topologies, same exactly-once settings and topic hops),",
                "the full enrich+alerts pipeline, then alert latency at a steady offered load. Summary on stderr;",
                "the last stdout line is a JSON object (README, section Performance)."})
final class BenchCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(BenchCommand.class);
    private static final String PREFIX = "bench.";
    /** Article numbers of the warm-up (the measured runs use 0.., 1e9.. and 2e9..). */
    private static final long WARMUP_BASE = 3_000_000_000L;
    /** Client id of the bench's producers: their network threads are named after it. */
    private static final String BENCH_CLIENT_ID = "chipwatch-bench";

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--articles", defaultValue = "20000", description = "Articles per throughput run. Default: ${DEFAULT-VALUE}.")
    int articles;

    @Option(names = "--latency-rate", defaultValue = "200", description = "Offered load (articles/s) of the latency run; 0 skips it. Default: ${DEFAULT-VALUE}.")
    int latencyRate;

    @Option(names = "--latency-seconds", defaultValue = "20", description = "Length of the latency run in seconds. Default: ${DEFAULT-VALUE}.")
    int latencySeconds;

    @Option(names = "--warmup", defaultValue = "5000", description = {"Articles sent through the pipeline before anything is measured,",
            "so that every run meets JIT-compiled code (0: none). Default: ${DEFAULT-VALUE}."})
    int warmup;

    @Option(names = "--skip-limits", description = "Measure the pipeline only (no raw Kafka and plumbing runs).")
    boolean skipLimits;

    @Option(names = "--timeout", defaultValue = "PT15M", description = "Give up on one run after this ISO-8601 duration. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    private final HeapSampler heap = new HeapSampler();

    @Override
    public Integer call() throws Exception {
        if (articles < 1 || latencyRate < 0 || latencySeconds < 1 || warmup < 0) {
            throw new IllegalArgumentException("--articles and --latency-seconds must be >= 1, --latency-rate and --warmup >= 0");
        }
        Path tempDir = null;
        if (kafka.bootstrapFromOptionsOrEnv() == null && !kafka.dataDirGiven()) {
            tempDir = Files.createTempDirectory("chipwatch-bench-");
            kafka.dataDir = tempDir;
        }
        // Every article must reach the alerts topic: no throttling to digests in a benchmark.
        kafka.overrides.putIfAbsent("alerts." + AlertsConfig.THROTTLE_DEFAULT_MAX, "0");
        kafka.overrides.putIfAbsent("alerts." + AlertsConfig.TOPIC_PER_WATCH_ENABLED, "true");
        int partitions = kafka.partitions > 0 ? kafka.partitions : Topics.ARTICLES_RAW.partitions();
        String run = Long.toHexString(System.currentTimeMillis());
        BenchArticles generator = BenchArticles.fromSeeds(kafka.seedsDir(), System.nanoTime());
        heap.start();
        Map<String, Object> result = new LinkedHashMap<>();
        try (Shutdown.Closer closer = new Shutdown.Closer()) {
            KafkaEnvironment env = closer.add(KafkaEnvironment.open(kafka, 0, "bench"));
            String bootstrap = env.bootstrapServers();
            EnrichConfig enrich = new EnrichConfig(Pipeline.enrichConfig(kafka, bootstrap));
            AlertsConfig alerts = new AlertsConfig(Pipeline.alertsConfig(kafka, bootstrap, false));
            long bytes = averageBytes(generator);
            err("chipwatch bench: %d articles (avg %d bytes as JSON), %d partitions, %s, commit interval %d ms, %d cores, max heap %d MB",
                    articles, bytes, partitions, enrich.processingGuarantee(), enrich.getLong(EnrichConfig.COMMIT_INTERVAL_MS),
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
            // The pipeline starts first: its warm-up is what every run measures after. In a fresh JVM the JIT
            // compiler otherwise takes a large share of two cores during the first tens of seconds, which would
            // charge start-up cost to whichever run comes first. Idle, the services poll and cost next to nothing.
            Pipeline pipeline = closer.add(Pipeline.builder(kafka, bootstrap)
                    .services(EnumSet.of(Pipeline.Service.ALERTS, Pipeline.Service.ENRICH))
                    .notifyChannels(false).console(System.err).start());
            pipeline.awaitRunning(timeout);
            if (warmup > 0) {
                long t0 = System.nanoTime();
                sendAsync(bootstrap, enrich.topicInput(), generator, WARMUP_BASE, warmup).get();
                awaitIdle(bootstrap, List.of(new IdleWaiter.Stage(enrich.applicationId(), enrich.topicInput()),
                        new IdleWaiter.Stage(alerts.applicationId(), enrich.topicOutput())));
                err("warm-up:          %,10d articles through the pipeline in %.1f s (not measured)", warmup, seconds(t0));
            }
            double kafkaRate = Double.NaN;
            double plumbingRate = Double.NaN;
            if (!skipLimits) {
                kafkaRate = rawKafka(bootstrap, generator, partitions, run);
                err("raw Kafka:        %,10.0f records/s (producer -> 1 topic -> consumer)", kafkaRate);
                plumbingRate = plumbing(bootstrap, generator, partitions, run, enrich, alerts);
                err("Streams plumbing: %,10.0f records/s (identity, raw -> repartition(1) -> enriched -> repartition -> alerts, %s)",
                        plumbingRate, enrich.processingGuarantee());
            }
            long alertsBefore = endOffsetSum(bootstrap, Topics.ALERTS.name());
            ThreadCpu cpuBefore = ThreadCpu.snapshot();
            long dedupBefore = pipeline.dedupCpuNanos();
            double pipelineRate = pipeline(bootstrap, generator, enrich, alerts);
            Map<String, Long> cpu = ThreadCpu.snapshot().since(cpuBefore, stageOf(enrich, alerts, env.embedded()));
            splitDedup(cpu, pipeline.dedupCpuNanos() - dedupBefore);
            Map<String, Double> cpuPerArticle = perArticleMs(cpu, articles);
            long alertCount = endOffsetSum(bootstrap, Topics.ALERTS.name()) - alertsBefore;
            err("pipeline:         %,10.0f articles/s (enrich + alerts, %s), %d alerts (%.1f%% of articles)",
                    pipelineRate, enrich.processingGuarantee(), alertCount, 100.0 * alertCount / articles);
            printCpu(cpuPerArticle);
            double[] latency = latencyRate > 0 ? latency(bootstrap, generator) : new double[] {Double.NaN, Double.NaN, 0, 0};
            result.put("articlesPerSec", round(pipelineRate));
            result.put("kafkaRecordsPerSec", round(kafkaRate));
            result.put("plumbingRecordsPerSec", round(plumbingRate));
            result.put("ratio", Double.isNaN(plumbingRate) ? null : Math.round(pipelineRate / plumbingRate * 1000) / 1000.0);
            result.put("alertLatencyMsP50", round(latency[0]));
            result.put("alertLatencyMsP99", round(latency[1]));
            result.put("heapMaxMb", heap.maxUsedMb());
            result.put("heapMaxAfterGcMb", heap.maxAfterGcMb());
            result.put("articles", articles);
            result.put("warmupArticles", warmup);
            result.put("avgRecordBytes", bytes);
            result.put("alerts", alertCount);
            result.put("latencyRate", latencyRate);
            result.put("latencySeconds", latencySeconds);
            result.put("latencyAlerts", (long) latency[2]);
            result.put("latencyMissing", (long) latency[3]);
            result.put("partitions", partitions);
            result.put("processingGuarantee", enrich.processingGuarantee());
            result.put("commitIntervalMs", enrich.getLong(EnrichConfig.COMMIT_INTERVAL_MS));
            result.put("cores", Runtime.getRuntime().availableProcessors());
            result.put("maxHeapMb", Runtime.getRuntime().maxMemory() >> 20);
            result.put("embeddedBroker", env.embedded());
            result.put("cpuMsPerArticle", cpuPerArticle);
            err("ratio pipeline/plumbing %s; alert latency p50 %s ms, p99 %s ms; max used heap %d MB (after GC %d MB)",
                    result.get("ratio"), result.get("alertLatencyMsP50"), result.get("alertLatencyMsP99"), heap.maxUsedMb(),
                    heap.maxAfterGcMb());
        } finally {
            heap.stop();
            if (tempDir != null) {
                DataDirs.deleteRecursively(tempDir);
            }
        }
        System.out.println(Json.toJson(result));
        System.out.flush();
        return 0;
    }

    // ------------------------------------------------------------------ the three throughput runs

    /** Plain producer and consumer through one topic: the broker's own limit for these records. */
    private double rawKafka(String bootstrap, BenchArticles generator, int partitions, String run) throws Exception {
        String topic = PREFIX + "kafka." + run;
        TopicProvisioner.ensureNames(bootstrap, List.of(topic), partitions);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, "bench-kafka-" + run, "read_uncommitted")) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long t0 = System.nanoTime();
            Future<Long> sent = sendAsync(bootstrap, topic, generator, 0);
            long seen = 0;
            long deadline = t0 + timeout.toNanos();
            while (seen < articles) {
                seen += consumer.poll(Duration.ofMillis(200)).count();
                check(deadline, "raw Kafka run", seen);
            }
            sent.get();
            return articles / seconds(t0);
        }
    }

    /** Identity Streams applications with the pipeline's settings and hops, doing no work. */
    private double plumbing(String bootstrap, BenchArticles generator, int partitions, String run, EnrichConfig enrich,
            AlertsConfig alerts) throws Exception {
        String raw = PREFIX + "raw." + run;
        String enriched = PREFIX + "enriched." + run;
        String out = PREFIX + "alerts." + run;
        TopicProvisioner.ensureNames(bootstrap, List.of(raw, enriched, out), partitions);
        String enrichId = "bench-plumbing-enrich-" + run;
        String alertsId = "bench-plumbing-alerts-" + run;
        Properties p1 = enrich.streamsProperties();
        p1.put(StreamsConfig.APPLICATION_ID_CONFIG, enrichId);
        Properties p2 = alerts.streamsProperties();
        p2.put(StreamsConfig.APPLICATION_ID_CONFIG, alertsId);
        StreamsBuilder b1 = new StreamsBuilder();
        b1.stream(raw, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .repartition(Repartitioned.<byte[], byte[]>as("story").withNumberOfPartitions(1)
                        .withKeySerde(Serdes.ByteArray()).withValueSerde(Serdes.ByteArray()))
                .to(enriched, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        StreamsBuilder b2 = new StreamsBuilder();
        b2.stream(enriched, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .repartition(Repartitioned.<byte[], byte[]>as("by-watch")
                        .withKeySerde(Serdes.ByteArray()).withValueSerde(Serdes.ByteArray()))
                .to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        try (KafkaStreams s1 = new KafkaStreams(b1.build(), p1); KafkaStreams s2 = new KafkaStreams(b2.build(), p2)) {
            s1.start();
            s2.start();
            awaitRunning(List.of(s1, s2));
            long t0 = System.nanoTime();
            sendAsync(bootstrap, raw, generator, 0).get();
            awaitIdle(bootstrap, List.of(new IdleWaiter.Stage(enrichId, raw), new IdleWaiter.Stage(alertsId, enriched)));
            double rate = articles / seconds(t0);
            s1.close(Duration.ofSeconds(30));
            s2.close(Duration.ofSeconds(30));
            return rate;
        }
    }

    /** The real enrich and alerts services: first publish until both have committed everything. */
    private double pipeline(String bootstrap, BenchArticles generator, EnrichConfig enrich, AlertsConfig alerts) throws Exception {
        long t0 = System.nanoTime();
        sendAsync(bootstrap, enrich.topicInput(), generator, 1_000_000_000L).get();
        log.info("pipeline run: {} articles published in {} s", articles, String.format("%.1f", seconds(t0)));
        awaitIdle(bootstrap, List.of(new IdleWaiter.Stage(enrich.applicationId(), enrich.topicInput()),
                new IdleWaiter.Stage(alerts.applicationId(), enrich.topicOutput())));
        return articles / seconds(t0);
    }

    // ------------------------------------------------------------------ latency at a steady load

    /**
     * Offers {@code latencyRate} alerting articles a second for {@code latencySeconds} and measures,
     * per article, the time from just before {@code send} until its alert is consumed from
     * {@code alerts} (read_committed). Returns p50, p99, alerts seen, articles without an alert.
     */
    private double[] latency(String bootstrap, BenchArticles generator) throws Exception {
        int total = latencyRate * latencySeconds;
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> latencyNs = new ConcurrentHashMap<>();
        JsonSerde<Alert> alertSerde = new JsonSerde<>(Alert.class);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong consumed = new AtomicLong();
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap, "bench-latency", "read_committed")) {
                List<TopicPartition> tps = c.partitionsFor(Topics.ALERTS.name()).stream()
                        .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
                c.assign(tps);
                c.seekToEnd(tps);
                tps.forEach(c::position);
                consumed.set(-1); // positioned: the sender may start
                while (!stop.get()) {
                    for (ConsumerRecord<byte[], byte[]> rec : c.poll(Duration.ofMillis(20))) {
                        long now = System.nanoTime();
                        Alert a = alertSerde.deserialize(Topics.ALERTS.name(), rec.value());
                        String id = a.article() == null ? null : a.article().id();
                        Long t = id == null ? null : sentAt.get(id);
                        if (t != null) {
                            latencyNs.putIfAbsent(id, now - t);
                        }
                    }
                }
            }
        }, "bench-latency-reader");
        reader.setDaemon(true);
        reader.start();
        long ready = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (consumed.get() != -1 && System.nanoTime() < ready) {
            LockSupport.parkNanos(10_000_000L); // waiting for the reader's position, with a deadline
        }
        JsonSerde<RawArticle> serde = new JsonSerde<>(RawArticle.class);
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            long start = System.nanoTime();
            long interval = TimeUnit.SECONDS.toNanos(1) / latencyRate;
            for (int i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait); // pacing the offered load, not synchronisation
                }
                RawArticle a = generator.article(2_000_000_000L + i, true, Instant.now());
                byte[] value = serde.serialize(Topics.ARTICLES_RAW.name(), a);
                sentAt.put(a.id(), System.nanoTime());
                producer.send(new ProducerRecord<>(Topics.ARTICLES_RAW.name(), null, a.publishedAt().toEpochMilli(), a.id(), value));
            }
            producer.flush();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (latencyNs.size() < total && System.nanoTime() < deadline) {
            LockSupport.parkNanos(50_000_000L); // waiting for the last alerts, with a deadline
        }
        stop.set(true);
        reader.join(5_000);
        double[] ms = latencyNs.values().stream().mapToDouble(n -> n / 1e6).sorted().toArray();
        err("latency:          %d articles at %d/s for %d s: %d alerted, p50 %.0f ms, p99 %.0f ms, max %.0f ms",
                total, latencyRate, latencySeconds, ms.length, percentile(ms, 50), percentile(ms, 99),
                ms.length == 0 ? Double.NaN : ms[ms.length - 1]);
        return new double[] {percentile(ms, 50), percentile(ms, 99), ms.length, total - ms.length};
    }

    // ------------------------------------------------------------------ CPU per stage

    static final String STAGE_PUBLISH = "ingestPublish";
    static final String STAGE_ENRICH = "enrich";
    static final String STAGE_DEDUP = "dedup";
    static final String STAGE_ALERTS = "alerts";
    static final String STAGE_BROKER = "broker";
    static final String STAGE_HARNESS = "harness";
    static final String STAGE_OTHER = "other";

    /**
     * The stage a thread's CPU belongs to, by its name: Kafka clients and Streams name their threads
     * after the client or application id (stream threads, their producers' network threads, heartbeat
     * and admin threads), so every thread of the enrich application carries its application id.
     * What is left is the embedded broker's (request handlers, network, replication, controller).
     */
    static java.util.function.Function<String, String> stageOf(EnrichConfig enrich, AlertsConfig alerts, boolean embeddedBroker) {
        String enrichId = enrich.applicationId();
        String alertsId = alerts.applicationId();
        return name -> {
            if (name.contains(enrichId)) {
                return STAGE_ENRICH;
            }
            if (name.contains(alertsId)) {
                return STAGE_ALERTS;
            }
            if (name.equals("bench-producer") || name.contains(BENCH_CLIENT_ID)) {
                return STAGE_PUBLISH;
            }
            if (name.startsWith("bench-") || name.contains("adminclient") || name.equals("main")) {
                return STAGE_HARNESS;
            }
            return embeddedBroker ? STAGE_BROKER : STAGE_OTHER;
        };
    }

    /** Moves the dedup processor's own CPU time (measured inside the stream thread) out of enrich. */
    static void splitDedup(Map<String, Long> cpu, long dedupNanos) {
        long enrichNs = cpu.getOrDefault(STAGE_ENRICH, 0L);
        long dedup = Math.max(0, Math.min(enrichNs, dedupNanos));
        cpu.put(STAGE_ENRICH, enrichNs - dedup);
        cpu.put(STAGE_DEDUP, dedup);
    }

    /** Milliseconds of CPU per article per stage, in a fixed order, plus {@code total}. */
    static Map<String, Double> perArticleMs(Map<String, Long> cpuNs, long articles) {
        Map<String, Double> out = new LinkedHashMap<>();
        long total = 0;
        for (String stage : List.of(STAGE_PUBLISH, STAGE_ENRICH, STAGE_DEDUP, STAGE_ALERTS, STAGE_BROKER, STAGE_HARNESS,
                STAGE_OTHER, ThreadCpu.JVM)) {
            Long ns = cpuNs.get(stage);
            if (ns != null) {
                out.put(stage, Math.round(ns / 1e6 / articles * 1000) / 1000.0);
                total += ns;
            }
        }
        out.put("total", Math.round(total / 1e6 / articles * 1000) / 1000.0);
        return out;
    }

    private static void printCpu(Map<String, Double> perArticle) {
        double total = perArticle.getOrDefault("total", 0.0);
        StringBuilder line = new StringBuilder("CPU per article:  ");
        perArticle.forEach((stage, ms) -> {
            if (!stage.equals("total")) {
                line.append(String.format("%s %.3f ms (%.0f%%), ", stage, ms, total > 0 ? 100 * ms / total : 0));
            }
        });
        line.append(String.format("total %.3f ms (thread CPU time during the pipeline run)", total));
        err("%s", line);
    }

    // ------------------------------------------------------------------ helpers

    /** Sends {@code articles} generated articles from another thread; the future holds the count. */
    private Future<Long> sendAsync(String bootstrap, String topic, BenchArticles generator, long base) {
        return sendAsync(bootstrap, topic, generator, base, articles);
    }

    private Future<Long> sendAsync(String bootstrap, String topic, BenchArticles generator, long base, int count) {
        java.util.concurrent.FutureTask<Long> task = new java.util.concurrent.FutureTask<>(() -> {
            JsonSerde<RawArticle> serde = new JsonSerde<>(RawArticle.class);
            Instant now = Instant.now();
            try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
                List<Future<RecordMetadata>> last = new ArrayList<>();
                for (long i = 0; i < count; i++) {
                    RawArticle a = generator.article(base + i, false, now.minusSeconds(count - i));
                    last.add(producer.send(new ProducerRecord<>(topic, null, a.publishedAt().toEpochMilli(), a.id(),
                            serde.serialize(topic, a))));
                    if (last.size() >= 1_000) {
                        for (Future<RecordMetadata> f : last) {
                            f.get(); // a lost record would make every rate wrong
                        }
                        last.clear();
                    }
                }
                producer.flush();
                for (Future<RecordMetadata> f : last) {
                    f.get();
                }
            }
            return (long) count;
        });
        Thread t = new Thread(task, "bench-producer");
        t.setDaemon(true);
        t.start();
        return task;
    }

    /** The ingest publisher's producer settings (idempotent, acks=all, linger 5 ms). */
    private KafkaProducer<String, byte[]> producer(String bootstrap) {
        Map<String, Object> p = new HashMap<>(kafkaClientSettings());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_MESSAGE_BYTES);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, BENCH_CLIENT_ID);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String group, String isolation) {
        Map<String, Object> p = new HashMap<>(kafkaClientSettings());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** {@code kafka.*} settings (security for a real cluster) for the bench's own clients. */
    private Map<String, Object> kafkaClientSettings() {
        Map<String, Object> out = new HashMap<>();
        kafka.settings().forEach((k, v) -> {
            if (k.startsWith("kafka.")) {
                out.put(k.substring("kafka.".length()), v);
            }
        });
        return out;
    }

    private void awaitIdle(String bootstrap, List<IdleWaiter.Stage> stages) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new IdleWaiter(admin).await(stages, timeout);
        }
    }

    private void awaitRunning(List<KafkaStreams> streams) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.stream().anyMatch(s -> s.state() != KafkaStreams.State.RUNNING)) {
            check(deadline, "plumbing start", 0);
            LockSupport.parkNanos(50_000_000L); // polling with a deadline
        }
    }

    private void check(long deadline, String what, long seen) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(what + " did not finish within " + timeout + " (" + seen + " of " + articles + ")");
        }
    }

    private static long endOffsetSum(String bootstrap, String topic) {
        try (TopicReader<Alert> reader = new TopicReader<>(bootstrap, topic, new JsonSerde<>(Alert.class))) {
            return reader.endOffsets().values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private long averageBytes(BenchArticles generator) {
        JsonSerde<RawArticle> serde = new JsonSerde<>(RawArticle.class);
        long sum = 0;
        for (int i = 0; i < 200; i++) {
            sum += serde.serialize("x", generator.article(3_000_000_000L + i, false, Instant.now())).length;
        }
        return sum / 200;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 10) / 10.0;
    }

    private static void err(String format, Object... args) {
        System.err.println(String.format(format, args));
        System.err.flush();
    }

    /** Samples used heap every 50 ms; also the largest heap left after a collection (the live set). */
    static final class HeapSampler {
        private final AtomicLong maxUsed = new AtomicLong();
        private final AtomicLong maxAfterGc = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean();
        private Thread thread;

        void start() {
            running.set(true);
            thread = new Thread(() -> {
                while (running.get()) {
                    sample();
                    LockSupport.parkNanos(50_000_000L); // sampling period
                }
            }, "bench-heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        private void sample() {
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            maxUsed.accumulateAndGet(used, Math::max);
            long live = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                    live += pool.getCollectionUsage().getUsed();
                }
            }
            maxAfterGc.accumulateAndGet(live, Math::max);
        }

        long maxUsedMb() {
            sample();
            return maxUsed.get() >> 20;
        }

        /** Peak of the heap left right after a collection (the live set, roughly): what must fit. */
        long maxAfterGcMb() {
            sample();
            return maxAfterGc.get() >> 20;
        }

        void stop() {
            running.set(false);
        }
    }
}
