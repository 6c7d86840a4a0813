package io.chipwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.model.DetectedEvent;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.EventType;
import io.chipwatch.model.Salience;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How reporting says demand surges and buyers move to domestic chips, and the senses in which the same words
 * are no such event (seeds/events.yaml), plus the domain and argument rules of licences, rules, capacity and
 * enforcement that came with them. Each case: a sentence that fires and one that must not.
 */
class DemandAdoptionSenseTest {
    private static final Instant PUBLISHED = Instant.parse("2026-05-06T08:00:00Z");

    private static List<EventType> mainTypes(String title, String text) {
        EnrichedArticle a = Fixtures.enricher().enrich(Fixtures.article("t", "src", title, text, PUBLISHED));
        return a.events().stream().filter(e -> e.salience() == Salience.MAIN).map(DetectedEvent::type).toList();
    }

    private static List<EventType> headline(String title) {
        return mainTypes(title, "Analysts at several brokerages kept their estimates unchanged after the update.");
    }

    @Test
    void demandSaidAsRentalPricesRacesAndLiftedOrders() {
        assertThat(headline("Rental prices for Huawei Ascend clusters climb as start-ups chase capacity")).contains(EventType.DEMAND_SURGE);
        assertThat(headline("Rental prices for Shanghai office space climb as start-ups expand")).doesNotContain(EventType.DEMAND_SURGE);
        assertThat(headline("昇腾集群月租价格上涨三成")).contains(EventType.DEMAND_SURGE);
        assertThat(headline("Chinese fabs race to stock spare parts for US chip tools")).contains(EventType.DEMAND_SURGE);
        assertThat(headline("Tencent lifts Huawei AI chip orders as new model lands")).contains(EventType.DEMAND_SURGE);
        assertThat(headline("昇腾订单排至明年")).contains(EventType.DEMAND_SURGE);
    }

    @Test
    void ordersHeldBackMovedOrNamedAsACauseAreNoSurge() {
        assertThat(headline("Regulators tell Chinese technology companies to suspend new orders for Nvidia's H200"))
                .doesNotContain(EventType.DEMAND_SURGE).contains(EventType.DOMESTIC_ADOPTION);
        assertThat(headline("Nvidia suspends orders for H20 wafers at TSMC")).doesNotContain(EventType.DOMESTIC_ADOPTION);
        assertThat(headline("SSD makers refuse new orders for memory chips as NAND runs short")).doesNotContain(EventType.DEMAND_SURGE);
        assertThat(headline("A DRAM shortage driven by demand for AI servers deepens")).doesNotContain(EventType.DEMAND_SURGE)
                .contains(EventType.SUPPLY_SHORTAGE);
        assertThat(headline("Chinese chip designers shifted orders home, lifting SMIC output")).doesNotContain(EventType.DEMAND_SURGE);
        assertThat(headline("Demand for water and power from new AI server halls surges in Johor")).doesNotContain(EventType.DEMAND_SURGE);
        assertThat(mainTypes("寒武纪计划扩产", "为应对客户旺盛的需求,寒武纪计划新增晶圆产能。"))
                .doesNotContain(EventType.DEMAND_SURGE).contains(EventType.CAPACITY_EXPANSION);
    }

    @Test
    void buyersMovingToDomesticChipsInProcurementWords() {
        assertThat(headline("China adds Huawei and Cambricon AI processors to a list of approved suppliers for government purchases"))
                .contains(EventType.DOMESTIC_ADOPTION);
        assertThat(headline("China Unicom to source inference servers only from suppliers using Chinese-designed processors"))
                .contains(EventType.DOMESTIC_ADOPTION);
        assertThat(headline("China Unicom to source inference servers from several suppliers")).doesNotContain(EventType.DOMESTIC_ADOPTION);
        assertThat(headline("Banks move fraud detection models onto servers built with domestic processors"))
                .contains(EventType.DOMESTIC_ADOPTION).doesNotContain(EventType.SMUGGLING_ENFORCEMENT);
        assertThat(headline("Prosecutors charge two men with fraud over Nvidia chip shipments to China"))
                .contains(EventType.SMUGGLING_ENFORCEMENT);
    }

    @Test
    void shortageAndCapacityInOtherWords() {
        assertThat(headline("Buyers are struggling to get DDR4 memory chips at any price")).contains(EventType.SUPPLY_SHORTAGE);
        assertThat(headline("ABF载板缺货加剧 交期拉长")).contains(EventType.SUPPLY_SHORTAGE);
        assertThat(headline("CXMT plans third Hefei fab")).contains(EventType.CAPACITY_EXPANSION);
    }

    @Test
    void dataCentresAndShareMovesAreNoCapacity() {
        assertThat(mainTypes("省国资委印发算力指引", "省国资委周二印发指引,明确省属企业新建、扩建智能计算中心原则上采用国产AI芯片。"))
                .doesNotContain(EventType.CAPACITY_EXPANSION).contains(EventType.DOMESTIC_ADOPTION);
        assertThat(headline("长鑫存储扩建合肥晶圆厂")).contains(EventType.CAPACITY_EXPANSION);
        assertThat(headline("Shares of Chinese toolmakers rise on expectations of more business from new fabs"))
                .doesNotContain(EventType.CAPACITY_EXPANSION);
        assertThat(headline("SMIC to build two new fabs in Shanghai")).contains(EventType.CAPACITY_EXPANSION);
    }

    @Test
    void licencesOutsideExportControlsAndRequirementsForAClassAreNoLicenceChange() {
        assertThat(headline("Chinese aviation regulator grants drone firms licences to operate night flights"))
                .doesNotContain(EventType.LICENSE_CHANGE);
        assertThat(headline("Commerce grants Nvidia licences to ship H20 chips to China")).contains(EventType.LICENSE_CHANGE);
        assertThat(headline("Exports of etch tools to China will need a licence under new US rule")).doesNotContain(EventType.LICENSE_CHANGE);
        assertThat(headline("Nvidia will need a licence to export its H20 to China")).contains(EventType.LICENSE_CHANGE);
    }

    @Test
    void aFederalRegisterRuleThatListsPartiesIsTheListing() {
        assertThat(mainTypes("美方将5家中国企业列入实体清单", "美国商务部周二在联邦公报发布规则,将5家中国企业列入实体清单。"))
                .contains(EventType.ENTITY_LIST).doesNotContain(EventType.EXPORT_RULE);
        assertThat(headline("US extends pause of Entity List affiliates rule by six months")).contains(EventType.EXPORT_RULE);
    }
}
