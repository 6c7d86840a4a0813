package io.chipwatch.model.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Anchors and aliases, as PyYAML's dump writes them, read as the values they stand for. */
class YamlAliasesTest {
    private static JsonNode read(String yaml) throws Exception {
        return Json.YAML.readTree(YamlAliases.expand(yaml));
    }

    /** Regression: Jackson read "watches: *id001" as the text "id001", so a generated labels file lost its lists. */
    @Test
    void shouldReadAnAliasAsTheValueOfItsAnchor() throws Exception {
        String yaml = """
                articles:
                - file: a.txt
                  watches: &id001
                  - license-changes
                  - export-rules
                  unknownEntities: &id002
                  - name: Samsung China Semiconductor
                    lead: true
                - file: b.txt
                  watches: *id001
                  unknownEntities: *id002
                  note: "plain: text, 2025-08-30 & *not an alias*"
                  count: 3
                  flag: true
                """;
        assertThat(Json.YAML.readTree(yaml).at("/articles/1/watches").isTextual())
                .as("what Jackson alone reads").isTrue();
        JsonNode b = read(yaml).at("/articles/1");
        assertThat(b.path("watches")).extracting(JsonNode::asText).containsExactly("license-changes", "export-rules");
        assertThat(b.at("/unknownEntities/0/name").asText()).isEqualTo("Samsung China Semiconductor");
        assertThat(b.at("/unknownEntities/0/lead").asBoolean()).isTrue();
        assertThat(b.path("note").asText()).isEqualTo("plain: text, 2025-08-30 & *not an alias*");
        assertThat(b.path("count").isInt()).isTrue();
        assertThat(b.path("flag").isBoolean()).isTrue();
        assertThat(read(yaml).at("/articles/0/watches/1").asText()).isEqualTo("export-rules");
    }

    @Test
    void shouldLeaveADocumentWithoutAliasesAsItIs() {
        String yaml = "a: 1 # & and * in a comment\nb: [x, y]\n";
        assertThat(YamlAliases.expand(yaml)).isSameAs(yaml);
        String broken = "a: &x [1, 2\nb: *x\n";
        assertThat(YamlAliases.expand(broken)).as("the reader after reports the syntax error").isSameAs(broken);
    }

    @Test
    void shouldExpandScalarAndNestedAnchors() throws Exception {
        JsonNode n = read("a: &s hello\nb: *s\nc: &m {k: &v [1, 2], j: *v}\nd: *m\n");
        assertThat(n.path("b").asText()).isEqualTo("hello");
        assertThat(n.at("/c/j/1").asInt()).isEqualTo(2);
        assertThat(n.at("/d/k/0").asInt()).isEqualTo(1);
        assertThat(n.at("/d/j/1").asInt()).isEqualTo(2);
    }

    @Test
    void shouldRefuseABillionLaughs() {
        StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            y.append(c).append(": &").append(c).append(" [").append(("*" + p + ", ").repeat(9)).append('*').append(p).append("]\n");
        }
        assertThatThrownBy(() -> YamlAliases.expand(y.toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than");
    }
}
