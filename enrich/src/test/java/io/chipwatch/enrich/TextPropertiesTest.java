package io.chipwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.enrich.internal.MinHash;
import io.chipwatch.enrich.internal.Text;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.Mention;
import io.chipwatch.model.TaggedEntity;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of text handling: normalisation is idempotent, every mention's offsets point at its
 * text in the normalised field (random text with gazetteer aliases inserted), and MinHash rates
 * identical text as identical.
 */
class TextPropertiesTest {
    private static final List<String> ALIASES = List.of("Ascend 950", "Huawei", "Nvidia", "H20", "SMIC", "CXMT", "HBM",
            "Entity List", "Cambricon", "DeepSeek", "华为", "昇腾", "ＳＭＩＣ", "Ascend\u00a0910C", "ﬁnancial", "Tencent's");

    @Property(tries = 500)
    void shouldNormaliseIdempotently(@ForAll("messy") String s) {
        String once = Text.normalize(s);
        assertThat(Text.normalize(once)).isEqualTo(once);
    }

    @Property(tries = 2000)
    void shouldNormaliseAsFullNfkcDoes(@ForAll("nfkcTraps") String s) {
        assertThat(io.chipwatch.enrich.internal.TextAccess.nfkc(s))
                .isEqualTo(java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKC));
    }

    /** ASCII beside combining marks, compatibility forms, Hangul jamo, ligatures, full-width and CJK. */
    @Provide
    Arbitrary<String> nfkcTraps() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(60),
                Arbitraries.strings().withChars("aeAE o.1 \u0301\u0308\u0327\u0323\u0345\u1100\u1161\u11a8\uac00ﬁ①Ａ１"
                        + "é中文\u2026\u00a0\u2011\u3000\u30ab\u3099\u212b\u00c5\u0041\u030a\u2126").ofMaxLength(40));
    }

    @Property(tries = 300)
    void shouldPointEveryMentionAtItsTextInTheNormalisedField(@ForAll("withAliases") String title, @ForAll("withAliases") String text) {
        EnrichedArticle e = Fixtures.enricher().enrich(Fixtures.article("p1", title, text));
        for (TaggedEntity entity : e.entities()) {
            for (Mention m : entity.mentions()) {
                String field = "title".equals(m.field()) ? e.title() : e.text();
                assertThat(m.start()).isBetween(0, m.end());
                assertThat(m.end()).isLessThanOrEqualTo(field.length());
                assertThat(field.substring(m.start(), m.end())).as(entity.id()).isEqualTo(m.text());
            }
        }
    }

    @Property(tries = 500)
    void shouldRateIdenticalTextAsTheSameStory(@ForAll("messy") String s) {
        int[] signature = MinHash.signature(s);
        if (signature == null) {
            return; // documented: text without shingles (empty, punctuation only) has no signature and matches nothing
        }
        assertThat(MinHash.similarity(signature, MinHash.signature(new String(s)))).isEqualTo(1.0);
        assertThat(MinHash.exactKey(s)).isEqualTo(MinHash.exactKey(new String(s)));
    }

    @Provide
    Arbitrary<String> messy() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().withChars(" \t\n\r\u00a0\u200b\u2028“”‘’—–-ﬁＡ１中文.a Z").ofMaxLength(300), withAliases());
    }

    @Provide
    Arbitrary<String> withAliases() {
        Arbitrary<String> filler = Arbitraries.oneOf(Arbitraries.strings().withChars("abc xyz.,;\n\u00a0\u200b“”—").ofMaxLength(30),
                Arbitraries.strings().all().ofMaxLength(10));
        Arbitrary<String> piece = Arbitraries.oneOf(filler, Arbitraries.of(ALIASES));
        return piece.list().ofMaxSize(12).map(parts -> String.join("", parts));
    }
}
