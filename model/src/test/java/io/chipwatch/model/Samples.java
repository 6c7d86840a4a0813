package io.chipwatch.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Fully populated records for round-trip tests. */
public final class Samples {
    public static final Instant PUBLISHED = Instant.parse("2026-04-29T08:30:00Z");

    private Samples() {}

    public static RawArticle raw() {
        return new RawArticle("a1b2c3", "reuters-tech", "https://news.example.com/ascend-950", "Ascend 950 demand jumps",
                "Demand for Huawei's Ascend 950 jumped after DeepSeek V4 launched.", "A. Writer", "en", PUBLISHED,
                PUBLISHED.plusSeconds(60), List.of("trade-press"), "text/html");
    }

    public static EnrichedArticle enriched() {
        TaggedEntity ascend = new TaggedEntity("huawei-ascend-950", "Ascend 950", EntityType.CHIP,
                List.of("huawei-ascend", "huawei"), 1, 0.9, List.of(new Mention("Ascend 950", Mention.TEXT, 20, 30)));
        DetectedEvent demand = new DetectedEvent(EventType.DEMAND_SURGE, null, 0.86,
                "Demand for Huawei's Ascend 950 jumped after DeepSeek V4 launched.", List.of("huawei-ascend-950"), "demand ... jumped");
        TaggedEntity unknown = new TaggedEntity("org:brightpath-components", "Brightpath Components Ltd", EntityType.COMPANY,
                List.of(), 1, 0.5, List.of(new Mention("Brightpath Components Ltd", Mention.TEXT, 70, 95)), List.of(), null, false);
        DetectedEvent listing = new DetectedEvent(EventType.ENTITY_LIST, EventDirection.ADDED, 0.8,
                "BIS added Brightpath Components Ltd to the Entity List.", List.of("org:brightpath-components"), "added",
                List.of(new EventParty("Brightpath Components Ltd", "org:brightpath-components", false, EventDirection.ADDED)));
        RawArticle r = raw();
        return new EnrichedArticle(r.id(), r.id(), true, null, r.sourceId(), r.url(), r.title(), r.text(), "en", r.tags(),
                r.publishedAt(), r.fetchedAt(), PUBLISHED.plusSeconds(61), List.of(ascend, unknown), List.of(demand, listing));
    }

    public static Watch watch() {
        return new Watch("ascend-demand", "Ascend demand", "Demand for Huawei Ascend chips", Severity.HIGH, true,
                new Watch.EntityFilter(List.of("huawei-ascend"), List.of(), true, List.of(), List.of()),
                new Watch.EventFilter(List.of(EventType.DEMAND_SURGE), List.of(), 0.6, true),
                "ascend AND (demand OR orders)", List.of(), List.of("en", "zh"), List.of(), null,
                new Watch.Throttle(5, Duration.ofHours(1)), "none",
                List.of(new Channel.Console("text"), new Channel.Webhook("https://hooks.example.org/x", "CHIPWATCH_WEBHOOK_SECRET"),
                        new Channel.Slack(null, "SLACK_URL"), new Channel.Email("analyst@example.org", null), new Channel.File("/tmp/alerts.jsonl")));
    }

    public static Alert alert() {
        EnrichedArticle a = enriched();
        return new Alert("f00d", "ascend-demand", "Ascend demand", Severity.HIGH, Alert.MATCH, PUBLISHED.plusSeconds(62),
                Alert.ArticleRef.of(a), List.of(Alert.EntityRef.of(a.entities().get(0))), a.events(),
                a.events().get(0).evidence(), "DEMAND_SURGE (0.86) involving Ascend 950", a.storyId(), List.of());
    }
}
