package io.chipwatch.enrich.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class MinHashTest {
    private static final String A = "Huawei told customers that demand for the Ascend 950 jumped after DeepSeek V4 launched, "
            + "and Alibaba, Tencent and ByteDance rushed to line up supply for their data centres this quarter.";
    private static final String A_REWRITE = "Huawei has told customers that demand for its Ascend 950 jumped after DeepSeek V4 "
            + "launched, while Alibaba, Tencent and ByteDance rushed to line up supply for their data centres this quarter.";
    private static final String B = "Cambricon reported record profit and plans to triple production of accelerators as "
            + "Chinese internet companies expand data centres, the company said in a filing this quarter.";

    @Test
    void shouldRateLightRewritesFarAboveUnrelatedArticlesOnTheSameTopic() {
        double near = MinHash.similarity(MinHash.signature(A), MinHash.signature(A_REWRITE));
        double far = MinHash.similarity(MinHash.signature(A), MinHash.signature(B));
        assertThat(near).isGreaterThan(0.5);
        assertThat(far).isLessThan(0.2);
    }

    @Test
    void shouldShingleChineseByCharacterBigramsAndLatinByContentWords() {
        assertThat(MinHash.shingles("华为昇腾")).containsExactly("华为", "为昇", "昇腾");
        assertThat(MinHash.shingles("Nvidia H20 chips")).containsExactly("nvidia", "h20", "chip");
        assertThat(MinHash.shingles("The licences were approved and the shipments resumed"))
                .containsExactly("licence", "approv", "shipment", "resum");
        assertThat(MinHash.shingles("H20芯片")).containsExactly("h20", "芯片");
        assertThat(MinHash.shingles("of the")).as("function words only: one shingle").containsExactly("of the");
    }

    /** Regression: heavy rewrites (reworded, reordered) shared too few word bigrams to fold (issue 11, item 6). */
    @Test
    void shouldRateAHeavilyRewordedRewriteAboveTheThreshold() {
        String original = "Orders for Cambricon's Siyuan accelerators have jumped sharply since the summer, with ByteDance "
                + "and two state-owned carriers placing large new purchase commitments, people familiar with the sales said.";
        String rewrite = "Cambricon's accelerator orders jumped since the summer, led by ByteDance and state-owned carriers "
                + "with large purchase commitments, according to people familiar with the sales.";
        assertThat(MinHash.similarity(MinHash.signature(original), MinHash.signature(rewrite))).isGreaterThan(0.3);
    }

    @Test
    void shouldKeyExactDuplicatesIgnoringCaseAndSpacing() {
        assertThat(MinHash.exactKey("Nvidia  WINS\nlicences")).isEqualTo(MinHash.exactKey("nvidia wins licences"));
        assertThat(MinHash.exactKey("  ")).isNull();
        assertThat(MinHash.signature("")).isNull();
    }

    /** The fast path hashes token characters directly; it must give exactly the hashes of the shingle strings. */
    @Property(tries = 300)
    void shingleHashesShouldEqualTheHashesOfTheShingleStrings(
            @ForAll @StringLength(max = 120) @Chars({'a', 'B', 'z', '1', ' ', '-', '.', '\n', 'É', '芯', '片', '昇', 'の', '한'}) String text) {
        Set<String> shingles = MinHash.shingles(text);
        long[] expected = shingles.stream().mapToLong(MinHash::fnv).distinct().sorted().toArray();
        assertThat(MinHash.shingleHashes(text)).containsExactly(expected);
    }

    @Test
    void shingleHashesShouldEqualTheHashesOfTheShingleStringsOnRealText() {
        for (String text : new String[] {A, A_REWRITE, B, "国资数据中心新项目须全部采用国产AI芯片 Ascend 950 芯片", "one", ""}) {
            long[] expected = MinHash.shingles(text).stream().mapToLong(MinHash::fnv).distinct().sorted().toArray();
            assertThat(MinHash.shingleHashes(text)).as(text).containsExactly(expected);
        }
        assertThat(Arrays.stream(MinHash.shingleHashes(A)).count()).isGreaterThan(15);
    }

    @Property(tries = 300)
    void exactKeyShouldCollapseWhitespaceLikeTheRegex(
            @ForAll @StringLength(max = 60) @Chars({'a', 'Q', ' ', '\t', '\n', '\r', '\f', '\u000B', '\u0001', '\u00A0', '芯'}) String text) {
        String viaRegex = io.chipwatch.enrich.internal.Text.lower(text).replaceAll("\\s+", " ").trim();
        String expected = viaRegex.isEmpty() ? null : MinHash.exactKey(viaRegex);
        assertThat(MinHash.exactKey(text)).isEqualTo(expected);
    }
}
