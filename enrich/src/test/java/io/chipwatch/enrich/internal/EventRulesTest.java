package io.chipwatch.enrich.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chipwatch.enrich.Fixtures;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventRulesTest {

    private static EventRules load(String yaml) {
        return EventRules.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "rules.yaml");
    }

    @Test
    void shouldLoadTheProjectRulesForEveryEventType() {
        assertThat(Fixtures.rules().rules()).extracting(EventRule::type).contains(io.chipwatch.model.EventType.values());
    }

    @Test
    void shouldReportEveryBadRuleWithItsId() {
        String yaml = """
                rules:
                  - id: r1
                    type: NOT_A_TYPE
                    all: [[foo]]
                  - id: r2
                    type: EXPORT_RULE
                    all: [["@GADGET"]]
                    directions: {SIDEWAYS: [x]}
                  - type: EXPORT_RULE
                    all: [[x]]
                """;
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(SeedException.class)
                .hasMessageContaining("rule 'r1': unknown type 'NOT_A_TYPE'")
                .hasMessageContaining("rule 'r2' all[1]: term '@GADGET': unknown entity type 'GADGET'")
                .hasMessageContaining("rule 'r2': unknown direction 'SIDEWAYS'")
                .hasMessageContaining("rule #3: missing 'id'");
    }

    @Test
    void shouldInflectRegularWords() {
        assertThat(Term.inflections("add")).contains("adds", "added", "adding");
        assertThat(Term.inflections("ban")).contains("bans", "banned", "banning");
        assertThat(Term.inflections("license")).contains("licenses", "licensed", "licensing");
        assertThat(Term.inflections("supply")).contains("supplies", "supplied", "supplying");
    }

    @Test
    void shouldMatchPhrasesAsWholeWordsWithGapsAndChineseAnywhere() {
        assertThat(Term.compile("add~ ... entity list").matcher("they added 12 chinese firms to the entity list").find()).isTrue();
        assertThat(Term.compile("add~ ... entity list").matcher("the address of the entity list").find()).isFalse();
        assertThat(Term.compile("licence~/license~").matcher("licensing rules").find()).isTrue();
        assertThat(Term.compile("licence~/license~").matcher("sublicense").find()).isFalse();
        assertThat(Term.compile("state-funded").matcher("state funded data centres").find()).isTrue();
        assertThat(Term.compile("列入 ... 实体清单").matcher("美国将多家企业列入了所谓实体清单").find()).isTrue();
    }
}
