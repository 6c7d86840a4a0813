package io.chipwatch.enrich.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chipwatch.enrich.Fixtures;
import io.chipwatch.model.Mention;
import io.chipwatch.model.TaggedEntity;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class EntityTaggerTest {
    private final EntityTagger tagger = new EntityTagger(Fixtures.gazetteer());

    private List<String> ids(String text) {
        return tagger.find("text", Text.normalize(text)).stream().map(m -> m.entry().id()).toList();
    }

    @Test
    void shouldReportBadGazetteerEntriesWithIdAndReasonAndKeepTheRest() {
        Gazetteer g = Fixtures.gazetteer();
        assertThat(g.problems()).anySatisfy(p -> assertThat(p).contains("broken-type").contains("unknown type 'GADGET'"))
                .anySatisfy(p -> assertThat(p).contains("entry #").contains("missing 'id'"))
                .anySatisfy(p -> assertThat(p).contains("orphan").contains("unknown parent 'no-such-parent'"));
        assertThat(g.get("orphan")).isNotNull();
        assertThat(g.get("broken-type")).isNull();
        assertThat(g.get("huawei-ascend-950").ancestors()).containsExactly("huawei-ascend", "huawei");
        assertThat(g.get("huawei-ascend-950").inheritedCountry()).isEqualTo("CN");
    }

    @Test
    void shouldRejectAGazetteerWithoutAnEntitiesList() {
        assertThatThrownBy(() -> Gazetteer.load(new ByteArrayInputStream("foo: 1".getBytes(StandardCharsets.UTF_8)), "x.yaml"))
                .isInstanceOf(SeedException.class).hasMessageContaining("x.yaml").hasMessageContaining("entities");
    }

    @Test
    void shouldMatchWholeWordsOnlyInLatinScript() {
        assertThat(ids("Nvidia and Nvidias and HuaweiX and xHuawei")).containsExactly("nvidia");
        assertThat(ids("Demand for H20s rose")).containsExactly("nvidia-h20");
    }

    @Test
    void shouldMatchChineseAliasesWithoutWordBoundaries() {
        assertThat(ids("华为昇腾950芯片需求激增，英伟达H20受限")).containsExactly("huawei", "huawei-ascend-950", "nvidia", "nvidia-h20");
    }

    @Test
    void shouldPreferTheLongestMatch() {
        assertThat(ids("the Unreliable Entity List and Ascend 950 and Ascend-950")).containsExactly(
                "unreliable-entity-list", "huawei-ascend-950", "huawei-ascend-950");
    }

    @Test
    void shouldMatchExactAliasesCaseSensitively() {
        assertThat(ids("AMD and BIS and US officials")).containsExactly("amd", "us-bis", "united-states");
        assertThat(ids("amd bis us arm")).isEmpty();
        assertThat(ids("Arm licensed designs; an arm of the firm")).containsExactly("arm");
    }

    @Test
    void shouldTagTheSameUnderATurkishDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            EntityTagger turkish = new EntityTagger(Fixtures.gazetteer());
            assertThat(turkish.find("text", "INTEL and MICRON and HIGH-BANDWIDTH MEMORY").stream().map(m -> m.entry().id()))
                    .containsExactly("intel", "micron", "hbm");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void shouldReportOffsetsCountsAncestorsAndSalience() {
        String title = "Ascend 950 demand jumps";
        String text = "Huawei said demand was strong. Second sentence. Third sentence mentions the Ascend 950 again and 华为.";
        EntityTagger.Result r = tagger.tag(title, text);
        TaggedEntity chip = r.entities().get(0);
        assertThat(chip.id()).isEqualTo("huawei-ascend-950");
        assertThat(chip.ancestors()).containsExactly("huawei-ascend", "huawei");
        assertThat(chip.count()).isEqualTo(2);
        assertThat(chip.tags()).contains("chinese", "ai-chip");
        assertThat(chip.country()).isEqualTo("CN");
        Mention m = chip.mentions().get(0);
        assertThat(m.field()).isEqualTo("title");
        assertThat(title.substring(m.start(), m.end())).isEqualTo("Ascend 950");
        Mention body = chip.mentions().get(1);
        assertThat(text.substring(body.start(), body.end())).isEqualTo("Ascend 950");
        TaggedEntity huawei = r.entities().get(1);
        assertThat(huawei.id()).isEqualTo("huawei");
        assertThat(huawei.count()).isEqualTo(2);
        assertThat(chip.salience()).isGreaterThan(huawei.salience());
    }
}
