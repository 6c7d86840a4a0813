package io.chipwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.enrich.internal.EventRules;
import io.chipwatch.enrich.internal.SeedException;
import io.chipwatch.model.DetectedEvent;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.EventType;
import io.chipwatch.model.Salience;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * A trigger counts only in its sense and with the arguments its event needs (seeds/events.yaml:
 * {@code falseFriends}, {@code requires}); the idioms and misses reported on real articles, in
 * English and Chinese.
 */
class TriggerSenseTest {
    private static final Instant PUBLISHED = Instant.parse("2026-05-06T08:00:00Z");

    private static List<EventType> mainTypes(String title, String text) {
        EnrichedArticle a = Fixtures.enricher().enrich(Fixtures.article("t", "src", title, text, PUBLISHED));
        return a.events().stream().filter(e -> e.salience() == Salience.MAIN).map(DetectedEvent::type).toList();
    }

    private static DetectedEvent main(String title, String text, EventType type) {
        EnrichedArticle a = Fixtures.enricher().enrich(Fixtures.article("t", "src", title, text, PUBLISHED));
        return a.events().stream().filter(e -> e.type() == type && e.salience() == Salience.MAIN).findFirst()
                .orElseThrow(() -> new AssertionError("no main " + type + " in " + a.events()));
    }

    @Test
    void investorsSeizingOnAListingIsNoSeizure() {
        assertThat(mainTypes("Chip designer's shares jump on debut",
                "Investors seized on the listing of Cambricon shares and the Nvidia rival's stock doubled."))
                .doesNotContain(EventType.SMUGGLING_ENFORCEMENT);
        assertThat(mainTypes("Customs seize Nvidia chips", "Customs officers seized 2,000 Nvidia H100 chips at the border on Monday."))
                .contains(EventType.SMUGGLING_ENFORCEMENT);
    }

    @Test
    void placedOnTheListIsNoSharePlacement() {
        assertThat(mainTypes("US blacklists Chinese chip firm", "Sophgo was placed on the list for supplying the military, the company said."))
                .doesNotContain(EventType.FUNDING_IPO);
    }

    @Test
    void sanctionsRestrictingLicensingInAPhoneStoryAreNoLicenceChange() {
        assertThat(mainTypes("Huawei unveils Mate 80 phone with new Kirin chip",
                "Huawei on Tuesday launched its Mate 80 smartphone.\n\nThe phone goes on sale next week.\n\n"
                        + "Huawei has rebuilt its phone business despite US sanctions restricting chip licensing to the company."))
                .doesNotContain(EventType.LICENSE_CHANGE);
    }

    @Test
    void indictmentAndListingBoilerplateAreNoLicenceChange() {
        assertThat(mainTypes("Two charged with smuggling Nvidia chips to China",
                "Federal prosecutors charged two men on Tuesday with smuggling Nvidia H100 chips to China. "
                        + "No licence was sought for the shipments, the indictment said."))
                .contains(EventType.SMUGGLING_ENFORCEMENT).doesNotContain(EventType.LICENSE_CHANGE);
        assertThat(mainTypes("US adds 12 Chinese firms to Entity List", "The Commerce Department added 12 Chinese companies to the "
                + "Entity List on Tuesday. Listed companies cannot receive US goods without a licence, which is likely to be denied."))
                .contains(EventType.ENTITY_LIST).doesNotContain(EventType.LICENSE_CHANGE);
    }

    @Test
    void allowingH200SalesWithARevenueCutIsALicenceChange() {
        assertThat(main("Washington to allow H200 sales to China", "The US government will allow H200 sales to approved customers in "
                + "China, taking a 25% cut of the revenue, President Donald Trump said on Monday.", EventType.LICENSE_CHANGE).direction())
                .hasToString("GRANTED");
        main("美国将允许英伟达向中国出售H200", "美国总统周一表示,美国将允许英伟达向中国获批客户出售H200芯片,政府将从销售收入中抽取25%。",
                EventType.LICENSE_CHANGE);
    }

    @Test
    void phasingForeignProcessorsOutOfGovernmentComputersIsDomesticAdoption() {
        main("China to phase foreign processors out of state PCs", "China's government is phasing foreign processors out of its "
                + "own PCs and servers, officials said on Tuesday.", EventType.DOMESTIC_ADOPTION);
        main("中国要求政府电脑逐步淘汰英特尔和AMD处理器", "据新的采购指引,中国政府机关将逐步淘汰电脑中的英特尔和AMD处理器,转而采用国产芯片。",
                EventType.DOMESTIC_ADOPTION);
    }

    @Test
    void aModelBuiltForComingDomesticChipsIsDomesticAdoption() {
        main("DeepSeek says V4 is built for coming domestic chips", "DeepSeek said its V4 model was built for the next generation "
                + "of domestic chips.", EventType.DOMESTIC_ADOPTION);
    }

    @Test
    void aProductionBottleneckBehindAscendDemandIsADemandSurgeWithTheAscend() {
        DetectedEvent e = main("Ascend demand runs into a production bottleneck", "Demand for Huawei's Ascend 910C far outstrips "
                + "what Huawei can make, as a packaging bottleneck limits output, people familiar with the matter said.",
                EventType.DEMAND_SURGE);
        assertThat(e.entities()).contains("huawei-ascend-910c");
        assertThat(main("昇腾芯片供不应求", "受封装产能瓶颈制约,华为昇腾910C芯片的需求远超供给,多家客户排队等货。", EventType.DEMAND_SURGE)
                .entities()).contains("huawei-ascend-910c");
    }

    /** Regression: a rules file sharing one unless list through a YAML alias lost it in the second rule (read as text). */
    @Test
    void rulesMayShareListsThroughYamlAliases() {
        String yaml = """
                rules:
                  - id: r1
                    type: SMUGGLING_ENFORCEMENT
                    all: [[smuggl*]]
                    unless: &boilerplate [casino, poker]
                  - id: r2
                    type: SMUGGLING_ENFORCEMENT
                    all: [[seize~]]
                    unless: *boilerplate
                """;
        EventRules rules = EventRules.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "r.yaml");
        assertThat(rules.rules().get(1).unless()).hasSize(2);
    }

    @Test
    void requiresAndFalseFriendsAreCheckedWhenRulesLoad() {
        String yaml = """
                rules:
                  - id: r1
                    type: SMUGGLING_ENFORCEMENT
                    all: [[seize~]]
                    falseFriends: ["@GADGET"]
                    requires:
                      goods: {terms: [], within: -2}
                """;
        Assertions.assertThatThrownBy(() -> EventRules.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "r.yaml"))
                .isInstanceOf(SeedException.class)
                .hasMessageContaining("rule 'r1' 'falseFriends': term '@GADGET'")
                .hasMessageContaining("requires.goods: 'within' must be >= 0")
                .hasMessageContaining("requires.goods: needs at least one term");
    }
    @Test
    void aLicenceRequirementForAClassOfGoodsIsARuleAndForANamedChipALicenceDecision() {
        assertThat(mainTypes("Korea to require licences for HBM equipment shipments to China",
                "SEOUL - South Korea will require exporters to obtain licences before shipping advanced memory stacking tools to China, "
                        + "the trade ministry said on Tuesday."))
                .contains(EventType.EXPORT_RULE).doesNotContain(EventType.LICENSE_CHANGE);
        assertThat(mainTypes("Nvidia says H20 now needs a US licence",
                "Nvidia said on Tuesday the US government now requires a licence to export its H20 chips to China."))
                .contains(EventType.LICENSE_CHANGE).doesNotContain(EventType.EXPORT_RULE);
    }

    @Test
    void anEntityListAdditionAndTheAgencysNameAreNoExportRule() {
        assertThat(mainTypes("美方将5家中国企业列入实体清单",
                "美国商务部工业与安全局周二宣布,将5家中国企业列入出口管制\"实体清单\",称其为受限用户采购芯片。"))
                .contains(EventType.ENTITY_LIST).doesNotContain(EventType.EXPORT_RULE);
        assertThat(mainTypes("US starts approving licences for AI chip sales",
                "The Bureau of Industry and Security, the department's export-control arm, began approving licences to sell "
                        + "Nvidia chips to Chinese buyers on Monday."))
                .doesNotContain(EventType.EXPORT_RULE);
    }

    @Test
    void permitsAndPlantsOutsideChipsAreNoEvent() {
        assertThat(mainTypes("深圳向两家企业发放无人驾驶出租车运营许可",
                "深圳市交通运输局周二宣布,向两家企业发放自动驾驶出租车示范运营许可。"))
                .doesNotContain(EventType.LICENSE_CHANGE);
        assertThat(mainTypes("Carmaker opens new plant in Hefei to build electric vehicles",
                "The carmaker opened a new plant on Monday that will build 200,000 electric vehicles a year."))
                .doesNotContain(EventType.CAPACITY_EXPANSION);
        assertThat(mainTypes("Noodle chain raises HK$200 million in share placement",
                "The noodle restaurant chain placed 80 million new shares on Tuesday, raising HK$200 million to open new outlets."))
                .doesNotContain(EventType.FUNDING_IPO);
    }

    @Test
    void aLicenceReviewUnderAPresumptionOfDenialIsNoCapacity() {
        assertThat(mainTypes("US tightens controls on chip tool parts",
                "Licence applications for parts bound for advanced-node fabs in China will be reviewed under a presumption of denial, "
                        + "the agency said on Tuesday."))
                .doesNotContain(EventType.CAPACITY_EXPANSION);
    }

    @Test
    void aShortageCountsOnlyWithAChipMemoryOrMaterialProduct() {
        assertThat(mainTypes("Grid operator turns away new factories",
                "The grid operator said on Tuesday it would stop connecting new industrial sites this year because of a shortage "
                        + "of transformers, whose supply has been tight since the spring."))
                .doesNotContain(EventType.SUPPLY_SHORTAGE);
        assertThat(mainTypes("医院护士短缺问题加剧", "本周,多家医院表示护士供应紧张,部分科室不得不暂停接诊。"))
                .doesNotContain(EventType.SUPPLY_SHORTAGE);
        assertThat(mainTypes("HBM supply stays tight into next year",
                "Memory makers said on Tuesday that supply of high-bandwidth memory would remain tight, with buyers still short."))
                .contains(EventType.SUPPLY_SHORTAGE);
        assertThat(mainTypes("国内先进封装产能告急", "本周多家芯片设计公司表示,CoWoS先进封装产能告急,交期已延长至半年。"))
                .contains(EventType.SUPPLY_SHORTAGE);
    }

    @Test
    void aDenialATalentGapAndATrialDateAreNoEvents() {
        assertThat(mainTypes("Kuaishou denies Ascend order report",
                "Kuaishou said on Wednesday that a media report claiming it had agreed to buy 30,000 Huawei Ascend processors was "
                        + "inaccurate."))
                .doesNotContain(EventType.DEMAND_SURGE);
        assertThat(mainTypes("报告:集成电路人才缺口扩大 AI芯片设计岗位需求激增", "报告显示,芯片设计岗位需求本周大幅增长。"))
                .doesNotContain(EventType.DEMAND_SURGE);
        assertThat(mainTypes("Judge delays GPU export trial",
                "A federal judge on Tuesday postponed the trial of two men accused of smuggling Nvidia processors to China."))
                .doesNotContain(EventType.SMUGGLING_ENFORCEMENT);
        assertThat(mainTypes("碳酸锂告急 锂盐厂宣布扩产", "本周碳酸锂供应紧张,多家锂盐企业宣布扩产。"))
                .doesNotContain(EventType.SUPPLY_SHORTAGE, EventType.CAPACITY_EXPANSION);
        assertThat(mainTypes("Ascend orders surge at state carriers", "Orders for Huawei Ascend processors surged this week, distributors said."))
                .contains(EventType.DEMAND_SURGE);
    }

    /** Regression (holdout4): court procedure, denials in Chinese, spectrum licences and index changes were events. */
    @Test
    void courtProcedureDenialsSpectrumAndIndexChangesAreNoEvent() {
        assertThat(mainTypes("Judge delays trial of pair accused of diverting AI chips to China",
                "A federal judge on Tuesday agreed to delay the trial of two men accused of diverting Nvidia chips, giving "
                        + "the defence more time to review evidence."))
                .doesNotContain(EventType.SMUGGLING_ENFORCEMENT);
        assertThat(mainTypes("Court gives prosecutors eight more weeks in server fraud case",
                "A court on Friday adjourned the case against three men accused of deceiving server makers."))
                .doesNotContain(EventType.SMUGGLING_ENFORCEMENT);
        assertThat(mainTypes("Prosecutors charge two over Nvidia chip smuggling",
                "Prosecutors on Tuesday charged two men with smuggling Nvidia H100 chips to China."))
                .contains(EventType.SMUGGLING_ENFORCEMENT);
        assertThat(mainTypes("长江存储回应赴港上市传闻", "长江存储相关负责人回应称,上述报道与事实不符,公司目前没有赴港上市的具体安排。"))
                .doesNotContain(EventType.FUNDING_IPO);
        assertThat(mainTypes("工信部向中国移动颁发U6G频段试验频率使用许可", "工信部日前向中国移动颁发U6G频段试验频率使用许可,芯片厂商有望受益。"))
                .doesNotContain(EventType.LICENSE_CHANGE);
        assertThat(mainTypes("科创50指数样本调整 两家芯片公司调入", "根据编制方案,科创50从科创板上市公司中选取50只证券作为样本,本次调入两家芯片公司。"))
                .doesNotContain(EventType.FUNDING_IPO);
    }

    /** Regression (holdout4): a timeline retells the story; none of its entries is news. */
    @Test
    void aTimelineHasNoMainEvent() {
        assertThat(mainTypes("From A100 to H200: a timeline of how Washington reshaped Nvidia's China business",
                "Washington has changed the rules for Nvidia's China sales many times.\n\nAugust 2022: the U.S. government "
                        + "imposes a licence requirement on A100 and H100 processors for China."))
                .isEmpty();
    }

    /** Regression (holdout5): a sanctions list of another trade is no entity list; un-blacklisting is a removal. */
    @Test
    void aBlacklistNeedsATechnologyContextAndUnBlacklistingIsARemoval() {
        assertThat(mainTypes("Treasury targets tanker operators over Iranian crude",
                "The Treasury Department on Tuesday added two tanker operators and a Dalian refinery to its Specially Designated "
                        + "Nationals list for handling Iranian crude."))
                .doesNotContain(EventType.ENTITY_LIST);
        assertThat(mainTypes("美财政部将三家原油运输公司列入黑名单", "美国财政部周二宣布,将三家涉嫌运输伊朗原油的航运公司及其负责人列入黑名单。"))
                .doesNotContain(EventType.ENTITY_LIST);
        assertThat(main("US blacklists three Chinese chip tool makers", "The Commerce Department on Tuesday blacklisted three Chinese "
                + "semiconductor equipment makers for supplying military fabs.", EventType.ENTITY_LIST).direction())
                .hasToString("ADDED");
        assertThat(main("Commerce un-blacklists two Shenzhen component distributors", "The Commerce Department on Friday "
                + "reversed last month's listing of two Shenzhen distributors after they showed no link to drone makers.",
                EventType.ENTITY_LIST).direction())
                .hasToString("REMOVED");
        assertThat(mainTypes("美方暂停关联方规则一年", "暂停期间,被列入实体清单、未经核实清单等名单的企业,其控股子公司不会被自动追加限制。"))
                .doesNotContain(EventType.ENTITY_LIST);
    }

    /** Regression (holdout5): a ban turned into sales to screened buyers eases licences; a yearly licence given is a grant. */
    @Test
    void aBanReversedEasesLicencesAndALicenceGivenIsAGrant() {
        assertThat(main("Nvidia can sell H200 chips in China again", "Nvidia will be allowed to sell its H200 chips to screened buyers "
                + "in China, reversing a ban imposed in 2022, the White House said on Monday.", EventType.LICENSE_CHANGE).direction())
                .hasToString("EASED");
        assertThat(main("SK hynix keeps its Wuxi tools flowing", "The US has given SK hynix a yearly licence to ship chipmaking tools "
                + "to its Wuxi fab in China, people familiar with the matter said on Tuesday.", EventType.LICENSE_CHANGE).direction())
                .hasToString("GRANTED");
    }

    /** Regression (holdout5): exchange letters, listing-regime rules and index methodology are no offering. */
    @Test
    void exchangeLettersListingRulesAndIndexMethodologyAreNoOffering() {
        assertThat(mainTypes("连续涨停 某芯片设备公司收到上交所问询函", "该公司周一晚间披露,因股价异动收到上交所问询函,要求说明是否存在应披露未披露的重大信息。"))
                .doesNotContain(EventType.FUNDING_IPO);
        assertThat(mainTypes("证监会推出科创板改革措施", "证监会周五发布科创板改革措施,上交所同步就配套业务规则公开征求意见,未盈利芯片企业有望受益。"))
                .doesNotContain(EventType.FUNDING_IPO);
        assertThat(mainTypes("科创芯片指数定期调整结果出炉", "根据指数编制规则,本次定期调整将于下周五收市后生效,两家半导体公司将进入指数。"))
                .doesNotContain(EventType.FUNDING_IPO).doesNotContain(EventType.EXPORT_RULE);
        assertThat(mainTypes("芯片设计公司科创板IPO获受理", "上交所周四受理了一家芯片设计公司的科创板上市申请,公司拟募资30亿元。"))
                .contains(EventType.FUNDING_IPO);
    }

    /** Regression (holdout5): power equipment is no chip demand or shortage; an order book's size is demand. */
    @Test
    void powerEquipmentIsNoChipDemandAndAnOrderBooksSizeIsDemand() {
        assertThat(mainTypes("数据中心的瓶颈不在芯片:变压器订单排到明年", "多家变压器厂商表示,面向数据中心的订单激增,交付周期已拉长至两年。"))
                .doesNotContain(EventType.DEMAND_SURGE).doesNotContain(EventType.SUPPLY_SHORTAGE);
        assertThat(mainTypes("The data-centre crunch", "The real shortage isn't GPUs. Utilities say switchgear is sold out into 2027."))
                .doesNotContain(EventType.SUPPLY_SHORTAGE);
        assertThat(mainTypes("互联网大厂向寒武纪下达百亿元订单", "据知情人士透露,这家互联网公司已向寒武纪下达价值约120亿元的AI芯片订单,明年一季度开始交付。"))
                .contains(EventType.DEMAND_SURGE);
    }

    /** Regression (holdout5): a court granting time is procedure; a commentary headline leaves no event main. */
    @Test
    void courtExtensionsAndCommentaryAreNoEnforcement() {
        assertThat(mainTypes("Judge gives prosecutors more time in Nvidia server case", "A district judge on Thursday granted prosecutors a "
                + "further eight weeks to investigate the two men accused of diverting Nvidia servers to China."))
                .doesNotContain(EventType.SMUGGLING_ENFORCEMENT);
        assertThat(mainTypes("Four things Washington could do about GPU smuggling", "Last week's indictment in Texas shows how Nvidia "
                + "chips are smuggled to China through shell companies."))
                .doesNotContain(EventType.SMUGGLING_ENFORCEMENT);
    }

    /** Regression (holdout5): export licensing of cars is another trade. */
    @Test
    void vehicleExportLicencesAreNoChipLicenceOrRule() {
        assertThat(mainTypes("商务部:对纯电动乘用车实施出口许可证管理", "商务部、海关总署周五发布公告,自明年1月1日起对纯电动乘用车出口实施许可证管理。"))
                .doesNotContain(EventType.LICENSE_CHANGE).doesNotContain(EventType.EXPORT_RULE);
        assertThat(mainTypes("China to require export licences for electric cars", "Beijing will require export licences for electric "
                + "car shipments from January, the commerce ministry said on Friday."))
                .doesNotContain(EventType.LICENSE_CHANGE).doesNotContain(EventType.EXPORT_RULE);
        assertThat(mainTypes("泰国要求AI芯片出口须申领许可", "泰国商务部周二宣布,即日起出口或转运美国原产高性能AI芯片须事先申领出口许可证。"))
                .contains(EventType.EXPORT_RULE);
    }

    /** Regression (holdout5): an anniversary dates its fact; a supply gap, capacity passing a mark and only-domestic orders count. */
    @Test
    void anniversariesAreHistoryAndSupplyGapsCapacityMarksAndOnlyDomesticCount() {
        assertThat(mainTypes("芯片管制这三年", "三年前的今天,美国商务部发布对华先进计算芯片出口管制规则。"))
                .doesNotContain(EventType.EXPORT_RULE);
        assertThat(mainTypes("存储供需缺口持续扩大 DRAM合约价再涨", "多家模组厂商周一表示,DRAM合约价本季度将再涨三成。"))
                .contains(EventType.SUPPLY_SHORTAGE);
        assertThat(mainTypes("华虹半导体无锡晶圆厂月产能首破10万片 明年扩产有望提速", "华虹半导体周二表示,无锡工厂月产能已超过10万片。"))
                .contains(EventType.CAPACITY_EXPANSION);
        assertThat(mainTypes("Beijing tells state-funded datacenters to go domestic", "Regulators told operators of state-funded "
                + "datacenter projects to use only domestically made accelerators and rip out foreign chips, people familiar said on Tuesday."))
                .contains(EventType.DOMESTIC_ADOPTION);
    }

    /** Regression (holdout5): a model designed for domestic chips adopts them; demand that motivates a plant is no surge. */
    @Test
    void aModelDesignedForDomesticChipsIsAdoptionAndDemandBehindAPlantIsNoSurge() {
        assertThat(mainTypes("深度求索新模型专为国产芯片设计", "深度求索周四发布的新模型,其数值格式专为下一代国产芯片设计。"))
                .contains(EventType.DOMESTIC_ADOPTION);
        assertThat(mainTypes("Micron opens Boise memory fab early", "Micron opened its new Boise fab three months early on Tuesday, "
                + "racing to add memory capacity for AI customers whose orders are running ahead of supply."))
                .doesNotContain(EventType.DEMAND_SURGE);
        assertThat(mainTypes("Micron opens Boise memory fab early", "Micron opened its new Boise fab on Tuesday. Because HBM demand has "
                + "risen faster than planned, the company said, a second phase will follow."))
                .doesNotContain(EventType.DEMAND_SURGE);
        assertThat(mainTypes("Orders for SK hynix HBM jump", "Orders for SK hynix's HBM chips jumped 40% this quarter, the company said on Tuesday."))
                .contains(EventType.DEMAND_SURGE);
    }

    /** Regression (holdout5, writer A): what a listing brings is its consequence; capital spending is no funding. */
    @Test
    void aListingsLicenceRequirementAndRuleFindingAreNoLicenceChangeOrRule() {
        String title = "US adds three Wuxi tool distributors to Entity List";
        String text = "The Commerce Department on Friday added three Wuxi tool distributors to the Entity List. Exporters now need "
                + "a licence to ship them any item subject to the Export Administration Regulations, and requests will be "
                + "reviewed under a presumption of denial. The agency said in a rule that took effect on Friday that the "
                + "entities had acted contrary to U.S. foreign policy interests.";
        assertThat(mainTypes(title, text)).contains(EventType.ENTITY_LIST)
                .doesNotContain(EventType.LICENSE_CHANGE).doesNotContain(EventType.EXPORT_RULE);
        assertThat(mainTypes("SK hynix lifts 2026 investment", "SK hynix said on Thursday it would raise capital spending sharply "
                + "this year to add production lines."))
                .doesNotContain(EventType.FUNDING_IPO).contains(EventType.CAPACITY_EXPANSION);
        assertThat(mainTypes("Chip designer raises funds", "Shanghai chip designer Lianrui said on Thursday it had raised 2 billion "
                + "yuan in a new funding round."))
                .contains(EventType.FUNDING_IPO);
    }

    /** Regression (holdout5, writer A): a ban widened is a rule; demand that stays strong is no jump; a measure unlike the controls is none. */
    @Test
    void widenedControlsCountDemandThatStaysStrongAndContrastsDoNot() {
        assertThat(mainTypes("Beijing widens rare-earth curbs", "China on Thursday widened its export controls on rare earths to "
                + "cover magnets made abroad."))
                .contains(EventType.EXPORT_RULE);
        assertThat(mainTypes("晶圆厂三季度营收创新高", "公司管理层在业绩说明会上表示,国内客户对功率器件芯片的需求仍然旺盛。"))
                .doesNotContain(EventType.DEMAND_SURGE);
        assertThat(mainTypes("摩托车出口将实行许可证管理", "商务部周五表示,此次摩托车出口许可证管理属于货物贸易管理措施,与针对镓、锗等物项实施的"
                + "两用物项出口管制性质不同。"))
                .doesNotContain(EventType.EXPORT_RULE).doesNotContain(EventType.LICENSE_CHANGE);
    }

    /** Regression (holdout5, writer A): a quoted clause in a headline is its news; a short quoted term is no speech. */
    @Test
    void quotedTermsAndHeadlinesAreNotSpeech() {
        DetectedEvent e = main("商务部:暂停实施镓、锗两用物项对美出口\"原则上不予许可\"规定", "商务部周日发布公告。", EventType.LICENSE_CHANGE);
        assertThat(e.salienceReason()).doesNotContain("quote");
        assertThat(main("Nvidia trims outlook", "Nvidia cut its forecast on Wednesday.\n\nThe company also said the so-called "
                + "\"H20 licence\" regime would be suspended this week.", EventType.LICENSE_CHANGE).salienceReason()).doesNotContain("quote");
    }

    /** Regression (holdout6): scrutiny at a hearing, a compliance checklist and a leading condition report no action. */
    @Test
    void hearingsChecklistsAndLeadingConditionsAreNoAction() {
        assertThat(mainTypes("Lawmakers press Commerce chief on Nvidia licences at House hearing", "Commerce Secretary faced "
                + "questions on Tuesday about the decision to grant Nvidia licences to sell chips in China."))
                .doesNotContain(EventType.LICENSE_CHANGE);
        assertThat(mainTypes("A checklist for the return of the BIS affiliates rule", "Exporters should map their customers' owners now."))
                .isEmpty();
        assertThat(mainTypes("Rule review", "Exporters are reviewing their deals.\n\nUnless Commerce extends the pause, the licence "
                + "requirements for chip exports to China will apply again from May."))
                .doesNotContain(EventType.LICENSE_CHANGE);
        assertThat(mainTypes("Commerce suspends chip export licences", "The Commerce Department suspended export licences for "
                + "chip sales to China on Tuesday."))
                .contains(EventType.LICENSE_CHANGE);
    }

    /** Regression (holdout6): an AI model developer's listing, a charge under export controls and poaching engineers are no events of theirs. */
    @Test
    void modelDeveloperListingsExportControlChargesAndPoachingAreNot() {
        assertThat(mainTypes("Chatbot maker doubles in Hong Kong debut", "The Shanghai chatbot maker's shares doubled in their Hong Kong "
                + "debut on Friday, valuing the AI company at HK$100 billion."))
                .doesNotContain(EventType.FUNDING_IPO);
        assertThat(mainTypes("GPU designer doubles in Shanghai debut", "Shares of GPU designer Moore Threads doubled in their STAR "
                + "Market debut on Friday."))
                .contains(EventType.FUNDING_IPO);
        assertThat(mainTypes("EDA vendor to plead guilty", "The chip-design software vendor agreed on Monday to plead guilty to an "
                + "export-control charge over sales to a Chinese university."))
                .doesNotContain(EventType.EXPORT_RULE);
        assertThat(mainTypes("Taipei prosecutors widen poaching probe", "Prosecutors on Wednesday questioned executives of Chinese chip "
                + "firms accused of illegally recruiting Taiwanese engineers."))
                .doesNotContain(EventType.SMUGGLING_ENFORCEMENT);
    }

    /** Regression (holdout6): an exemption eases licences; Japan's End User List is a blacklist; looking back over years is history. */
    @Test
    void exemptionsEaseEndUserListsListAndLookingBackIsHistory() {
        assertThat(main("商务部:安世芯片民用出口可获豁免", "商务部周六表示,出口商声明民用用途后即可不再逐笔申领出口许可,安世芯片出口流程进一步简化。",
                EventType.LICENSE_CHANGE).direction()).hasToString("EASED");
        assertThat(main("METI revises End User List, adds 12 Chinese entities", "Japan's trade ministry added 12 Chinese organisations "
                + "to its End User List on Friday.", EventType.ENTITY_LIST).direction()).hasToString("ADDED");
        assertThat(mainTypes("人民日报评论:滥用出口管制终将损人害己", "回顾过去几年,个别国家把一批又一批中国企业列入所谓实体清单。"))
                .isEmpty();
    }

    /** Regression (holdout8): a listing's licence requirement and its reason, an OS switch, an unnamed node, a patent portfolio and grid gear are no events. */
    @Test
    void listingConsequencesAndReasonsSoftwareSilencePatentsAndGridGearAreNotEvents() {
        assertThat(mainTypes("BRIEF: US adds two Shenzhen distributors to Entity List", "Exports of any item subject to the "
                + "Export Administration Regulations to the two firms will now require a licence, with applications reviewed "
                + "under a presumption of denial.")).doesNotContain(EventType.EXPORT_RULE);
        assertThat(mainTypes("US adds 14 Chinese and Singaporean firms to Entity List over fab-tool and GPU diversion", "The rule "
                + "names brokers in Shenzhen and Singapore.")).doesNotContain(EventType.SMUGGLING_ENFORCEMENT);
        assertThat(mainTypes("美国再将23家中国实体列入实体清单", "BIS称,两家公司涉嫌为中芯国际采购美国原产设备,\"协助被列名实体规避出口管制\"。"))
                .doesNotContain(EventType.SMUGGLING_ENFORCEMENT);
        assertThat(mainTypes("华为Mate 80系列发布", "这是华为在鸿蒙系统全面切换到HarmonyOS 6之后推出的首个旗舰系列。"))
                .doesNotContain(EventType.DOMESTIC_ADOPTION);
        assertThat(mainTypes("Huawei unveils Mate 80", "The company did not give the process node, the foundry or the memory "
                + "suppliers.")).doesNotContain(EventType.CAPACITY_EXPANSION);
        assertThat(mainTypes("Quantell signs patent licence with Apexon", "Under the agreement, Apexon receives a licence to "
                + "Quantell's portfolio covering DDR5 module buffering, for products shipped worldwide."))
                .doesNotContain(EventType.LICENSE_CHANGE);
        assertThat(mainTypes("Transformer shortage slows data centres", "Manufacturers including Hitachi Energy and Schneider "
                + "Electric are sold out for several years on some product lines and chips are not the constraint."))
                .doesNotContain(EventType.SUPPLY_SHORTAGE);
        assertThat(mainTypes("变压器厂商港股上市", "国内电力变压器及成套设备制造商江苏华能电气股份有限公司今日在香港联交所主板挂牌上市。"))
                .doesNotContain(EventType.FUNDING_IPO);
        assertThat(mainTypes("解读:50%规则暂停后", "在美国商务部宣布暂停执行所谓\"关联方规则\"(Affiliates Rule,又称\"50%规则\")数月之后,"
                + "企业仍在梳理股权结构。")).doesNotContain(EventType.EXPORT_RULE);
    }

    /** Regression (holdout8): an export regime widened, export status stripped, a VEU name removed, a final rule published, a list drop after checks that had stalled. */
    @Test
    void regimesStatusRemovalsFinalRulesAndDropsAreEvents() {
        assertThat(mainTypes("Netherlands widens chip-equipment export regime to metrology and inspection tools", "The change "
                + "takes effect on April 1.")).contains(EventType.EXPORT_RULE);
        assertThat(main("Washington strips Samsung and SK Hynix China fabs of fast-track export status", "The change takes "
                + "effect in 120 days.", EventType.LICENSE_CHANGE).direction()).hasToString("REVOKED");
        assertThat(main("美国取消三星在华工厂VEU资格", "美国商务部工业与安全局宣布,将三星电子的中国工厂从VEU名单中移除。",
                EventType.LICENSE_CHANGE).direction()).hasToString("REVOKED");
        DetectedEvent h200 = main("深度解读|美国放行H200对华出口", "美国商务部工业与安全局周四在《联邦公报》正式公布一项最终规则,调整对华出口"
                + "英伟达H200的许可审查政策:相关许可申请不再适用\"推定拒绝\",改为逐案审查。", EventType.LICENSE_CHANGE);
        assertThat(h200.direction()).hasToString("EASED");
        assertThat(mainTypes("深度解读|美国放行H200对华出口", "美国商务部工业与安全局周四在《联邦公报》正式公布一项最终规则,调整对华出口"
                + "英伟达H200的许可审查政策。")).contains(EventType.EXPORT_RULE);
        assertThat(main("BIS drops three Taiwanese distributors from Unverified List", "The US Bureau of Industry and Security "
                + "has removed three Taiwanese electronics distributors from its Unverified List after completing end-use checks "
                + "that had stalled for more than a year.", EventType.ENTITY_LIST).direction()).hasToString("REMOVED");
        assertThat(mainTypes("Memory crunch to run into 2027 as AI servers swallow wafers, broker warns", "Prices rose."))
                .contains(EventType.SUPPLY_SHORTAGE);
    }

    /** Regression (holdout4): a denied report and a rumour with its clarification report no event. */
    @Test
    void aDeniedReportAndAClarifiedRumourAreNoEvents() {
        assertThat(mainTypes("Commerce denies report it will freeze H200 export licences; Nvidia shares recover",
                "The Commerce Department on Thursday denied a report that it planned to suspend licences for H200 sales."))
                .doesNotContain(EventType.LICENSE_CHANGE);
        assertThat(mainTypes("网传被列入美国\"实体清单\" 苏州恒芯微电子发布澄清公告:系同名境外企业",
                "苏州恒芯微电子今日发布澄清公告称,被列入实体清单的系一家同名境外企业,与公司无关。"))
                .doesNotContain(EventType.ENTITY_LIST);
        assertThat(mainTypes("US adds Suzhou chip firm to Entity List", "The Commerce Department added Suzhou Hengxin "
                + "Microelectronics to the Entity List on Thursday.")).contains(EventType.ENTITY_LIST);
    }

    /** Regression (holdout7): Taiwan and Hong Kong outlets write traditional characters; the rules and gazetteer match them. */
    @Test
    void traditionalChineseMatchesRulesAndGazetteer() {
        EnrichedArticle a = Fixtures.enricher().enrich(Fixtures.article("t", "src", "台灣將華為、中芯國際列入出口管制實體清單",
                "經濟部國際貿易署週日表示,已將華為及中芯國際列入戰略性高科技貨品出口實體管理名單。", PUBLISHED));
        assertThat(a.events()).anyMatch(e -> e.type() == EventType.ENTITY_LIST && e.salience() == Salience.MAIN);
        assertThat(a.entities()).extracting(t -> t.id()).contains("huawei", "smic");
        assertThat(a.title()).isEqualTo("台灣將華為、中芯國際列入出口管制實體清單");
    }

    /** Regression (holdout7): a product's node, a benchmark listing, a broker's target and a merger probe are no events; losing VEU status revokes it. */
    @Test
    void productNodesBenchmarkListingsTargetsAndMergerProbesAreNotButLosingVeuIs() {
        assertThat(mainTypes("Phone maker unveils in-house chip", "The phone maker on Thursday unveiled its first in-house processor, "
                + "which is built on TSMC's 3nm process."))
                .doesNotContain(EventType.CAPACITY_EXPANSION);
        assertThat(mainTypes("Chinese GPU spotted in benchmark", "The listing, spotted by a leaker, shows the Lisuan card scoring "
                + "110,000 points in Geekbench."))
                .doesNotContain(EventType.FUNDING_IPO);
        assertThat(mainTypes("Broker lifts Tokyo Electron", "A broker raised its price target on Tokyo Electron on Tuesday, citing "
                + "strong demand for memory chips."))
                .doesNotContain(EventType.DEMAND_SURGE);
        assertThat(mainTypes("China probes Qualcomm deal", "China's market regulator said on Friday it had opened an investigation "
                + "into Qualcomm over whether it failed to report a chip acquisition."))
                .doesNotContain(EventType.SMUGGLING_ENFORCEMENT);
        assertThat(main("Korean memory makers lose VEU status for China fabs", "The Commerce Department will strike the Samsung and "
                + "SK hynix plants in China from the validated end-user roster, it said on Friday.", EventType.LICENSE_CHANGE)
                .direction()).hasToString("REVOKED");
        assertThat(main("經濟部更新「戰略性高科技貨品出口實體名單」", "國際貿易署週日將華為及中芯國際列入「戰略性高科技貨品出口實體名單」。",
                EventType.ENTITY_LIST).salienceReason()).doesNotContain("quote");
    }
}
