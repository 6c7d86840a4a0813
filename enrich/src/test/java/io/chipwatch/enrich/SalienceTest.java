package io.chipwatch.enrich;

import static io.chipwatch.enrich.SalienceArticles.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.model.DetectedEvent;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.EventType;
import io.chipwatch.model.Salience;
import org.junit.jupiter.api.Test;

/**
 * Salience from what the article says: position, time expressions against the published date, aspect,
 * relative clauses, modality, conditionals, quotes; English and Chinese. Each case puts the sentence in
 * the position it is about, with neutral filler around it.
 */
class SalienceTest {
    @Test
    void headlineAndLeadReportTheNews() {
        assertSalience(event("US adds Sophgo to the Entity List", FILLER_1, EventType.ENTITY_LIST), Salience.MAIN, "headline");
        assertSalience(inLead("The Commerce Department added Sophgo to the Entity List, a notice showed.", EventType.ENTITY_LIST),
                Salience.MAIN, "lead");
    }

    @Test
    void aBodySentenceIsSecondaryUnlessItSaysItIsRecent() {
        assertSalience(inBody("The Commerce Department added Sophgo to the Entity List.", EventType.ENTITY_LIST),
                Salience.SECONDARY, "body");
        assertSalience(inBody("The Commerce Department added Sophgo to the Entity List on Tuesday.", EventType.ENTITY_LIST),
                Salience.MAIN, "body+recent");
    }

    @Test
    void timeExpressionsBeforeThePublishedDateMakeHistoryEvenInTheLead() {
        assertSalience(inLead("The Commerce Department added Huawei to the Entity List in 2019.", EventType.ENTITY_LIST),
                Salience.BACKGROUND, "past-time:2019");
        assertSalience(inLead("In October 2022, Washington imposed sweeping export controls on advanced chips sold to China.",
                EventType.EXPORT_RULE), Salience.BACKGROUND, "past-time:2022-10");
        assertSalience(inLead("Last year the US added Sophgo to the Entity List.", EventType.ENTITY_LIST),
                Salience.BACKGROUND, "past-time:last-year");
        assertSalience(inLead("Washington imposed new export controls on advanced chips for China on January 13, 2025.",
                EventType.EXPORT_RULE), Salience.BACKGROUND, "date-before-published");
    }

    @Test
    void aRecentDateKeepsTheNewsMain() {
        assertSalience(inLead("Washington imposed new export controls on advanced chips for China on May 4.", EventType.EXPORT_RULE),
                Salience.MAIN, "lead");
    }

    @Test
    void sinceAndPastPerfectAndRelativeClausesOfHistoryAreBackground() {
        assertSalience(inBody("Sophgo has been on the Entity List since the Commerce Department added it.", EventType.ENTITY_LIST),
                Salience.BACKGROUND, "since");
        assertSalience(inLead("Nvidia shares rose; the US had granted Nvidia licences to sell H20 chips to China.",
                EventType.LICENSE_CHANGE), Salience.BACKGROUND, "perfect-aspect");
        assertSalience(inLead("Sophgo, which was added to the Entity List in 2024, said it would keep shipping.",
                EventType.ENTITY_LIST), Salience.BACKGROUND, "relative-clause-history");
    }

    @Test
    void reportedSpeechIsNotModalityOrHistory() {
        assertSalience(inLead("The company said it had been added to the Entity List.", EventType.ENTITY_LIST),
                Salience.MAIN, "lead");
    }

    @Test
    void modalConditionalAndHypotheticalStatementsAreBackground() {
        assertSalience(inLead("The US could add CXMT to the Entity List, people familiar with the matter said.", EventType.ENTITY_LIST),
                Salience.BACKGROUND, "modal");
        assertSalience(inLead("If the US adds CXMT to the Entity List, memory prices would jump.", EventType.ENTITY_LIST),
                Salience.BACKGROUND, "conditional");
        assertSalience(event("Will the US add CXMT to the Entity List?", FILLER_1, EventType.ENTITY_LIST),
                Salience.BACKGROUND, "question");
    }

    @Test
    void aModalAfterTheTriggerBelongsToAnotherVerb() {
        assertSalience(event("Singapore charges three men with fraud over servers that may contain Nvidia chips", FILLER_1,
                EventType.SMUGGLING_ENFORCEMENT), Salience.MAIN, "headline");
    }

    @Test
    void quotesAreColourNotTheReportedFact() {
        assertSalience(inLead("\"Demand for the Ascend 950 has surged beyond anything we planned for,\" a distributor said.",
                EventType.DEMAND_SURGE), Salience.SECONDARY, "quote");
    }

    @Test
    void chineseTimeExpressionsAndModalsCountToo() {
        assertSalience(inZhLead("美国商务部周二将算能列入实体清单。", EventType.ENTITY_LIST), Salience.MAIN, "lead");
        assertSalience(inZhLead("2019年,美国商务部将华为列入实体清单。", EventType.ENTITY_LIST), Salience.BACKGROUND, "past-time:2019");
        assertSalience(inZhLead("去年美国商务部已将算能列入实体清单。", EventType.ENTITY_LIST), Salience.BACKGROUND, "past-time:last-year");
        assertSalience(inZhLead("美国可能将长鑫存储列入实体清单。", EventType.ENTITY_LIST), Salience.BACKGROUND, "modal");
        assertSalience(inZhLead("如果美国将长鑫存储列入实体清单,存储价格将上涨。", EventType.ENTITY_LIST), Salience.BACKGROUND, "conditional");
        assertSalience(inZhBody("美国商务部日前将算能列入实体清单。", EventType.ENTITY_LIST), Salience.MAIN, "body+recent");
        // a month without a year, before the published one (May 2026): history, as "in February" is
        assertSalience(inZhBody("2月,美国商务部将算能列入实体清单。", EventType.ENTITY_LIST), Salience.BACKGROUND, "past-time:2026-02");
        assertSalience(inZhBody("今年2月,美国商务部将算能列入实体清单。", EventType.ENTITY_LIST), Salience.BACKGROUND, "past-time:2026-02");
        // a month-year date that names the thing acted on does not date the action
        assertSalience(event("China extends pause on October 2025 gallium export controls", FILLER_1, EventType.EXPORT_RULE),
                Salience.MAIN, "headline");
        assertSalience(inLead("China imposed controls on gallium exports in October 2025.", EventType.EXPORT_RULE),
                Salience.BACKGROUND, "past-time:2025-10");
        // "new" says what, not when: a new rule dated two months before the article is history
        assertSalience(inZhBody("3月,美方发布新规,将部分半导体设备零部件纳入出口管制。", EventType.EXPORT_RULE), Salience.BACKGROUND, "past-time:2026-03");
    }

    @Test
    void theBestCandidateOfATypeWinsByMainThenConfidence() {
        EnrichedArticle a = Fixtures.enricher().enrich(Fixtures.article("s", "src", "Markets digest a busy week",
                "Huawei was added to the Entity List in 2019.\n\n" + FILLER_1 + "\n\n"
                        + "The Commerce Department added Sophgo to the Entity List on Tuesday.", PUBLISHED));
        DetectedEvent e = a.events().stream().filter(x -> x.type() == EventType.ENTITY_LIST).findFirst().orElseThrow();
        assertThat(e.salience()).isEqualTo(Salience.MAIN);
        assertThat(e.evidence()).contains("Sophgo");
    }
}
