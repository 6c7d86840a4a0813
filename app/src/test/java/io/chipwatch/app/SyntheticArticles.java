package io.chipwatch.app;

import io.chipwatch.model.RawArticle;
import io.chipwatch.model.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Deterministic synthetic articles (fixed seed) of realistic size (2-5 KB of text). Every
 * {@code alertEvery}-th article carries a sentence that the {@link #WATCH_YAML crash watch} matches;
 * the others are neutral prose built from everyday words and made-up words, so no watch fires and no
 * two articles are near duplicates of each other.
 */
final class SyntheticArticles {
    static final String TRIGGER = "Demand for Huawei's Ascend 950 accelerators surged as Alibaba and Tencent placed large orders.";
    static final String WATCH_ID = "crash-file";

    /** A watch with a file channel that alerts exactly the trigger articles, unthrottled. */
    static String watchYaml(java.nio.file.Path file) {
        return "id: " + WATCH_ID + "\n"
                + "name: Crash test file watch\n"
                + "severity: HIGH\n"
                + "query: '\"Ascend 950\" AND Alibaba AND Tencent'\n"
                + "throttle: {max: 100000000, window: PT1H}\n"
                + "channels:\n"
                + "  - type: file\n"
                + "    path: " + file.toAbsolutePath() + "\n";
    }

    private static final String[] WORDS = ("the a of and in on with for to from by at garden river morning village kettle "
            + "bread window meadow cloud rain autumn spring summer winter orchard basket bicycle library teacher "
            + "neighbour market festival painting pottery walk path hill lake boat bridge harvest apple pear "
            + "tomato onion soup recipe oven chair table lamp candle blanket sweater scarf wool cotton thread "
            + "button garden shed fence gate lawn hedge rose tulip daisy sparrow robin owl fox badger deer "
            + "quietly slowly gently warm cold bright calm soft green yellow blue red old young small large "
            + "friendly patient careful curious happy tired busy early late often rarely always sometimes "
            + "walked painted baked planted watered swept folded knitted visited watched listened waited "
            + "smiled laughed talked wrote read sang cooked cleaned repaired collected gathered shared").split(" ");
    private static final String[] SYLLABLES = "ba be bo ka ke ko la le lo ma me mo na ne no ra re ro sa se so ta te to va ve vo".split(" ");

    record Generated(List<RawArticle> articles, Set<String> alerting) {
        int size() {
            return articles.size();
        }
    }

    private SyntheticArticles() {}

    static Generated generate(long seed, int count, int alertEvery) {
        List<RawArticle> articles = new ArrayList<>(count);
        Set<String> alerting = new LinkedHashSet<>();
        stream(seed, count, alertEvery, alerting).forEachRemaining(articles::add);
        return new Generated(articles, alerting);
    }

    /**
     * The same articles as {@link #generate}, made one at a time, so a soak can replay millions without
     * holding them; the ids of alerting articles are added to {@code alerting} as they are made.
     */
    static java.util.Iterator<RawArticle> stream(long seed, int count, int alertEvery, Set<String> alerting) {
        Random random = new Random(seed);
        Instant base = Instant.parse("2026-03-01T00:00:00Z");
        return new java.util.Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < count;
            }

            @Override
            public RawArticle next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                RawArticle a = article(random, base, i, alertEvery);
                if (i % alertEvery == alertEvery / 2) {
                    alerting.add(a.id());
                }
                i++;
                return a;
            }
        };
    }

    private static RawArticle article(Random random, Instant base, int i, int alertEvery) {
        byte[] idBytes = new byte[16];
        random.nextBytes(idBytes);
        String id = HexFormat.of().formatHex(idBytes);
        boolean alert = i % alertEvery == alertEvery / 2;
        String title = (alert ? "Ascend orders, dispatch " : "Village notes, dispatch ") + i + " " + word(random);
        StringBuilder text = new StringBuilder(5_000);
        int target = 2_000 + random.nextInt(3_000);
        if (alert) {
            text.append(TRIGGER).append(' ');
        }
        while (text.length() < target) {
            // Alerting articles are written in invented words only: in the shared vocabulary two of them came out
            // as near-duplicates (MinHash similarity about 0.34 over the dedup threshold of 0.25, the headline number
            // not telling them apart), so story dedup could rightly fold one into the other and its alert never came.
            text.append(alert ? inventedSentence(random) : sentence(random)).append(text.length() % 5 == 0 ? "\n\n" : " ");
        }
        text.append("Reference ").append(id).append('.');
        Instant published = base.plusSeconds(i * 7L);
        return new RawArticle(id, "synthetic", "https://synthetic.example.org/" + id, title, text.toString(), null,
                "en", published, published.plusSeconds(60), List.of(), "text/plain");
    }

    private static String sentence(Random r) {
        int n = 8 + r.nextInt(10);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String w = r.nextInt(3) == 0 ? word(r) : WORDS[r.nextInt(WORDS.length)];
            s.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w).append(i + 1 < n ? " " : ".");
        }
        return s.toString();
    }

    private static String inventedSentence(Random r) {
        int n = 8 + r.nextInt(10);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String w = word(r);
            s.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w).append(i + 1 < n ? " " : ".");
        }
        return s.toString();
    }

    private static String word(Random r) {
        int n = 2 + r.nextInt(3);
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < n; i++) {
            w.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
        }
        return w.toString();
    }

    /** An idempotent, acks=all producer of RawArticle JSON on articles.raw. */
    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(5).toMillis());
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Publishes the articles and waits until every send is acknowledged. */
    static void publish(KafkaProducer<String, byte[]> producer, List<RawArticle> articles) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>(articles.size());
        for (RawArticle a : articles) {
            sent.add(producer.send(new ProducerRecord<>(Topics.ARTICLES_RAW.name(), null, a.eventTime().toEpochMilli(), a.id(),
                    Topics.ARTICLES_RAW.valueSerde().serializer().serialize(Topics.ARTICLES_RAW.name(), a))));
        }
        producer.flush();
        for (Future<RecordMetadata> f : sent) {
            f.get();
        }
    }
}
