package io.chipwatch.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Regression bars on the sets written after {@code holdout} (README, section Evaluation). Whoever tunes rules runs
 * the build with {@code CHIPWATCH_SKIP_HELD_OUT=1} so as not to see them.
 */
@DisabledIfEnvironmentVariable(named = "CHIPWATCH_SKIP_HELD_OUT", matches = "1|true")
@DisabledIfSystemProperty(named = "chipwatch.skipHeldOut", matches = "true")
class LaterHeldOutSetsEvalTest {
    /**
     * {@code seeds/eval/holdout2}: written on 2026-12-02 by three people who saw neither the rules, the code nor the
     * other sets, and run blind twice (third rules: watch precision 0.931, recall 0.908, event recall 0.922, entity
     * recall 0.974, 2 of 27 negatives with a main event). The bars sit just under those blind figures. Two kinds of
     * negative it got wrong (an earnings preview, a grid short of transformers) were addressed by general rules later
     * that day, which left 1 of 27; the bar for negatives is 1 since then.
     */
    @Test
    void shouldMeetTheBarsOnHoldout2() throws Exception {
        HeldOutEvalTest.assertBars("holdout2", 0.92, 0.89, 0.91, 0.96, 1);
    }

    /**
     * {@code seeds/eval/holdout3}: 90 articles, 36 of them negatives, written on 2026-12-02 by three further people.
     * Run blind once (watch precision 0.845, recall 0.794, event recall 0.831, 12 of 36 negatives with a main event),
     * then a round of rules was fitted to it, so it is tuning data and its figures are no longer blind. The bars sit
     * just under the figures after that round.
     */
    @Test
    void shouldMeetTheBarsOnHoldout3() throws Exception {
        HeldOutEvalTest.assertBars("holdout3", 0.95, 0.81, 0.83, 0.95, 2);
    }

    /**
     * {@code seeds/eval/holdout4}: 90 articles, 30 of them negatives, written on 2026-12-02 by three further people.
     * Run blind once with the fifth rules (watch precision 0.730, recall 0.734, event recall 0.769, 15 of 30 negatives
     * with a main event); then a sixth round of rules was fitted to two writers' thirds of it (60 articles), so it is
     * tuning data. The bars sit just under the figures after that round.
     */
    @Test
    void shouldMeetTheBarsOnHoldout4() throws Exception {
        HeldOutEvalTest.assertBars("holdout4", 0.81, 0.72, 0.76, 0.93, 8);
    }

    /**
     * {@code seeds/eval/holdout5}: 90 articles, 30 of them negatives, by three further writers. Run blind once with the sixth
     * rules (watch precision 0.782, recall 0.788, event recall 0.788, 12 of 30 negatives with a main event); then a seventh
     * round of rules was fitted to two writers' thirds of it (60 articles), so it is tuning data. The bars sit just under
     * the figures after that round.
     */
    @Test
    void shouldMeetTheBarsOnHoldout5() throws Exception {
        HeldOutEvalTest.assertBars("holdout5", 0.92, 0.88, 0.88, 0.93, 1);
    }

    /**
     * {@code seeds/eval/holdout6}: 90 articles, 30 negatives, by three new writers. Run blind once with the eighth rules
     * (watch precision 0.820, recall 0.921, event recall 0.922, 15 of 30 negatives with a main event); the ninth round was
     * then fitted to all of it, so it is tuning data. The bars sit just under the figures after that round.
     */
    @Test
    void shouldMeetTheBarsOnHoldout6() throws Exception {
        HeldOutEvalTest.assertBars("holdout6", 0.95, 0.93, 0.93, 0.94, 2);
    }

    /**
     * {@code seeds/eval/holdout7}: 90 articles, 30 negatives (five in traditional characters), by three more writers. Run
     * blind once with the ninth rules (watch precision 0.860, recall 0.780, event recall 0.800, 9 of 30 negatives with a
     * main event); traditional-character folding and a tenth round were then fitted to it, so it is tuning data.
     */
    @Test
    void shouldMeetTheBarsOnHoldout7() throws Exception {
        HeldOutEvalTest.assertBars("holdout7", 0.92, 0.83, 0.86, 0.93, 1);
    }

    /**
     * {@code seeds/eval/holdout8}: 90 articles, 30 negatives (six in traditional characters), by three more writers
     * (European financial press, semiconductor trade press, Chinese industry portals). Run blind once with the tenth rules
     * and the recogniser of units abroad (watch precision 0.864, recall 0.869, event recall 0.873, 6 of 30 negatives with
     * a main event); an eleventh round was then fitted to it, so it is tuning data.
     */
    @Test
    void shouldMeetTheBarsOnHoldout8() throws Exception {
        HeldOutEvalTest.assertBars("holdout8", 0.97, 0.97, 0.95, 0.93, 1);
    }
}
