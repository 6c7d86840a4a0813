package io.chipwatch.enrich.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chipwatch.enrich.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * SparseFind must find exactly what {@link Matcher#find()} finds: the date patterns of the story features and
 * of salience, tried only where their start tests allow, against a plain find over every position, on the
 * labelled eval articles (dev, test, holdout) and on edge cases of their lookbehinds and alternatives.
 */
class SparseFindTest {
    private static final List<String> EDGE_CASES = List.of(
            "BEIJING, Oct 14 (Reuters) - on October 14, 2025 and 14 October 2025, oct. 3, OCT 3, Oct.14, xOct 14",
            "Marching 5 miles, Mayday 3, May 12th, 12th May 2024, on 3 March, 3 Marches, 1May 5, May 123",
            "2026年04月30日 05:45 当地时间17日 10月14日 12日 2026年4月 1234年5月6日 19年 2025年",
            "2026-04-30, 2026/4/30, 2026.4.30, 1.2026-04-30, 2026-04-301, 2026-4-3., 12:30, 12:30:45, 1:2, 123:45, 12:345, 9:05:1",
            "in 2023, since 2019, mid-2024, late 2021, the end of 2020, as of 2022, last May, in June 5, from August,"
                    + " early 2019年, in 2020-5, 1999 and 2000%, $2021, 2,024 units, 8月 9月份 3.5月",
            "\uD835\uDC00Oct 5 \uD835\uDC00 Oct 5 é14 May Ünov 3 Δ2024 Kelvin \u212Aoct 1, ſep 4",
            "Market 12, MAR 3, mAy 4, 3\tOct, 12\u000BNov 7, oct\n4, May\u00A05, 4\u00A0May, 7  June, Ma 5, Ja 1, 12 Ja",
            "x2026-04-30 .2026-04-30 a12:30 12:3 12:30:4 :12:30 1:23 2026年 5日 x5日 ５日 2026-04 2026/04/30/1 20260-4-3",
            "");

    @Test
    void shouldFindWhatAPlainFindFindsOnEvalArticlesAndEdgeCases() throws IOException {
        List<String> texts = new ArrayList<>(EDGE_CASES);
        texts.addAll(evalTexts());
        assertTrue(texts.size() > 300, "eval articles found: " + texts.size());
        int matches = 0;
        for (String t : texts) {
            String folded = Text.fold(t);
            matches += same(StoryFeatures.LATIN_DATE, t, StoryFeatures::mayStartLatinDate);
            matches += same(StoryFeatures.CJK_DATE, t, SparseFind::digitRunStart);
            matches += same(StoryFeatures.NUMERIC_DATE, t, SparseFind::digitRunStart);
            matches += same(StoryFeatures.CLOCK, t, SparseFind::digitRunStart);
            matches += same(SalienceJudge.DATES, folded, SalienceJudge::mayStartDate);
            StoryFeatures.Starts starts = new StoryFeatures.Starts(t);
            Pattern[] patterns = {StoryFeatures.LATIN_DATE, StoryFeatures.CJK_DATE, StoryFeatures.NUMERIC_DATE, StoryFeatures.CLOCK};
            for (int k = 0; k < patterns.length; k++) {
                matches += sameAt(patterns[k], t, starts.at[k], starts.count[k]);
            }
        }
        assertTrue(matches > 1000, "matches compared: " + matches);
    }

    /** forEachAt over the starts StoryFeatures.Starts finds gives what find gives. */
    private static int sameAt(Pattern p, String s, int[] at, int count) {
        List<String> expected = new ArrayList<>();
        Matcher m = p.matcher(s);
        while (m.find()) {
            expected.add(describe(m));
        }
        List<String> actual = new ArrayList<>();
        SparseFind.forEachAt(p, s, at, count, x -> actual.add(describe(x)));
        assertEquals(expected, actual, p + " on " + s);
        return expected.size();
    }

    @Test
    void shouldBlankTheSameNewsDaysAsAPlainFind() throws IOException {
        Instant published = Instant.parse("2026-04-30T12:00:00Z");
        for (String t : Stream.concat(EDGE_CASES.stream(), evalTexts().stream()).toList()) {
            assertEquals(referenceWithoutNewsDays(t, published), StoryFeatures.withoutNewsDays(t, published), t);
        }
    }

    /** StoryFeatures.withoutNewsDays as it was written first: a plain find of each pattern. */
    private static String referenceWithoutNewsDays(String s, Instant published) {
        if (s.isEmpty()) {
            return s;
        }
        java.time.LocalDate day = published.atZone(java.time.ZoneOffset.UTC).toLocalDate();
        StringBuilder out = new StringBuilder(s);
        for (Pattern p : new Pattern[] {StoryFeatures.LATIN_DATE, StoryFeatures.CJK_DATE, StoryFeatures.NUMERIC_DATE, StoryFeatures.CLOCK}) {
            Matcher m = p.matcher(s);
            while (m.find()) {
                if (p == StoryFeatures.CLOCK || StoryFeatures.isNewsDay(m, p == StoryFeatures.LATIN_DATE, day)) {
                    for (int k = m.start(); k < m.end(); k++) {
                        out.setCharAt(k, ' ');
                    }
                }
            }
        }
        return out.toString();
    }

    private static int same(Pattern p, String s, SparseFind.StartTest test) {
        List<String> expected = new ArrayList<>();
        Matcher m = p.matcher(s);
        while (m.find()) {
            expected.add(describe(m));
        }
        List<String> actual = new ArrayList<>();
        SparseFind.forEach(p, s, test, x -> actual.add(describe(x)));
        assertEquals(expected, actual, () -> p + " on " + s);
        return expected.size();
    }

    private static String describe(Matcher m) {
        StringBuilder sb = new StringBuilder().append(m.start()).append('-').append(m.end());
        for (int g = 1; g <= m.groupCount(); g++) {
            sb.append('|').append(m.group(g));
        }
        return sb.toString();
    }

    private static List<String> evalTexts() throws IOException {
        List<String> out = new ArrayList<>();
        for (String set : List.of("dev", "test", "holdout", "holdout2", "holdout3")) {
            for (String lang : List.of("en", "zh")) {
                Path dir = Fixtures.seedsDir().resolve("eval").resolve(set).resolve(lang);
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.filter(x -> x.toString().endsWith(".txt")).sorted().toList()) {
                        out.add(Files.readString(f, StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return out;
    }
}
