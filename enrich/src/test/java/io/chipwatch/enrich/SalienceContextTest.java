package io.chipwatch.enrich;

import static io.chipwatch.enrich.SalienceArticles.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.model.DetectedEvent;
import io.chipwatch.model.EventType;
import io.chipwatch.model.Salience;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Salience read from the sentence's context: comparison baselines are no past time, a headline's genre label,
 * anaphoric "the rule", a modal that is the trigger's own wording, clauses of a Chinese headline, reported
 * speech over a further that-clause, and a sentence-opening time adverbial.
 */
class SalienceContextTest {
    @Test
    void aComparisonBaselineIsNoPastTime() {
        assertSalience(inLead("Orders for Huawei Ascend accelerators have doubled from a year earlier, distributors said.",
                EventType.DEMAND_SURGE), Salience.MAIN, "lead");
        assertSalience(inLead("Orders for Huawei Ascend accelerators doubled a year earlier, distributors said.",
                EventType.DEMAND_SURGE), Salience.BACKGROUND, "past-time:last-year");
        assertSalience(inZhLead("华为昇腾芯片订单较去年大增。", EventType.DEMAND_SURGE), Salience.MAIN, "lead");
        assertSalience(inZhLead("华为昇腾芯片订单去年大增。", EventType.DEMAND_SURGE), Salience.BACKGROUND, "past-time:last-year");
    }

    @Test
    void aTriggerInsideTheBaselineIsTheBaselineEventAndStaysHistory() {
        Optional<DetectedEvent> e = inLead("Prosecutors charged three men in one of the largest diversion schemes uncovered since "
                + "Washington began restricting AI chip exports with new rules.", EventType.EXPORT_RULE);
        assertThat(e.map(DetectedEvent::salience)).as(e.map(DetectedEvent::salienceReason).orElse("no event")).isNotEqualTo(Optional.of(Salience.MAIN));
    }

    @Test
    void theDateARecordIsMeasuredFromIsNoPastTime() {
        assertSalience(inLead("The 4 billion yuan funding round for Cambricon is the largest for a Chinese chip designer since 2021.",
                EventType.FUNDING_IPO), Salience.MAIN, "lead");
        assertSalience(inLead("Cambricon closed a 4 billion yuan funding round in 2021.", EventType.FUNDING_IPO),
                Salience.BACKGROUND, "past-time:2021");
    }

    @Test
    void anExplainerHeadlineIsBackground() {
        assertSalience(event("Explainer: How the US blacklists Chinese chip firms", FILLER_1 + "\n\n" + FILLER_2, EventType.ENTITY_LIST),
                Salience.BACKGROUND, "genre:explainer");
        assertSalience(event("US blacklists Chinese chip firms", FILLER_1 + "\n\n" + FILLER_2, EventType.ENTITY_LIST),
                Salience.MAIN, "headline");
    }

    @Test
    void anAnniversaryIsHistoryEvenWithToday() {
        assertSalience(event("Three years of chip controls", "Three years ago today, the Commerce Department published new export "
                + "controls on advanced chips to China.\n\n" + FILLER_1, EventType.EXPORT_RULE), Salience.BACKGROUND, "past-time:anniversary");
        assertSalience(event("US tightens chip controls", "The Commerce Department today published new export controls on advanced "
                + "chips to China.\n\n" + FILLER_1, EventType.EXPORT_RULE), Salience.MAIN, "lead");
    }

    @Test
    void noEventOfAResultsPreviewIsMain() {
        String lead = "Huawei's Ascend orders from state telecom carriers surged this week, distributors said.";
        assertSalience(event("Cambricon earnings preview: margins, Ascend rivalry and the export-control overhang",
                lead + "\n\n" + FILLER_1, EventType.DEMAND_SURGE), Salience.SECONDARY, "genre:preview");
        assertSalience(event("寒武纪三季报前瞻:毛利率与国产替代", "本周,国内运营商对华为昇腾芯片的订单大增,经销商表示。\n\n" + FILLER_1,
                EventType.DEMAND_SURGE), Salience.SECONDARY, "genre:preview");
        assertSalience(event("Cambricon shares rise as Ascend rivalry heats up", lead + "\n\n" + FILLER_1, EventType.DEMAND_SURGE),
                Salience.MAIN, "lead");
    }

    @Test
    void theRuleInTheBodyOfAListingStoryRefersBackToTheListing() {
        String lead = "The Commerce Department added three Shenzhen component brokers to the Entity List on Tuesday.";
        assertSalience(event("US adds three Shenzhen brokers to Entity List", lead + "\n\n" + FILLER_1 + "\n\n"
                + "The rule takes effect on publication in the Federal Register on Thursday.", EventType.EXPORT_RULE),
                Salience.SECONDARY, "anaphora");
        assertSalience(event("Markets digest a busy week", FILLER_1 + "\n\n" + FILLER_2 + "\n\n"
                + "The Commerce Department published a new export rule on chip tools in the Federal Register on Tuesday.",
                EventType.EXPORT_RULE), Salience.MAIN, "recent");
    }

    @Test
    void aModalInsideTheTriggerIsTheMandateAndAChineseHeadlineSpaceEndsAClause() {
        assertSalience(event("新建智算中心须用国产算力", ZH_FILLER_1 + "\n\n" + ZH_FILLER_2, EventType.DOMESTIC_ADOPTION),
                Salience.MAIN, "headline");
        assertSalience(inZhLead("新建数据中心或将须用国产算力。", EventType.DOMESTIC_ADOPTION), Salience.BACKGROUND, "modal");
        assertSalience(event("新规或将出台 昇腾订单排至明年", ZH_FILLER_1 + "\n\n" + ZH_FILLER_2, EventType.DEMAND_SURGE),
                Salience.MAIN, "headline");
        assertSalience(event("新规或将出台昇腾订单排至明年", ZH_FILLER_1 + "\n\n" + ZH_FILLER_2, EventType.DEMAND_SURGE),
                Salience.BACKGROUND, "modal");
    }

    @Test
    void aFurtherThatClauseOfAReportingVerbIsStillReportedSpeech() {
        assertSalience(inLead("The prospectus says the company's monthly output has grown and that yields on its newest DRAM "
                + "process had reached mass-production levels.", EventType.CAPACITY_EXPANSION), Salience.MAIN, "lead");
        assertSalience(inLead("Yields on the company's newest DRAM process had reached mass-production levels, the prospectus says.",
                EventType.CAPACITY_EXPANSION), Salience.BACKGROUND, "perfect-aspect");
    }

    @Test
    void aSentenceOpeningTimeAdverbialDatesEveryClause() {
        assertSalience(inZhBody("同日,该公司表示,计划新增晶圆产能。", EventType.CAPACITY_EXPANSION), Salience.MAIN, "recent");
        assertSalience(inZhBody("该公司表示,计划新增晶圆产能。", EventType.CAPACITY_EXPANSION), Salience.SECONDARY, "body");
    }
}
