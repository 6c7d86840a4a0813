package io.chipwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.model.DetectedEvent;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.EventType;
import io.chipwatch.model.Salience;
import java.time.Instant;
import java.util.Optional;

/** Articles around one sentence, for the salience tests: a neutral headline and filler paragraphs, English or Chinese. */
final class SalienceArticles {
    static final Instant PUBLISHED = Instant.parse("2026-05-06T08:00:00Z");
    static final String FILLER_1 = "Analysts at several brokerages kept their estimates unchanged after the update.";
    static final String FILLER_2 = "Shares of the company moved little in Shanghai trading on the news.";
    static final String ZH_FILLER_1 = "多家券商分析师维持了此前的盈利预测。";
    static final String ZH_FILLER_2 = "该公司股价在上海交易中小幅波动。";

    private SalienceArticles() {
    }

    /** The first event of that type in the enriched article, if any. */
    static Optional<DetectedEvent> event(String title, String text, EventType type) {
        EnrichedArticle a = Fixtures.enricher().enrich(Fixtures.article("s", "src", title, text, PUBLISHED));
        return a.events().stream().filter(e -> e.type() == type).findFirst();
    }

    /** The sentence as the third paragraph of an article with a neutral headline and lead. */
    static Optional<DetectedEvent> inBody(String sentence, EventType type) {
        return event("Markets digest a busy week", FILLER_1 + "\n\n" + FILLER_2 + "\n\n" + sentence, type);
    }

    static Optional<DetectedEvent> inLead(String sentence, EventType type) {
        return event("Markets digest a busy week", sentence + "\n\n" + FILLER_1 + "\n\n" + FILLER_2, type);
    }

    static Optional<DetectedEvent> inZhBody(String sentence, EventType type) {
        return event("市场一周回顾", ZH_FILLER_1 + "\n\n" + ZH_FILLER_2 + "\n\n" + sentence, type);
    }

    static Optional<DetectedEvent> inZhLead(String sentence, EventType type) {
        return event("市场一周回顾", sentence + "\n\n" + ZH_FILLER_1 + "\n\n" + ZH_FILLER_2, type);
    }

    static void assertSalience(Optional<DetectedEvent> e, Salience salience, String reasonPart) {
        assertThat(e).as("event detected").isPresent();
        assertThat(e.get().salience()).as(e.get().evidence() + " (" + e.get().salienceReason() + ")").isEqualTo(salience);
        assertThat(e.get().salienceReason()).contains(reasonPart);
    }
}
