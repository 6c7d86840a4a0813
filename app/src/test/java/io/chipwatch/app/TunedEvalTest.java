package io.chipwatch.app;

import org.junit.jupiter.api.Test;

/**
 * {@code seeds/eval/test}: held out for the first blind measurement of issue 11's rules, then tuning data for
 * the second round (README, section Evaluation). Its bars sit just under the tuned figures (watch precision
 * 0.959, recall 0.950, event recall 0.991, entity recall 0.947, no negative with a main event; watch recall
 * 0.990 since unknown organisations carry tags and generic memory is an entity), so a rule
 * change that undoes a general fix made on it fails here.
 */
class TunedEvalTest {
    static final double WATCH_PRECISION_BAR = 0.94;
    static final double WATCH_RECALL_BAR = 0.96;
    static final double EVENT_RECALL_BAR = 0.97;
    static final double ENTITY_RECALL_BAR = 0.94;
    static final int NEGATIVES_WITH_EVENTS_MAX = 0;

    @Test
    void shouldKeepTheTunedFiguresOnTheTestSet() throws Exception {
        HeldOutEvalTest.assertBars("test", WATCH_PRECISION_BAR, WATCH_RECALL_BAR, EVENT_RECALL_BAR, ENTITY_RECALL_BAR, NEGATIVES_WITH_EVENTS_MAX);
    }
}
