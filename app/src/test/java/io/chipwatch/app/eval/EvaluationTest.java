package io.chipwatch.app.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EvaluationTest {

    @Test
    void organisationNamesMatchIgnoringCaseLegalFormsAndPunctuationWhenOneContainsTheOther() {
        assertThat(Evaluation.sameOrganisation("Guangzhou Lianxun Electronics Co., Ltd.", "Lianxun Electronics")).isTrue();
        assertThat(Evaluation.sameOrganisation("LIANXUN ELECTRONICS CO LTD", "Guangzhou Lianxun Electronics")).isTrue();
        assertThat(Evaluation.sameOrganisation("Tallis Ridge Freight (HK) Ltd", "Tallis Ridge Freight")).isTrue();
        assertThat(Evaluation.sameOrganisation("深圳市华芯科技有限公司", "华芯科技")).isTrue();
        assertThat(Evaluation.sameOrganisation("Garden Circuit Solutions LLC", "Tallis Ridge Freight")).isFalse();
        assertThat(Evaluation.sameOrganisation("Co., Ltd.", "Inc.")).as("nothing but legal forms").isFalse();
    }

    /** Regression: 哈兰矢量动力公司 (Harlan Vector Dynamics Inc.) was scored as missing its labelled English name. */
    @Test
    void anOrganisationMatchesItsLabelUnderAnyOfItsMentionForms() {
        assertThat(Evaluation.sameOrganisation(java.util.List.of("哈兰矢量动力公司", "Harlan Vector Dynamics Inc."),
                "Harlan Vector Dynamics Inc.")).isTrue();
        assertThat(Evaluation.sameOrganisation(java.util.List.of("哈兰矢量动力公司"), "Harlan Vector Dynamics Inc.")).isFalse();
    }

    @Test
    void scoresCountNothingAsPerfect() {
        assertThat(Score.ZERO.precision()).isEqualTo(1.0);
        assertThat(new Score(3, 1, 2).precision()).isEqualTo(0.75);
        assertThat(new Score(3, 1, 2).recall()).isEqualTo(0.6);
        assertThat(new Score(3, 1, 2).f1()).isEqualTo(0.667);
    }
}
