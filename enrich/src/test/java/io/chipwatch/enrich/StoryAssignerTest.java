package io.chipwatch.enrich;

import static io.chipwatch.enrich.Fixtures.T0;
import static io.chipwatch.enrich.Fixtures.article;
import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.json.JsonSerde;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline story API decides as the topology does, and folds the project's syndicated samples. */
class StoryAssignerTest {
    @TempDir
    Path stateDir;

    /** Every sample article, with ids and event times spread so windows and exact copies come into play. */
    private static List<RawArticle> samples() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Fixtures.seedsDir().resolve("articles"))) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<RawArticle> out = new ArrayList<>();
        int i = 0;
        for (Path f : files) {
            RawArticle r = SeedsTest.read(f);
            if (r != null) {
                out.add(article(r.id(), "source-" + (i % 3), r.title(), r.text(), T0.plus(Duration.ofHours(i++))));
            }
        }
        RawArticle first = out.get(0);
        out.add(article("exact-copy", "syndicator", first.title(), first.text(), T0.plus(Duration.ofHours(2))));
        out.add(first); // the same article again: the same story, not first
        out.add(article("outside-window", "late", first.title(), first.text(), T0.plus(Duration.ofDays(30))));
        return out;
    }

    private static String decision(EnrichedArticle a) {
        return a.id() + " story=" + a.storyId() + " first=" + a.firstInStory() + " duplicateOf=" + a.duplicateOf();
    }

    @Test
    void shouldDecideExactlyAsTheTopologyForTheSameInputOrder() throws Exception {
        List<RawArticle> input = samples();
        EnrichConfig config = EnrichTopologyTest.config(stateDir);
        List<String> topology;
        try (TopologyTestDriver driver = new TopologyTestDriver(new EnrichTopology(config, Fixtures.enricher()).build(),
                config.streamsProperties())) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(config.topicInput(), new StringSerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<String, EnrichedArticle> out = driver.createOutputTopic(config.topicOutput(),
                    new StringDeserializer(), new JsonSerde<>(EnrichedArticle.class));
            JsonSerde<RawArticle> raw = new JsonSerde<>(RawArticle.class);
            for (RawArticle a : input) {
                in.pipeInput(new TestRecord<>(a.id(), raw.serialize("t", a), a.eventTime()));
            }
            topology = out.readValuesToList().stream().map(StoryAssignerTest::decision).toList();
        }
        StoryAssigner assigner = new StoryAssigner(config);
        List<String> offline = assigner.assignAll(input.stream().map(Fixtures.enricher()::enrich).toList()).stream()
                .map(StoryAssignerTest::decision).toList();

        assertThat(offline).containsExactlyElementsOf(topology);
        assertThat(offline).anyMatch(d -> d.startsWith("exact-copy ") && d.contains("first=false"));
        assertThat(offline).anyMatch(d -> d.startsWith("outside-window ") && d.contains("first=true"));
        assertThat(offline.stream().filter(d -> d.contains("first=false")).count()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void shouldFoldTheSyndicatedSamplePairsIntoOneStory() throws Exception {
        String[][] pairs = {
            {"en/2026-04-29-ascend-950-orders-jump-after-deepseek-v4.txt", "en/2026-04-29-ascend-950-demand-syndicated.html"},
            {"zh/2026-04-30-deepseek-v4-ascend-950-demand.txt", "zh/2026-04-30-deepseek-v4-ascend-950-demand-repost.html"},
        };
        for (String[] pair : pairs) {
            StoryAssigner assigner = StoryAssigner.withDefaults();
            EnrichedArticle original = assigner.assign(enrichSample(pair[0], 0));
            EnrichedArticle copy = assigner.assign(enrichSample(pair[1], 1));
            assertThat(original.firstInStory()).as(pair[0]).isTrue();
            assertThat(copy.firstInStory()).as(pair[1]).isFalse();
            assertThat(copy.duplicateOf()).as(pair[1]).isEqualTo(original.id());
        }
    }

    @Test
    void shouldKeepARelatedButDifferentStoryApart() throws Exception {
        StoryAssigner assigner = StoryAssigner.withDefaults();
        assigner.assign(enrichSample("en/2026-04-29-ascend-950-orders-jump-after-deepseek-v4.txt", 0));
        EnrichedArticle other = assigner.assign(enrichSample("en/2026-04-24-deepseek-v4-built-for-ascend.html", 1));
        assertThat(other.firstInStory()).isTrue();
        assertThat(other.duplicateOf()).isNull();
    }

    static EnrichedArticle enrichSample(String relative, int hour) throws Exception {
        RawArticle r = SeedsTest.read(Fixtures.seedsDir().resolve("articles").resolve(relative));
        return Fixtures.enricher().enrich(article(r.id(), "source-" + hour, r.title(), r.text(), T0.plus(Duration.ofHours(hour))));
    }
}
