package io.chipwatch.web;

import io.chipwatch.model.Alert;
import io.chipwatch.model.DetectedEvent;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.EntityType;
import io.chipwatch.model.EventType;
import io.chipwatch.model.Mention;
import io.chipwatch.model.Severity;
import io.chipwatch.model.TaggedEntity;
import java.time.Instant;
import java.util.List;

/** Records as the pipeline writes them, for the web tests. */
final class Samples {
    static final TaggedEntity HUAWEI_950 = new TaggedEntity("huawei-ascend-950", "Ascend 950", EntityType.CHIP,
            List.of("huawei-ascend", "huawei"), 3, 0.9, List.of(new Mention("Ascend 950", "title", 0, 10)), List.of("chinese", "chip"), "CN");
    static final TaggedEntity DEEPSEEK = new TaggedEntity("deepseek", "DeepSeek", EntityType.COMPANY, List.of(), 2, 0.6,
            List.of(), List.of("chinese"), "CN");
    static final TaggedEntity SMIC = new TaggedEntity("smic", "SMIC", EntityType.COMPANY, List.of(), 2, 0.7, List.of(), List.of(), "CN");

    private Samples() {}

    static EnrichedArticle article(String id, String storyId, String title, String text, Instant published, List<TaggedEntity> entities,
                                   EventType event) {
        boolean first = id.equals(storyId);
        List<DetectedEvent> events = event == null ? List.of()
                : List.of(new DetectedEvent(event, null, 0.9, title, entities.stream().map(TaggedEntity::id).toList(), "trigger"));
        return new EnrichedArticle(id, storyId, first, first ? null : storyId, "chipwire", "https://chipwire.example.com/" + id,
                title, text, "en", List.of(), published, published, published, entities, events);
    }

    static Alert alert(EnrichedArticle a, String watchId, Severity severity) {
        return new Alert(watchId + "-" + a.storyId(), watchId, watchId + " watch", severity, Alert.MATCH, a.publishedAt().plusSeconds(5),
                Alert.ArticleRef.of(a), a.entities().stream().map(Alert.EntityRef::of).toList(), a.events(),
                a.events().isEmpty() ? a.title() : a.events().get(0).evidence(), "matched watch " + watchId, a.storyId(), List.of());
    }
}
