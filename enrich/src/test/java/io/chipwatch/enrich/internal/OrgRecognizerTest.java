package io.chipwatch.enrich.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.enrich.Fixtures;
import io.chipwatch.model.EntityType;
import io.chipwatch.model.TaggedEntity;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Unknown organisations on our own fixtures: what must be found, with which id, type and mentions, and the junk that must not. */
class OrgRecognizerTest {
    private static final EntityTagger TAGGER = new EntityTagger(
            Gazetteer.load(Fixtures.seedsDir().resolve(io.chipwatch.enrich.Enricher.ENTITIES_FILE)), new OrgRecognizer());

    private static List<TaggedEntity> unknown(String title, String text) {
        return TAGGER.tag(Text.normalize(title), Text.normalize(text)).entities().stream().filter(e -> !e.known()).toList();
    }

    private static List<String> names(String title, String text) {
        return unknown(title, text).stream().map(TaggedEntity::name).toList();
    }

    @Test
    void shouldRecogniseNamesByTheirLegalForm() {
        List<TaggedEntity> found = unknown("", "The additions include Kowloon Silverline Logistics Ltd, Penang Arcwell "
                + "Systems Sdn Bhd, Bangkok Meridian Datatech Co., Ltd. and Shenzhen Yuhang Zhisuan Technology Co., Ltd. "
                + "BIS said the companies used false end-user statements.");
        assertThat(found).extracting(TaggedEntity::name).containsExactlyInAnyOrder("Kowloon Silverline Logistics Ltd",
                "Penang Arcwell Systems Sdn Bhd", "Bangkok Meridian Datatech Co., Ltd.",
                "Shenzhen Yuhang Zhisuan Technology Co., Ltd.");
        assertThat(found).extracting(TaggedEntity::id).contains("org:kowloon-silverline-logistics",
                "org:bangkok-meridian-datatech", "org:shenzhen-yuhang-zhisuan-technology");
        assertThat(found).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(EntityType.COMPANY);
            assertThat(e.known()).isFalse();
            assertThat(e.ancestors()).isEmpty();
            assertThat(e.salience()).isGreaterThan(0);
        });
    }

    /** Regression (issue 11, item 3): the firms quoted sources work at were missed when their head is generic. */
    @Test
    void shouldRecogniseTheWorkplaceAfterAPersonsRole() {
        assertThat(names("", "\"Demand is real,\" said Zhao Ming, a fund manager at Gaoshan Asset Management in Shanghai."))
                .containsExactly("Gaoshan Asset Management");
        assertThat(names("", "Hannah Okafor, a partner at Marlowe & Finch in Washington, said the rule was broad."))
                .containsExactly("Marlowe & Finch");
        assertThat(names("", "He was an analyst at Kisaragi Asset Management before joining the ministry."))
                .containsExactly("Kisaragi Asset Management");
        assertThat(names("", "An analyst at the firm said demand was strong. A manager at Nvidia agreed."))
                .as("no capitalised name, or a known one").isEmpty();
        assertThat(names("", "恒川证券电子行业首席分析师李闻达认为,需求仍将增长。")).containsExactly("恒川证券");
        assertThat(names("", "某券商电子行业分析师表示,消费电子分析师普遍看好。")).isEmpty();
    }

    /** Regression (issue 11, item 3): bare names of well-known firms, banks, research houses and agencies were missed. */
    @Test
    void shouldRecogniseWellKnownOrganisationsByNameAlone() {
        assertThat(names("Goldman Sachs raises its forecast", "Goldman Sachs and TrendForce said Sony's orders grew, "
                + "citing LSEG data and the Bank of America survey."))
                .containsExactlyInAnyOrder("Goldman Sachs", "TrendForce", "Sony", "LSEG", "Bank of America");
        assertThat(names("", "中信证券认为,国家能源局的数据显示需求旺盛。")).containsExactlyInAnyOrder("中信证券", "国家能源局");
        assertThat(unknown("", "The Taiwan Stock Exchange halted trading.")).extracting(TaggedEntity::name, TaggedEntity::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Taiwan Stock Exchange", EntityType.COMPANY));
        assertThat(names("", "Sonya Bernsteiner said the GoldmanSachs app and Sonyx shares fell."))
                .as("a listed name only as a whole word, case and all").isEmpty();
        assertThat(names("", "国务院国资委要求央企加快部署。")).as("the gazetteer's 国资委 inside a listed name wins").isEmpty();
    }

    /** Regression (issue 11, item 3): free-zone and other legal forms, and investment funds, were not anchors. */
    @Test
    void shouldRecogniseFreeZoneLegalFormsAndFunds() {
        assertThat(names("", "The tanker is managed by Al Noor Tanker Management FZE of Dubai, while the Zhejiang "
                + "Qianjiang Hard Tech Fund led the round.")).contains("Al Noor Tanker Management FZE",
                "Zhejiang Qianjiang Hard Tech Fund");
    }

    /** The well-known names never repeat the gazetteer (its entries win, and a duplicate would hide that). */
    @Test
    void shouldKeepTheWellKnownNamesOutOfTheGazetteer() {
        Gazetteer g = Gazetteer.load(Fixtures.seedsDir().resolve(io.chipwatch.enrich.Enricher.ENTITIES_FILE));
        java.util.Set<String> aliases = new java.util.HashSet<>();
        g.entries().forEach(e -> {
            aliases.add(e.name().toLowerCase(Locale.ROOT));
            e.aliases().forEach(a -> aliases.add(a.toLowerCase(Locale.ROOT)));
            e.exact().forEach(a -> aliases.add(a.toLowerCase(Locale.ROOT)));
        });
        OrgVocabulary v = OrgVocabulary.standard();
        java.util.List<String> names = new java.util.ArrayList<>();
        v.commonLatinByFirstToken.values().forEach(l -> l.forEach(c -> names.add(c.name())));
        v.commonCjkByFirst.values().forEach(l -> l.forEach(c -> names.add(c.name())));
        assertThat(names).hasSizeGreaterThan(300);
        assertThat(names).filteredOn(n -> aliases.contains(n.toLowerCase(Locale.ROOT))).isEmpty();
    }

    @Test
    void shouldRecogniseHeadNounNamesAppositionsAndEnumerations() {
        assertThat(names("", "Zenith Compute, a Shenzhen start-up, and Hefei Tongchuang Computing Technology were named."))
                .contains("Zenith Compute", "Hefei Tongchuang Computing Technology");
        assertThat(names("", "Shipments went to a Hong Kong-registered trading company, Brightpath Components Ltd, "
                + "and to a distributor called Norlink."))
                .contains("Brightpath Components Ltd", "Norlink");
        assertThat(names("", "Norlink, a Shenzhen-based distributor, was also added."))
                .contains("Norlink");
        assertThat(names("", "The entities added were Huawei, Qiyuan Lianxin and Corvane Micro."))
                .contains("Qiyuan Lianxin", "Corvane Micro");
        assertThat(names("", "Module makers such as Kestrel Memory and Halvorsen have raised prices."))
                .contains("Halvorsen");
        assertThat(names("", "Analysts at Halden Securities and Formosa Lex Partners disagreed."))
                .contains("Halden Securities", "Formosa Lex Partners");
    }

    @Test
    void shouldTypeUniversitiesAndInstitutesAsOrganisationsAndBodiesAsAgencies() {
        List<TaggedEntity> found = unknown("", "Researchers at the Harbin Institute of Technology and the University of "
                + "Electronic Science and Technology of China worked with the Taiwan Affairs Office.");
        assertThat(found).extracting(TaggedEntity::name).contains("Harbin Institute of Technology",
                "University of Electronic Science and Technology of China", "Taiwan Affairs Office");
        assertThat(found).filteredOn(e -> e.name().startsWith("Harbin")).extracting(TaggedEntity::type)
                .containsExactly(EntityType.ORGANIZATION);
        assertThat(found).filteredOn(e -> e.name().startsWith("Taiwan")).extracting(TaggedEntity::type)
                .containsExactly(EntityType.AGENCY);
    }

    @Test
    void shouldGiveEveryMentionWithOffsetsIncludingTheShortForm() {
        String text = "BIS added Bangkok Meridian Datatech Co., Ltd. to the list. Bangkok Meridian's office is a shared address.";
        TaggedEntity e = unknown("Bangkok Meridian Datatech Co., Ltd. blacklisted", text).get(0);
        assertThat(e.count()).isEqualTo(3);
        assertThat(e.mentions()).extracting(m -> m.field() + ":" + m.text()).containsExactly(
                "title:Bangkok Meridian Datatech Co., Ltd.", "text:Bangkok Meridian Datatech Co., Ltd.", "text:Bangkok Meridian");
        assertThat(e.mentions()).allSatisfy(m -> {
            String field = m.field().equals("title") ? "Bangkok Meridian Datatech Co., Ltd. blacklisted" : text;
            assertThat(field.substring(m.start(), m.end())).isEqualTo(m.text());
        });
    }

    @Test
    void shouldLeaveNamesTheGazetteerKnowsPartiallyToTheGazetteer() {
        List<TaggedEntity> all = TAGGER.tag("", "Huawei Technologies Co., Ltd. and Nvidia Partners said nothing.").entities();
        assertThat(all).extracting(TaggedEntity::id).contains("huawei").noneMatch(id -> id.startsWith("org:"));
    }

    @Test
    void shouldNotTakeJunkForNames() {
        assertThat(names("Commerce Adds Nine Chip Traders To Entity List As Technology Rules Tighten",
                "The Commerce Department said on Tuesday that Advanced Computing rules and the Export Administration "
                        + "Regulations apply. In March, Chinese Semiconductor makers and Global Technology leaders met in "
                        + "Beijing. Shares of Group companies rose. Jensen Huang said the Hang Seng Tech Index fell. "
                        + "The company said Monday that its Ascend Computing roadmap holds. Under Secretary Jeffrey Kessler "
                        + "said the firm, Li said, was cooperating. Officials in Taiwan, Iran and Pakistan were consulted. "
                        + "The group and the company declined to comment."))
                .isEmpty();
    }

    @Test
    void shouldNotTakeChineseDescriptionsForNames() {
        assertThat(names("", "通知要求,省属能源集团和金融类集团自建算力资源应优先满足集团内部需求。"
                + "过去两周公司订单明显增加,其全资子公司也已投产。第三代半导体和先进工艺技术仍是重点。")).isEmpty();
        assertThat(names("", "分析师长期跟踪半导体行业,认为这反映出公司竞争力增强;涉案公司通过第三方公司逃避海关监管,"
                + "头部猎头公司和中小设计公司都在招人,A股上市公司中化合物半导体企业增多。")).isEmpty();
        assertThat(names("", "省国资委表示,皖能集团将采购国产服务器。")).containsExactly("皖能集团");
    }

    @Test
    void shouldRecogniseChineseNamesAndEnumerations() {
        List<String> found = names("美国商务部将深圳市华信科技有限公司列入实体清单",
                "美国商务部将深圳市华信科技有限公司、北方稀土等企业列入实体清单。该公司表示将依法维权。中国稀土集团未予置评。"
                        + "这家公司和一些科技公司都是上市公司。");
        assertThat(found).contains("深圳市华信科技有限公司", "北方稀土", "中国稀土集团")
                .doesNotContain("该公司", "这家公司", "科技公司", "上市公司");
        assertThat(OrgRecognizer.idOf("深圳市华信科技")).isEqualTo("org:深圳市华信科技");
    }

    @Test
    @ResourceLock("default-locale")
    void shouldMakeTheSameIdsUnderATurkishDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertThat(OrgRecognizer.idOf("Tianjin Haixing Optoelectronics")).isEqualTo("org:tianjin-haixing-optoelectronics");
            assertThat(OrgRecognizer.idOf("INSIGHT LIMITED")).isEqualTo("org:insight-limited");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void shouldRecogniseChineseAgenciesWithAShortHeadAfterAPlaceOrStatePrefix() {
        assertThat(names("", "记者从深圳海关获悉,该关联合广东省公安厅破获一起走私案。武汉市交通运输局和国家版权局也发布了通知。"))
                .contains("深圳海关", "广东省公安厅", "武汉市交通运输局", "国家版权局");
        assertThat(names("", "美国当局表示,市场格局正在变化,北京的餐厅生意很好。")).isEmpty();
    }

    /** Regression (issue 11, item 3): descriptions, verbs and trades before 公司 or a weak head were taken as names. */
    @Test
    void shouldNotTakeChineseDescriptionsOrTradesForNames() {
        assertThat(names("", "多家贸易型公司被点名,一家无人机创业公司也在其中。报告称拟上市企业仍需证明技术实力,"
                + "但这并不改变公司前景,估值高于境外可比公司。此次海关检查后,执法人员搜查了公司办公室。"
                + "名单涉及光伏、储能技术和量子等领域,另有两家来自生物技术与医药领域。面向优质科技企业的新规出台,"
                + "募资用于前瞻技术研发。如需就具体事项咨询,请联系本所。公司控股股东暂无减持计划。")).isEmpty();
        assertThat(names("", "据路透社报道,江波龙、德明存储等模组厂商涨价;宁远半导体和中科光芯调入样本,科创100指数调入"
                + "明川生物、斯瑞精工等8只证券。"))
                .contains("路透社", "德明存储", "明川生物", "斯瑞精工");
        assertThat(names("", "据外媒报道,据业内人士消息,需求很强。")).as("generic sources are no outlets").isEmpty();
    }

    /** Regression (issue 11, item 3): Latin names in Chinese text and short names. */
    @Test
    void shouldRecogniseLatinNamesInChineseTextShortNamesAndSubsidiaries() {
        assertThat(names("", "咨询机构Quellwright此前测算,需求将翻倍;按Omdia统计,厂商HBM-X产品与海光DCU未计入。"))
                .containsExactlyInAnyOrder("Quellwright", "Omdia");
        List<TaggedEntity> zh = unknown("", "苏州明岭集成电路技术股份有限公司被列入名单。明岭股份在午后大跌。");
        assertThat(zh).hasSize(1);
        assertThat(zh.get(0).mentions()).hasSize(2);
        assertThat(names("", "The rule removes Samsung Korea Display Co. Ltd. and Intel Electronics (Dalian) Ltd. from the list, "
                + "while Huawei Technologies Co., Ltd. stays on it."))
                .as("a unit abroad is its own (see shouldRecogniseALocalSubsidiaryOfAKnownCompany); a place at home "
                        + "and Huawei's own legal name are the parent's")
                .containsExactly("Intel Electronics (Dalian) Ltd.");
        assertThat(names("", "沐曦集成电路(上海)股份有限公司今日上市,Kunlunxin (Beijing) Technology Co. 递交申请。")).isEmpty();
        assertThat(names("", "俄罗斯、伊朗等地相关机构已在名单内。")).isEmpty();
    }

    /** Regression (issue 11, item 3): bare names next to a country, more trade heads, and people's titles. */
    @Test
    void shouldRecogniseBrandsWithACountryAndNewHeadsButNotTitles() {
        assertThat(names("", "Lisboa Resorts, Oriel Entertainment and Pallas China all reported lower VIP revenue."))
                .contains("Lisboa Resorts", "Oriel Entertainment", "Pallas China");
        assertThat(names("", "Sanctions hit Hebei Dongrun Petrochemical in March and Jiangsu Yinhe Chemical in May."))
                .containsExactlyInAnyOrder("Hebei Dongrun Petrochemical", "Jiangsu Yinhe Chemical");
        assertThat(names("", "Deputy Public Prosecutor Mira Holt asked for more time.")).isEmpty();
        assertThat(names("", "Japan, China and South Korea were added.")).isEmpty();
    }

    @Test
    void shouldSkipTheSourceHeaderLine() {
        assertThat(names("", "Published: 2025-08-22T09:10:00Z Source: 星河科技 URL: https://x.example.cn\n星河科技报道称需求很强。"))
                .isEmpty();
    }

    /**
     * Regression (issue 11, item 3): a known company's local subsidiary is a legal person of its own, and the one a
     * VEU revocation or a listing names; it was taken for the parent. The parent itself stays known.
     */
    @Test
    void shouldRecogniseALocalSubsidiaryOfAKnownCompany() {
        assertThat(names("", "The rule revokes the status of Samsung China Semiconductor Co., Ltd. and SK Hynix "
                + "Semiconductor (China) Ltd. from December."))
                .containsExactlyInAnyOrder("Samsung China Semiconductor Co., Ltd.", "SK Hynix Semiconductor (China) Ltd.");
        assertThat(names("", "BIS also added Inspur Taiwan Co., Ltd. and a unit of Intel Semiconductor (Dalian) was spared."))
                .containsExactlyInAnyOrder("Inspur Taiwan Co., Ltd.", "Intel Semiconductor (Dalian)");
        assertThat(names("", "美方撤销三星中国半导体和SK海力士半导体（中国）有限公司的授权。"))
                .containsExactlyInAnyOrder("三星中国半导体", "SK海力士半导体(中国)有限公司");
        assertThat(TAGGER.tag("", Text.normalize("The rule names Samsung China Semiconductor Co., Ltd. from December."))
                .entities()).extracting(TaggedEntity::id)
                .as("the parent is named inside its unit's name").contains("samsung", "org:samsung-china-semiconductor");
        assertThat(names("", "The notice removes Samsung China Semiconductor, SK hynix Semiconductor (China) and Intel "
                + "Semiconductor (Dalian) from the programme.")).as("the parent written with a lower-case word")
                .contains("SK hynix Semiconductor (China)");
        assertThat(names("", "Huawei Technologies Co., Ltd. and SK Hynix Semiconductor Inc. filed suits."))
                .as("the parent's own legal name, without a place, is the parent").isEmpty();
    }

    /** Regression (holdout8): verb phrases before a generic head, a split 以色列, Korean fab towns and prosecutors' offices. */
    @Test
    void shouldSkipVerbPhrasesAndKeepAgenciesWithTheirHeads() {
        assertThat(names("", "该公司已掌握关键技术,并将升级工艺技术;声明仅重申公司立场,监管将重点评估各公司。")).isEmpty();
        assertThat(names("", "一家以色列公司和多家晶片设计公司、算力租赁公司参与。")).isEmpty();
        assertThat(names("", "SK Hynix began output at its fab in Cheongju, and Samsung at Yongin Semiconductor Cluster sites."))
                .doesNotContain("Cheongju", "Yongin");
        assertThat(names("", "基隆地檢署會同調查局查扣50台伺服器。")).contains("基隆地檢署");
    }

    /** Regression (issue 11, item 3): traditional characters (經濟部國際貿易署, 兩家公司) escaped the simplified word lists. */
    @Test
    void shouldReadTraditionalCharactersLikeSimplifiedOnes() {
        List<TaggedEntity> found = unknown("", "經濟部國際貿易署公告，將兩家公司列入出口管制實體名單，旗下子公司亦受規範。");
        assertThat(found).extracting(TaggedEntity::name).containsExactly("經濟部國際貿易署");
        assertThat(found.get(0).mentions().get(0).text()).isEqualTo("經濟部國際貿易署");
        assertThat(found.get(0).id()).as("the same id as the simplified name").isEqualTo(
                unknown("", "经济部国际贸易署公告，将两家公司列入出口管制实体名单。").get(0).id());
    }
}
