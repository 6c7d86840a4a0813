package io.chipwatch.enrich;

import static io.chipwatch.enrich.Fixtures.T0;
import static io.chipwatch.enrich.Fixtures.article;
import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.EntityTrend;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.json.JsonSerde;
import io.chipwatch.model.topic.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrichTopologyTest {
    private static final String STORY = "Nvidia has received US licences to ship H200 accelerators to several Chinese cloud "
            + "companies, according to people familiar with the matter. The approvals cover a limited number of units "
            + "and require regular reporting to the Commerce Department. Alibaba and Tencent are among the buyers, the "
            + "people said, while ByteDance is still waiting for its own allocation of the chips.";
    private static final String REWRITE = "Nvidia has been granted US licences to ship H200 accelerators to several Chinese "
            + "cloud companies, according to people familiar with the matter. The approvals cover a limited number of "
            + "units and require regular reporting to the US Commerce Department. Alibaba and Tencent are among the "
            + "buyers, the people said, while ByteDance is still waiting for an allocation of the chips.";
    private static final String OTHER = "Cambricon reported record quarterly profit and said it plans to triple production "
            + "of its AI accelerators next year as Chinese internet companies expand their data centres. The company "
            + "also raised its revenue guidance for the full year.";

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> input;
    private TestOutputTopic<String, EnrichedArticle> output;
    private TestOutputTopic<byte[], byte[]> dlq;
    private TestOutputTopic<String, EntityTrend> trends;
    private final JsonSerde<RawArticle> rawSerde = new JsonSerde<>(RawArticle.class);

    static EnrichConfig config(Path stateDir) {
        Map<String, Object> p = new HashMap<>();
        p.put(EnrichConfig.BOOTSTRAP_SERVERS, "unused:9092");
        p.put(EnrichConfig.STATE_DIR, stateDir.toString());
        p.put(EnrichConfig.APPLICATION_ID, "enrich-ttd");
        return new EnrichConfig(p);
    }

    /** Dedup settings of every topology here; {@link PartitionedEnrichTopologyTest} runs the same tests partitioned. */
    Map<String, Object> dedupSettings() {
        return Map.of();
    }

    private EnrichConfig withDedup(EnrichConfig config) {
        Map<String, Object> p = new HashMap<>(config.originals());
        p.putAll(dedupSettings());
        return new EnrichConfig(p);
    }

    @BeforeEach
    void start() {
        EnrichConfig config = withDedup(config(stateDir));
        driver = new TopologyTestDriver(new EnrichTopology(config, Fixtures.enricher()).build(), config.streamsProperties());
        input = driver.createInputTopic(config.topicInput(), new org.apache.kafka.common.serialization.StringSerializer(),
                new ByteArraySerializer());
        output = driver.createOutputTopic(config.topicOutput(), new StringDeserializer(),
                new JsonSerde<>(EnrichedArticle.class));
        dlq = driver.createOutputTopic(config.topicDlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        trends = driver.createOutputTopic(config.topicTrends(), new StringDeserializer(), new JsonSerde<>(EntityTrend.class));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(RawArticle a) {
        input.pipeInput(new TestRecord<>(a.id(), rawSerde.serialize("t", a), a.eventTime()));
    }

    private void sendBytes(String key, String value, Instant t) {
        input.pipeInput(new TestRecord<>(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8), t));
    }

    @Test
    void shouldEmitNormalisedEnrichedArticleKeyedByIdAtEventTime() {
        send(article("a1", "ＵＳ　grants Nvidia H200 licences", STORY));
        TestRecord<String, EnrichedArticle> r = output.readRecord();
        assertThat(r.key()).isEqualTo("a1");
        assertThat(r.getRecordTime()).isEqualTo(T0);
        EnrichedArticle e = r.value();
        assertThat(e.title()).isEqualTo("US grants Nvidia H200 licences");
        assertThat(e.firstInStory()).isTrue();
        assertThat(e.storyId()).isEqualTo("a1");
        assertThat(e.entities()).extracting(t -> t.id()).contains("nvidia", "nvidia-h200", "alibaba");
        assertThat(e.events()).extracting(ev -> ev.type().name()).contains("LICENSE_CHANGE");
        assertThat(output.isEmpty()).isTrue();
    }

    @Test
    void shouldGiveExactDuplicatesTheFirstArticlesStory() {
        send(article("a1", "reuters", "Nvidia wins H200 licences", STORY, T0));
        send(article("a2", "syndicator", "NVIDIA WINS H200 LICENCES", "  " + STORY.replace(". ", ".  "), T0.plusSeconds(600)));
        send(article("a1", "reuters", "Nvidia wins H200 licences", STORY, T0));
        List<EnrichedArticle> out = output.readValuesToList();
        assertThat(out).extracting(EnrichedArticle::storyId).containsExactly("a1", "a1", "a1");
        assertThat(out).extracting(EnrichedArticle::firstInStory).containsExactly(true, false, false);
        assertThat(out.get(1).duplicateOf()).isEqualTo("a1");
    }

    /** Issue 14 (bounded memory): the near-duplicate index holds at most dedup.memory.max.articles, whatever the window. */
    @Test
    void shouldBoundTheNearDuplicateIndexAndStillFindExactDuplicatesBeyondIt() {
        driver.close();
        Map<String, Object> p = new HashMap<>(withDedup(config(stateDir)).originals());
        p.put(EnrichConfig.DEDUP_MEMORY_MAX_ARTICLES, "100");
        EnrichConfig small = new EnrichConfig(p);
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        driver = new TopologyTestDriver(new EnrichTopology(small, Fixtures.enricher(), meters).build(), small.streamsProperties());
        input = driver.createInputTopic(small.topicInput(), new org.apache.kafka.common.serialization.StringSerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic(small.topicOutput(), new StringDeserializer(), new JsonSerde<>(EnrichedArticle.class));

        send(article("a1", "reuters", "Nvidia wins H200 licences", STORY, T0));
        java.util.Random random = new java.util.Random(3);
        String[] words = "garden river kettle bread meadow cloud autumn orchard basket library harbour lantern".split(" ");
        for (int i = 0; i < 150; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 60; w++) {
                text.append(words[random.nextInt(words.length)]).append(random.nextInt(1000)).append(' ');
            }
            send(article("f" + i, "filler", "Notes " + i, text.toString(), T0.plusSeconds(60 + i)));
        }
        assertThat(meters.get(io.chipwatch.enrich.internal.EnrichMetrics.DEDUP_INDEX).gauge().value()).isEqualTo(100.0);
        send(article("a2", "other", "US clears H200 sales for Chinese clouds", REWRITE, T0.plusSeconds(3600)));
        send(article("a3", "syndicator", "Nvidia wins H200 licences", STORY, T0.plusSeconds(3700)));
        List<EnrichedArticle> out = output.readValuesToList();
        EnrichedArticle rewrite = out.get(out.size() - 2);
        EnrichedArticle copy = out.get(out.size() - 1);
        assertThat(rewrite.firstInStory()).as("a1 left the near-duplicate index").isTrue();
        assertThat(copy.storyId()).as("exact copies are still found, from the store on disk").isEqualTo("a1");
    }

    @Test
    void shouldGiveNearDuplicatesTheSameStoryButNotUnrelatedArticles() {
        send(article("a1", "reuters", "Nvidia wins H200 licences", STORY, T0));
        send(article("a2", "other", "US clears H200 sales for Chinese clouds", REWRITE, T0.plusSeconds(3600)));
        send(article("a3", "other", "Cambricon to triple output", OTHER, T0.plusSeconds(7200)));
        List<EnrichedArticle> out = output.readValuesToList();
        assertThat(out).extracting(EnrichedArticle::storyId).containsExactly("a1", "a1", "a3");
        assertThat(out).extracting(EnrichedArticle::duplicateOf).containsExactly(null, "a1", null);
    }

    @Test
    void shouldDeduplicateLightlyRewrittenChineseArticles() {
        String zh = "据知情人士透露，华为昇腾950芯片的需求在DeepSeek V4发布后大幅增长，阿里巴巴、腾讯和字节跳动正在争相锁定供应。"
                + "业内人士表示，昇腾芯片的交付周期已经明显延长，部分客户需要等待数月。";
        String zhRewrite = "知情人士透露，华为昇腾950芯片的需求在DeepSeek V4发布以后大幅增长，阿里巴巴、腾讯与字节跳动正争相锁定供应。"
                + "业内人士称，昇腾芯片的交付周期已经明显延长，部分客户需等待数月。";
        String zhOther = "中芯国际宣布将在上海新建一条先进制程产线，预计明年投产，公司表示良率正在稳步提升。";
        send(article("z1", "s1", "昇腾950需求激增", zh, T0));
        send(article("z2", "s2", "昇腾950需求大增", zhRewrite, T0.plusSeconds(60)));
        send(article("z3", "s3", "中芯国际新建产线", zhOther, T0.plusSeconds(120)));
        List<EnrichedArticle> out = output.readValuesToList();
        assertThat(out).extracting(EnrichedArticle::storyId).containsExactly("z1", "z1", "z3");
        assertThat(out.get(0).language()).isEqualTo("zh");
    }

    @Test
    void shouldStartANewStoryOutsideTheDedupWindow() {
        send(article("a1", "s1", "Nvidia wins H200 licences", STORY, T0));
        send(article("a2", "s2", "Nvidia wins H200 licences", STORY, T0.plus(Duration.ofDays(8))));
        assertThat(output.readValuesToList()).extracting(EnrichedArticle::firstInStory).containsExactly(true, true);
    }

    @Test
    void shouldStillFindTheOriginalWhenAReplayArrivesOutOfEventTimeOrder() {
        // Regression: expiry followed stream time, so a late-dated article in a replayed archive purged
        // the entries of older articles and their syndicated copies started stories of their own.
        send(article("a1", "reuters", "Nvidia wins H200 licences", STORY, T0));
        send(article("a3", "other", "Cambricon to triple output", OTHER, T0.plus(Duration.ofDays(60))));
        send(article("a2", "other", "US clears H200 sales for Chinese clouds", REWRITE, T0.plusSeconds(3600)));
        List<EnrichedArticle> out = output.readValuesToList();
        assertThat(out).extracting(EnrichedArticle::storyId).containsExactly("a1", "a3", "a1");
    }

    @Test
    void shouldForgetStoriesAWindowOfWallClockTimeAfterStreamTimePassedThem() {
        send(article("a1", "s1", "Nvidia wins H200 licences", STORY, T0));
        send(article("a3", "s3", "Cambricon to triple output", OTHER, T0.plus(Duration.ofDays(30))));
        driver.advanceWallClockTime(Duration.ofHours(1));
        driver.advanceWallClockTime(Duration.ofDays(8));
        driver.advanceWallClockTime(Duration.ofHours(1));
        send(article("a2", "s2", "Nvidia wins H200 licences", STORY, T0.plusSeconds(60)));
        assertThat(output.readValuesToList()).extracting(EnrichedArticle::firstInStory).containsExactly(true, true, true);
    }

    @Test
    void shouldRouteUnreadableRecordsToTheDeadLetterTopicAndKeepProcessing() {
        sendBytes("bad1", "{not json", T0);
        sendBytes("bad2", "{\"id\":\"x\",\"title\":\"no source or fetch time\"}", T0);
        sendBytes("bad3", null, T0);
        send(article("good", "Cambricon to triple output", OTHER));

        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).hasSize(3);
        TestRecord<byte[], byte[]> first = dead.get(0);
        assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo("bad1");
        assertThat(new String(first.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(DeadLetterHeaders.get(first.headers(), DeadLetterHeaders.STAGE)).isEqualTo("enrich.deserialize");
        assertThat(DeadLetterHeaders.get(first.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("articles.raw");
        assertThat(DeadLetterHeaders.get(first.headers(), DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(DeadLetterHeaders.get(first.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(DeadLetterHeaders.get(first.headers(), DeadLetterHeaders.REASON)).contains("invalid RawArticle JSON");
        assertThat(DeadLetterHeaders.get(dead.get(1).headers(), DeadLetterHeaders.REASON)).contains("sourceId");
        assertThat(DeadLetterHeaders.get(dead.get(1).headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
        assertThat(DeadLetterHeaders.get(dead.get(2).headers(), DeadLetterHeaders.REASON)).contains("null value");
        assertThat(dead.get(2).value()).isNull();
        assertThat(output.readValuesToList()).extracting(EnrichedArticle::id).containsExactly("good");
    }

    @Test
    void shouldCountFirstInStoryMentionsPerEntityPerHour() {
        send(article("a1", "s1", "Cambricon to triple output", OTHER, T0));
        send(article("a2", "s2", "Cambricon to triple output", OTHER, T0.plusSeconds(60)));
        send(article("a3", "s3", "Cambricon profit", "Cambricon shares rose.", T0.plusSeconds(120)));
        send(article("a4", "s4", "Cambricon late story", "Cambricon news arrives late.", T0.minus(Duration.ofHours(2))));
        Map<String, EntityTrend> latest = new HashMap<>();
        for (EntityTrend t : trends.readValuesToList()) {
            latest.put(t.entityId() + "@" + t.windowStart(), t);
        }
        EntityTrend now = latest.get("cambricon@" + T0);
        assertThat(now.articles()).isEqualTo(2);
        assertThat(now.mentions()).isEqualTo(2 + 2);
        assertThat(now.windowEnd()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(latest.get("cambricon@" + T0.minus(Duration.ofHours(2))).articles()).isEqualTo(1);
    }
}
