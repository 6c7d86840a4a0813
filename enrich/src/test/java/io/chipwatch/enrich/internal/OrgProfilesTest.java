package io.chipwatch.enrich.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.enrich.Enricher;
import io.chipwatch.enrich.Fixtures;
import io.chipwatch.model.DetectedEvent;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.EventType;
import io.chipwatch.model.Mention;
import io.chipwatch.model.RawArticle;
import io.chipwatch.model.TaggedEntity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Unknown organisations carry what their name and description say (issue 11, item 3): {@code chinese} and country
 * {@code CN}, {@code chip}, {@code memory}; and the generic memory entity the hbm-supply watch needs.
 */
class OrgProfilesTest {
    private static final EntityTagger TAGGER = new EntityTagger(
            Gazetteer.load(Fixtures.seedsDir().resolve(Enricher.ENTITIES_FILE)), new OrgRecognizer());

    private static List<TaggedEntity> entities(String title, String text) {
        return TAGGER.tag(Text.normalize(title), Text.normalize(text)).entities();
    }

    private static TaggedEntity unknown(String title, String text, String name) {
        return entities(title, text).stream().filter(e -> !e.known() && e.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not recognised in: " + entities(title, text)));
    }

    @Test
    void shouldMakeAChinesePlaceAndAChipWordInTheNameAChineseChipCompany() {
        TaggedEntity e = unknown("", "The additions include Wuxi Zhuoheng Semiconductor Equipment Co., Ltd. and others.",
                "Wuxi Zhuoheng Semiconductor Equipment Co., Ltd.");
        assertThat(e.tags()).containsExactly("chinese", "chip");
        assertThat(e.country()).isEqualTo("CN");
    }

    @Test
    void shouldTagOnlyWhatTheNameSays() {
        TaggedEntity german = unknown("", "Rheinau Compound Semiconductors GmbH said it would appeal.",
                "Rheinau Compound Semiconductors GmbH");
        assertThat(german.tags()).containsExactly("chip");
        assertThat(german.country()).isNull();
        TaggedEntity snacks = unknown("", "Sichuan Lehuo Foods Group filed for a listing in Hong Kong.",
                "Sichuan Lehuo Foods Group");
        assertThat(snacks.tags()).containsExactly("chinese");
        TaggedEntity plain = unknown("", "Brightpath Components Ltd shipped the servers.", "Brightpath Components Ltd");
        assertThat(plain.tags()).isEmpty();
        assertThat(plain.country()).isNull();
    }

    @Test
    void shouldReadTheAppositionUpToWhereItTurnsToCustomers() {
        TaggedEntity packager = unknown("", "WUXI, April 22 - Jinghe Stacking Technology Co., a Wuxi-based start-up that "
                + "assembles stacked memory chips, has raised 2.6 billion yuan.", "Jinghe Stacking Technology Co.");
        assertThat(packager.tags()).containsExactly("chinese", "chip", "memory");
        TaggedEntity broker = unknown("", "Kestrel Node Solutions Ltd, a Singapore distributor that sells to Chinese "
                + "chipmakers, was also named.", "Kestrel Node Solutions Ltd");
        assertThat(broker.tags()).as("the customers are Chinese chipmakers, not the distributor").isEmpty();
    }

    @Test
    void shouldGiveNoChipTagToAFundNamedAfterWhatItInvestsIn() {
        TaggedEntity fund = unknown("", "The round was led by Qiantang Semiconductor Capital, which manages state money.",
                "Qiantang Semiconductor Capital");
        assertThat(fund.tags()).doesNotContain("chip");
    }

    @Test
    void shouldReadChineseNamesShortNamesAndLinesOfBusiness() {
        TaggedEntity yunxin = unknown("", "杭州云芯微电子科技股份有限公司(简称\"云芯微\")科创板IPO申请获受理。云芯微主营面向数据中心的AI推理芯片。",
                "杭州云芯微电子科技股份有限公司");
        assertThat(yunxin.id()).as("the whole legal form is stripped").isEqualTo("org:杭州云芯微电子科技");
        assertThat(yunxin.tags()).containsExactly("chinese", "chip");
        assertThat(yunxin.mentions()).extracting(Mention::text).contains("云芯微");

        TaggedEntity ruisuan = unknown("", "成都锐算科技股份有限公司(以下简称\"锐算科技\")申请获受理。锐算科技主营端侧AI芯片,本次拟募资18.5亿元。",
                "成都锐算科技股份有限公司");
        assertThat(ruisuan.id()).as("成都 is a city, not 都").isEqualTo("org:成都锐算科技");
        assertThat(ruisuan.tags()).containsExactly("chinese", "chip");

        TaggedEntity xinheng = unknown("", "国产GPU初创企业杭州芯衡智算科技有限公司宣布完成B轮融资。", "杭州芯衡智算科技有限公司");
        assertThat(xinheng.tags()).containsExactly("chinese", "chip");

        TaggedEntity school = unknown("", "苏州芯才教育科技有限公司负责培训。", "苏州芯才教育科技有限公司");
        assertThat(school.tags()).as("an education firm named for chip talent").containsExactly("chinese");
    }

    @Test
    void shouldLetAHeadlineCompanyNounNameTheLeadsFirstCompany() {
        String title = "Shenzhen start-up working on EUV light sources raises 1.8 billion yuan";
        String text = "SHENZHEN, March 20 - Shenzhen Lumiray Photonics Co., a three-year-old company developing light "
                + "sources for extreme-ultraviolet lithography, has raised 1.8 billion yuan in a funding round.";
        TaggedEntity e = unknown(title, text, "Shenzhen Lumiray Photonics Co.");
        assertThat(e.mentions()).filteredOn(m -> Mention.TITLE.equals(m.field())).extracting(Mention::text)
                .containsExactly("Shenzhen start-up");
        assertThat(e.tags()).containsExactly("chinese", "chip");

        List<TaggedEntity> known = entities("Chip start-up raises 1.8 billion yuan",
                "Cambricon said on Monday that Zenith Compute, a Shenzhen start-up, had raised money.");
        assertThat(known).filteredOn(x -> !x.known()).flatExtracting(TaggedEntity::mentions)
                .as("the lead opens with a gazetteer company").noneMatch(m -> Mention.TITLE.equals(m.field()));
    }

    @Test
    void shouldFireTheIpoEventWithTheChineseChipStartUpInItsSentence() {
        Enricher enricher = Enricher.fromSeeds(Fixtures.seedsDir());
        EnrichedArticle a = enricher.enrich(new RawArticle("a1", "chipchain", "https://example.com/a1",
                "Wuxi memory-packaging start-up raises 2.6 billion yuan, plans HBM stacking line",
                "WUXI, China, April 22 - Wuxi Jinghe Stacking Technology Co., a start-up that assembles stacked memory "
                        + "chips, has raised 2.6 billion yuan in a Series C round.",
                null, "en", Instant.parse("2026-04-22T09:40:00Z"), Instant.parse("2026-04-22T10:00:00Z"), List.of(), null));
        DetectedEvent ipo = a.events().stream().filter(ev -> ev.type() == EventType.FUNDING_IPO).findFirst().orElseThrow();
        TaggedEntity startUp = a.entities().stream().filter(e -> e.id().equals("org:wuxi-jinghe-stacking-technology"))
                .findFirst().orElseThrow();
        assertThat(ipo.entities()).contains(startUp.id());
        assertThat(startUp.tags()).contains("chinese", "chip", "memory");
    }

    @Test
    void shouldSeeMemoryNamedGenericallyButLeaveItInsideCompanyNames() {
        assertThat(entities("Chinese phone makers cut shipment targets as mobile memory runs short", ""))
                .extracting(TaggedEntity::id).contains("memory-chips");
        assertThat(entities("", "存储芯片价格持续上涨,模组厂商开始限量供货。")).extracting(TaggedEntity::id).contains("memory-chips");
        assertThat(entities("", "Yangtze Memory Technologies raised output.")).extracting(TaggedEntity::id)
                .contains("ymtc").doesNotContain("memory-chips");
        assertThat(entities("", "A shortage of power transformers is delaying data centres.")).extracting(TaggedEntity::id)
                .doesNotContain("memory-chips");
    }
}
