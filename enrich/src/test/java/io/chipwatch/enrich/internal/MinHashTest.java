package io.chipwatch.enrich.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
    void shouldShingleChineseByCharacters() {
        assertThat(MinHash.shingles("华为昇腾")).containsExactly("华 为 昇", "为 昇 腾");
        assertThat(MinHash.shingles("Nvidia H20 chips")).containsExactly("nvidia h20", "h20 chips");
    }

    @Test
    void shouldKeyExactDuplicatesIgnoringCaseAndSpacing() {
        assertThat(MinHash.exactKey("Nvidia  WINS\nlicences")).isEqualTo(MinHash.exactKey("nvidia wins licences"));
        assertThat(MinHash.exactKey("  ")).isNull();
        assertThat(MinHash.signature("")).isNull();
    }
}
