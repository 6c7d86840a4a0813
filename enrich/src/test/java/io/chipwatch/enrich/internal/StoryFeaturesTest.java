package io.chipwatch.enrich.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoryFeaturesTest {
    private static final Instant OCT_14 = Instant.parse("2025-10-14T05:48:00Z");

    @Test
    void shouldBlankTheDatesOfTheNewsDaysAndKeepOlderDates() {
        assertThat(StoryFeatures.withoutNewsDays("BEIJING, Oct 14 - Orders jumped; listed in December 2022.", OCT_14))
                .isEqualTo("BEIJING, " + blank("Oct 14") + " - Orders jumped; listed in December 2022.");
        assertThat(StoryFeatures.withoutNewsDays("on 9 October, 2025 and on March 17", OCT_14))
                .isEqualTo("on " + blank("9 October, 2025") + " and on March 17");
        assertThat(StoryFeatures.withoutNewsDays("当地时间13日宣布,2025年10月14日 05:45", OCT_14))
                .isEqualTo("当地时间" + blank("13日") + "宣布," + blank("2025年10月14日") + " " + blank("05:45"));
        assertThat(StoryFeatures.withoutNewsDays("updated 2025-10-13, filed 2025-06-01", OCT_14))
                .isEqualTo("updated " + blank("2025-10-13") + ", filed 2025-06-01");
    }

    private static String blank(String s) {
        return " ".repeat(s.length());
    }

    @Test
    void shouldNotTakeAWordThatStartsLikeAMonthForADate() {
        assertThat(StoryFeatures.withoutNewsDays("3 marketing staff and 14 Decembrists", OCT_14))
                .isEqualTo("3 marketing staff and 14 Decembrists");
    }
}
