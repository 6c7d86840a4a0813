package io.chipwatch.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The fourth labelled set ({@code seeds/eval/holdout3}): 90 articles, 36 of them negatives, written on 2026-12-02 by
 * three people who saw neither the rules, the code nor the other sets. Run blind once (watch precision 0.845,
 * recall 0.794, event recall 0.831, 12 of 36 negatives with a main event; README, section Evaluation), then a
 * round of rules was fitted to it, so it is tuning data now and its figures are no longer blind. The bars sit just
 * under the figures after that round: a guard against regressions, not a measure of quality.
 */
@DisabledIfEnvironmentVariable(named = "CHIPWATCH_SKIP_HELD_OUT", matches = "1|true")
@DisabledIfSystemProperty(named = "chipwatch.skipHeldOut", matches = "true")
class FourthHeldOutEvalTest {
    @Test
    void shouldMeetTheBarsOnTheFourthSet() throws Exception {
        HeldOutEvalTest.assertBars("holdout3", 0.95, 0.81, 0.83, 0.95, 2);
    }
}
