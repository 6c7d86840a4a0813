package io.chipwatch.enrich.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.enrich.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TextTest {
    private final Locale saved = Locale.getDefault();

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(saved);
    }

    static Stream<Locale> locales() {
        return Stream.of(Locale.ROOT, Locale.forLanguageTag("tr-TR"), Locale.forLanguageTag("az"), Locale.CHINA);
    }

    @Test
    void shouldFoldFullWidthFormsAndTypographicQuotesToAscii() {
        assertThat(Text.normalize("ＮＶＩＤＩＡ　Ｈ２０ “licence”  —  ok")).isEqualTo("NVIDIA H20 \"licence\" - ok");
    }

    @Test
    void shouldKeepParagraphBreaksAndDropInvisibleCharacters() {
        assertThat(Text.normalize("  One\u200B line.\r\n\r\n\r\n\tTwo\u00A0lines. ")).isEqualTo("One line.\n\nTwo lines.");
        assertThat(Text.normalize("First.\n\nSecond.\nThird.")).isEqualTo("First.\n\nSecond.\nThird.");
    }

    @ParameterizedTest
    @MethodSource("locales")
    void shouldFoldCaseTheSameWayUnderEveryDefaultLocale(Locale locale) {
        Locale.setDefault(locale);
        String s = "LICENSE İNDIA ISTANBUL";
        assertThat(Text.fold(s)).isEqualTo("license india istanbul").hasSameSizeAs(s);
        assertThat(Text.lower("EXPORT LICENSING")).isEqualTo("export licensing");
    }

    @Test
    void shouldNotSplitEnglishSentencesAtAbbreviationsOrDecimals() {
        String t = "The U.S. Commerce Department said Nvidia Corp. may ship 3.5 million H20s. Dr. Li disagreed! Why?";
        assertThat(texts(t)).containsExactly(
                "The U.S. Commerce Department said Nvidia Corp. may ship 3.5 million H20s.",
                "Dr. Li disagreed!", "Why?");
    }

    @Test
    void shouldEndASentenceAtUsWhenANewSentenceFollows() {
        assertThat(texts("Chips were sold to the U.S. The rule changed that.")).containsExactly(
                "Chips were sold to the U.S.", "The rule changed that.");
    }

    @Test
    void shouldSplitChineseSentencesWithoutSpaces() {
        String t = Text.normalize("华为发布昇腾950。需求激增！是否会短缺？业内人士称；产能有限");
        assertThat(texts(t)).containsExactly("华为发布昇腾950。", "需求激增!", "是否会短缺?", "业内人士称;", "产能有限");
    }

    @Test
    void shouldTreatLineBreaksAsSentenceEnds() {
        assertThat(texts("Headline without stop\nBody sentence.")).containsExactly("Headline without stop", "Body sentence.");
    }

    @Test
    void shouldJoinHardWrappedLinesButSplitParagraphsAndShortLines() {
        String t = "Officials said the new rules would bar shipments of some\ntools to Chinese fabs. Next.\n\nBy Staff\nBody here.";
        assertThat(texts(t)).containsExactly(
                "Officials said the new rules would bar shipments of some\ntools to Chinese fabs.", "Next.", "By Staff",
                "Body here.");
    }

    @Test
    void shouldDetectEnglishAndChineseByScript() {
        assertThat(LanguageDetector.detect("The Commerce Department added ten companies to the Entity List on Monday.", null))
                .isEqualTo("en");
        assertThat(LanguageDetector.detect("美国商务部周一将十家中国公司列入实体清单，其中包括多家AI芯片企业。", "en")).isEqualTo("zh");
        assertThat(LanguageDetector.detect("Die Regierung hat neue Exportregeln für Chips erlassen und verschärft damit die Kontrollen.", "de"))
                .isEqualTo("de");
        assertThat(LanguageDetector.detect("12345", null)).isNull();
    }

    @Test
    void shouldGiveTheFirstSentencesAloneAsTheWholeSplitDoes() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Fixtures.seedsDir().resolve("articles"))) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<String> samples = new ArrayList<>(List.of("", "One. Two.", "No end", "U.S. rules. The end.\n\nNext",
                "x".repeat(4000), "A.\nB.\nC.\nD."));
        for (Path f : files) {
            samples.add(Text.normalize(Files.readString(f)));
        }
        for (String t : samples) {
            List<Span> all = Sentences.split("text", t);
            for (int limit = 1; limit <= 4; limit++) {
                assertThat(Sentences.split("text", t, limit)).isEqualTo(all.subList(0, Math.min(limit, all.size())));
            }
        }
    }

    private static List<String> texts(String t) {
        return Sentences.split("text", t).stream().map(s -> t.substring(s.start(), s.end())).toList();
    }
}
