package io.chipwatch.alerts;

import static io.chipwatch.alerts.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chipwatch.model.Alert;
import io.chipwatch.model.DetectedEvent;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.EventDirection;
import io.chipwatch.model.EventType;
import io.chipwatch.model.Salience;
import io.chipwatch.model.Watch;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class WatchMatcherTest {

    private static List<String> firing(Watch watch, EnrichedArticle article) {
        try (WatchMatcher m = new WatchMatcher(List.of(watch))) {
            return m.match(article, T0).stream().map(Alert::watchId).toList();
        }
    }

    @Test
    void familyAwareWatchMatchesAMemberOfTheFamily() {
        assertThat(firing(watch("w", anyOf("huawei-ascend"), null, null), ascendDemand("a1", "a1"))).containsExactly("w");
    }

    @Test
    void familyMemberDoesNotMatchWhenFamilyAwarenessIsOff() {
        Watch w = watch("w", new Watch.EntityFilter(List.of("huawei-ascend"), null, false, null, null), null, null);
        assertThat(firing(w, ascendDemand("a1", "a1"))).isEmpty();
    }

    @Test
    void allRequiresEveryListedEntity() {
        Watch both = watch("w", new Watch.EntityFilter(null, List.of("deepseek", "huawei"), null, null, null), null, null);
        Watch missing = watch("w", new Watch.EntityFilter(null, List.of("deepseek", "nvidia"), null, null, null), null, null);
        assertThat(firing(both, ascendDemand("a1", "a1"))).containsExactly("w");
        assertThat(firing(missing, ascendDemand("a1", "a1"))).isEmpty();
    }

    @Test
    void tagFilterMatchesAnEntityTaggedMemory() {
        Watch hbm = watch("hbm-supply", new Watch.EntityFilter(null, null, null, null, List.of("memory")),
                eventsOf(EventType.SUPPLY_SHORTAGE), null);
        EnrichedArticle shortage = article("s1", "s1", true, "HBM shortage deepens", "HBM supply is rationed for Chinese buyers.",
                List.of(HBM), List.of(event(EventType.SUPPLY_SHORTAGE, null, 0.9, "HBM supply is rationed for Chinese buyers.", "hbm")));
        assertThat(firing(hbm, shortage)).containsExactly("hbm-supply");
        assertThat(firing(hbm, ascendDemand("a1", "a1"))).isEmpty();
    }

    @Test
    void allTagsRequireOneEntityCarryingEveryTag() {
        Watch ipo = watch("ipo", new Watch.EntityFilter(null, null, null, null, null, List.of("chinese", "chip")),
                eventsOf(EventType.FUNDING_IPO), null);
        EnrichedArticle moore = article("m1", "m1", true, "Moore Threads lists in Shanghai", "Moore Threads shares soared on debut.",
                List.of(MOORE_THREADS), List.of(event(EventType.FUNDING_IPO, null, 0.8, "Moore Threads shares soared on debut.")));
        EnrichedArticle split = article("m2", "m2", true, "Alibaba and Nvidia", "Alibaba raised funds to buy Nvidia parts.",
                List.of(ALIBABA, NVIDIA), List.of(event(EventType.FUNDING_IPO, null, 0.8, "Alibaba raised funds to buy Nvidia parts.")));
        assertThat(firing(ipo, moore)).containsExactly("ipo");
        assertThat(firing(ipo, split)).as("chinese and chip on different entities").isEmpty();
    }

    @Test
    void eventFilterChecksTypeDirectionAndMinimumConfidence() {
        EnrichedArticle licence = article("l1", "l1", true, "US revokes licence", "The Commerce Department revoked the H20 licence.",
                List.of(NVIDIA), List.of(event(EventType.LICENSE_CHANGE, EventDirection.REVOKED, 0.7,
                        "The Commerce Department revoked the H20 licence.", "nvidia")));
        assertThat(firing(watch("w", null, new Watch.EventFilter(List.of(EventType.LICENSE_CHANGE), List.of(EventDirection.REVOKED), 0.6, null), null), licence))
                .containsExactly("w");
        assertThat(firing(watch("w", null, new Watch.EventFilter(List.of(EventType.LICENSE_CHANGE), List.of(EventDirection.GRANTED), null, null), null), licence))
                .isEmpty();
        assertThat(firing(watch("w", null, new Watch.EventFilter(List.of(EventType.LICENSE_CHANGE), null, 0.8, null), null), licence))
                .isEmpty();
        assertThat(firing(watch("w", null, eventsOf(EventType.EXPORT_RULE), null), licence)).isEmpty();
    }

    @Test
    void eventFilterMatchesMainEventsUnlessItsSalienceListWidensIt() {
        DetectedEvent history = event(EventType.ENTITY_LIST, EventDirection.ADDED, 0.9,
                "Huawei was added to the Entity List in 2019.", "huawei")
                .withSalience(Salience.BACKGROUND, "past-time:2019");
        EnrichedArticle a = article("h1", "h1", true, "Huawei unveils a phone", "Huawei was added to the Entity List in 2019.",
                List.of(NVIDIA), List.of(history));
        assertThat(firing(watch("w", null, eventsOf(EventType.ENTITY_LIST), null), a)).as("main only by default").isEmpty();
        Watch wide = watch("w", null, new Watch.EventFilter(List.of(EventType.ENTITY_LIST), null, null, null,
                List.of(Salience.MAIN, Salience.SECONDARY, Salience.BACKGROUND)), null);
        try (WatchMatcher m = new WatchMatcher(List.of(wide))) {
            Alert alert = m.match(a, T0).get(0);
            assertThat(alert.reason()).startsWith("ENTITY_LIST ADDED (0.90, background: past-time:2019)");
            assertThat(alert.events()).extracting(DetectedEvent::salience).containsExactly(Salience.BACKGROUND);
        }
    }

    @Test
    void eventsWithoutSalienceFromOldRecordsCountAsMain() throws Exception {
        String old = "{\"type\":\"LICENSE_CHANGE\",\"direction\":\"GRANTED\",\"confidence\":0.9,"
                + "\"evidence\":\"The US granted licences.\",\"entities\":[],\"trigger\":\"licences\"}";
        DetectedEvent e = io.chipwatch.model.json.Json.MAPPER.readValue(old, DetectedEvent.class);
        assertThat(e.salience()).isEqualTo(Salience.MAIN);
        assertThat(e.salienceReason()).isNull();
        EnrichedArticle a = article("o1", "o1", true, "US grants licences", "The US granted licences.", List.of(), List.of(e));
        assertThat(firing(watch("w", null, eventsOf(EventType.LICENSE_CHANGE), null), a)).containsExactly("w");
    }

    @Test
    void sameSentenceRequiresTheEntityInTheEvidenceSentence() {
        Watch alibabaDemand = watch("w", anyOf("alibaba"), new Watch.EventFilter(List.of(EventType.DEMAND_SURGE), null, null, true), null);
        Watch ascendDemand = watch("w", anyOf("huawei-ascend"), new Watch.EventFilter(List.of(EventType.DEMAND_SURGE), null, null, true), null);
        assertThat(firing(alibabaDemand, ascendDemand("a1", "a1"))).as("Alibaba is not in the evidence sentence").isEmpty();
        assertThat(firing(ascendDemand, ascendDemand("a1", "a1"))).containsExactly("w");
    }

    @Test
    void luceneQueriesSupportPhrasesBooleansProximityAndWildcards() {
        EnrichedArticle a = ascendDemand("a1", "a1");
        assertThat(firing(watch("w", null, null, "\"ascend 950\""), a)).containsExactly("w");
        assertThat(firing(watch("w", null, null, "deepseek AND (tencent OR baidu)"), a)).containsExactly("w");
        assertThat(firing(watch("w", null, null, "deepseek NOT bytedance"), a)).isEmpty();
        assertThat(firing(watch("w", null, null, "\"demand jumped\"~5"), a)).containsExactly("w");
        assertThat(firing(watch("w", null, null, "\"demand jumped\""), a)).isEmpty();
        assertThat(firing(watch("w", null, null, "accelerat*"), a)).containsExactly("w");
        assertThat(firing(watch("w", null, null, "title:tencent"), a)).as("tencent is only in the text").isEmpty();
        assertThat(firing(watch("w", null, null, "deepseek nvidia"), a)).as("default operator is AND").isEmpty();
    }

    @Test
    void queriesAreCaseInsensitiveUnderATurkishDefaultLocale() {
        Locale saved = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            EnrichedArticle a = article("i1", "i1", true, "INDIA IMPORTS", "Chips arrive.", List.of(), List.of());
            assertThat(firing(watch("w", null, null, "india AND chip"), a)).containsExactly("w");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void invalidLuceneQueryIsRejectedWithTheWatchId() {
        assertThatThrownBy(() -> WatchMatcher.validate(watch("broken", null, null, "ascend AND (")))
                .isInstanceOf(WatchValidationException.class)
                .hasMessageContaining("watch 'broken'")
                .hasMessageContaining("invalid Lucene query");
    }

    @Test
    void sourceLanguageAndTagFiltersMustAllMatch() {
        EnrichedArticle a = ascendDemand("a1", "a1");
        Watch base = watch("w", null, null, null);
        assertThat(firing(with(base, List.of("scmp"), List.of("EN"), List.of("chips")), a)).containsExactly("w");
        assertThat(firing(with(base, List.of("reuters"), null, null), a)).isEmpty();
        assertThat(firing(with(base, null, List.of("zh"), null), a)).isEmpty();
        assertThat(firing(with(base, null, null, List.of("memory")), a)).isEmpty();
    }

    private static Watch with(Watch w, List<String> sources, List<String> languages, List<String> tags) {
        return new Watch(w.id(), w.name(), null, null, null, w.entities(), w.events(), w.query(), sources, languages, tags,
                null, null, null, null);
    }

    @Test
    void disabledAndSpikeWatchesNeverMatchArticles() {
        Watch disabled = new Watch("off", null, null, null, false, null, null, null, null, null, null, null, null, null, null);
        Watch spike = new Watch("spike", null, null, null, null, null, null, null, null, null, null,
                new Watch.SpikeRule("huawei-ascend-950", null, null, null, null), null, null, null);
        assertThat(firing(disabled, ascendDemand("a1", "a1"))).isEmpty();
        assertThat(firing(spike, ascendDemand("a1", "a1"))).isEmpty();
    }

    @Test
    void alertsComeInTheOrderTheWatchesWereLastPut() {
        EnrichedArticle a = ascendDemand("a1", "a1");
        Watch ascend = watch("ascend", null, null, "ascend");
        Watch any = watch("any", null, null, null);
        Watch deepseek = watch("deepseek", null, null, "deepseek AND \"ascend 950\"");
        Watch pausedDeepseek = new Watch("deepseek", null, null, null, false, null, null, "deepseek", null, null, null,
                null, null, null, null);
        try (WatchMatcher m = new WatchMatcher(List.of(ascend, any, deepseek))) {
            assertThat(m.match(a, T0)).extracting(Alert::watchId).containsExactly("ascend", "any", "deepseek");
            m.put(ascend);
            assertThat(m.match(a, T0)).extracting(Alert::watchId).containsExactly("any", "deepseek", "ascend");
            m.put(pausedDeepseek);
            assertThat(m.match(a, T0)).extracting(Alert::watchId).containsExactly("any", "ascend");
            m.put(deepseek);
            m.remove("any");
            assertThat(m.match(a, T0)).extracting(Alert::watchId).containsExactly("ascend", "deepseek");
            m.put(watch("ascend", null, null, "nvidia"));
            assertThat(m.match(a, T0)).extracting(Alert::watchId).containsExactly("deepseek");
        }
    }

    @Test
    void alertCarriesAReadableReasonEvidenceAndAStableId() {
        Watch w = new Watch("ascend-demand", "Ascend demand", null, null, null, anyOf("huawei-ascend"),
                eventsOf(EventType.DEMAND_SURGE), null, null, null, null, null, null, null, null);
        try (WatchMatcher m = new WatchMatcher(List.of(w))) {
            Alert a = m.match(ascendDemand("a1", "story-1"), T0).get(0);
            Alert again = m.match(ascendDemand("a2", "story-1"), T0).get(0);
            assertThat(a.reason()).isEqualTo("DEMAND_SURGE (0.86, main) involving Ascend 950 [huawei-ascend] matched watch \"Ascend demand\"");
            assertThat(a.evidence()).isEqualTo("Demand for the Ascend 950 jumped after DeepSeek released V4.");
            assertThat(a.alertId()).hasSize(32).isEqualTo(again.alertId());
            assertThat(a.entities()).extracting(Alert.EntityRef::id).containsExactly("huawei-ascend-950");
            assertThat(a.events()).hasSize(1);
        }
    }

    @Test
    void watchWithoutEventFilterUsesTheLeadSentenceAsEvidence() {
        try (WatchMatcher m = new WatchMatcher(List.of(watch("w", anyOf("deepseek"), null, null)))) {
            assertThat(m.match(ascendDemand("a1", "a1"), T0).get(0).evidence())
                    .isEqualTo("Demand for the Ascend 950 jumped after DeepSeek released V4.");
        }
    }

    @Test
    void defaultWatchesInSeedsParseAndCoverTheSevenIds() {
        List<Watch> defaults = WatchFiles.read(Path.of("../seeds/watches.yaml"));
        assertThat(defaults).extracting(Watch::id).containsExactly("ascend-demand", "license-changes", "entity-list",
                "export-rules", "hbm-supply", "domestic-gpu-ipos", "domestic-adoption", "smuggling-enforcement", "capacity-expansion");
        try (WatchMatcher m = new WatchMatcher(defaults)) {
            assertThat(m.match(ascendDemand("a1", "a1"), T0)).extracting(Alert::watchId).containsExactly("ascend-demand");
        }
    }
}
