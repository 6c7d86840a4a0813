package io.chipwatch.alerts;

import io.chipwatch.model.DetectedEvent;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.EntityType;
import io.chipwatch.model.EventDirection;
import io.chipwatch.model.EventType;
import io.chipwatch.model.TaggedEntity;
import io.chipwatch.model.Watch;
import java.time.Instant;
import java.util.List;

/** Articles and watches built from facts of public reporting (the sample archive in seeds/articles). */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-04-30T08:00:00Z");

    static final TaggedEntity ASCEND_950 = entity("huawei-ascend-950", "Ascend 950", EntityType.CHIP,
            List.of("huawei-ascend", "huawei"), List.of("chinese", "chip"));
    static final TaggedEntity DEEPSEEK = entity("deepseek", "DeepSeek", EntityType.COMPANY, List.of(), List.of("chinese", "ai-lab"));
    static final TaggedEntity ALIBABA = entity("alibaba", "Alibaba", EntityType.COMPANY, List.of(), List.of("chinese", "cloud"));
    static final TaggedEntity HBM = entity("hbm", "HBM", EntityType.TECHNOLOGY, List.of(), List.of("memory"));
    static final TaggedEntity MOORE_THREADS = entity("moore-threads", "Moore Threads", EntityType.COMPANY, List.of(),
            List.of("chinese", "chip", "gpu"));
    static final TaggedEntity NVIDIA = entity("nvidia", "Nvidia", EntityType.COMPANY, List.of(), List.of("us", "chip"));

    private Fixtures() {}

    static TaggedEntity entity(String id, String name, EntityType type, List<String> ancestors, List<String> tags) {
        return new TaggedEntity(id, name, type, ancestors, 1, 0.8, List.of(), tags, null);
    }

    static DetectedEvent event(EventType type, EventDirection direction, double confidence, String evidence, String... entityIds) {
        return new DetectedEvent(type, direction, confidence, evidence, List.of(entityIds), "trigger");
    }

    static final String ASCEND_TEXT = "Demand for the Ascend 950 jumped after DeepSeek released V4. "
            + "Alibaba, Tencent and ByteDance rushed to line up supply of Huawei accelerators.";

    /** DeepSeek V4 launch: demand for the Ascend 950 jumps. */
    static EnrichedArticle ascendDemand(String id, String storyId) {
        return article(id, storyId, true, "DeepSeek V4 lifts demand for Huawei's Ascend 950", ASCEND_TEXT,
                List.of(ASCEND_950, DEEPSEEK, ALIBABA),
                List.of(event(EventType.DEMAND_SURGE, null, 0.86, "Demand for the Ascend 950 jumped after DeepSeek released V4.",
                        "huawei-ascend-950", "deepseek")));
    }

    static EnrichedArticle article(String id, String storyId, boolean first, String title, String text,
                                   List<TaggedEntity> entities, List<DetectedEvent> events) {
        return new EnrichedArticle(id, storyId, first, first ? null : storyId, "scmp", "https://example.org/" + id, title, text, "en",
                List.of("china", "chips"), T0, T0.plusSeconds(60), T0.plusSeconds(90), entities, events);
    }

    static Watch watch(String id, Watch.EntityFilter entities, Watch.EventFilter events, String query) {
        return new Watch(id, null, null, null, null, entities, events, query, null, null, null, null, null, null, null);
    }

    static Watch.EntityFilter anyOf(String... ids) {
        return new Watch.EntityFilter(List.of(ids), null, null, null, null);
    }

    static Watch.EventFilter eventsOf(EventType... types) {
        return new Watch.EventFilter(List.of(types), null, null, null);
    }
}
