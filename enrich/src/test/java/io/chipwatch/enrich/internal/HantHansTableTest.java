package io.chipwatch.enrich.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.icu.text.Transliterator;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The traditional-to-simplified table behind {@link Text#fold} is ICU4J's {@code Hant-Hans} transliteration of
 * every ideograph from U+3400 to U+FAFF, kept where it is one character to one other: regenerated here from the
 * library and compared with the shipped resource.
 */
class HantHansTableTest {
    @Test
    void shippedTableIsIcuHantToHansOneCharacterToOne() throws Exception {
        Transliterator icu = Transliterator.getInstance("Hant-Hans");
        StringBuilder from = new StringBuilder();
        StringBuilder to = new StringBuilder();
        for (int c = 0x3400; c <= 0xFAFF; c++) {
            if (!Character.isIdeographic(c)) {
                continue;
            }
            String r = icu.transliterate(String.valueOf((char) c));
            if (r.length() == 1 && r.charAt(0) != c) {
                from.append((char) c);
                to.append(r);
            }
        }
        String shipped;
        try (InputStream in = Text.class.getResourceAsStream("hant-hans.txt")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(shipped).isEqualTo(from + "\n" + to + "\n");
        assertThat(from.length()).isGreaterThan(2500);
    }

    @Test
    void foldMapsTraditionalToSimplifiedAndKeepsLengthAndEverythingElse() {
        String traditional = "華為與中芯國際被列入實體清單,出口管制再升級 Nvidia H20";
        String folded = Text.fold(traditional);
        assertThat(folded).hasSameSizeAs(traditional).isEqualTo("华为与中芯国际被列入实体清单,出口管制再升级 nvidia h20");
        assertThat(Text.fold("华为被列入实体清单")).isEqualTo("华为被列入实体清单");
        assertThat(Text.lowerChars(traditional)).isEqualTo("華為與中芯國際被列入實體清單,出口管制再升級 nvidia h20");
    }
}
