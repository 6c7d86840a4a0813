package io.chipwatch.enrich.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.enrich.Enricher;
import io.chipwatch.enrich.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Phrases are matched by {@link PhraseMatcher}, not by their regex: an optimisation only, so at every
 * anchor position (and, for a sample, every position) of every sentence of the sample and development
 * articles it must give exactly the regex's answer.
 */
class PhraseMatcherTest {

    @Test
    void matcherShouldEqualTheRegexAtEveryAnchorPosition() throws IOException {
        Set<Term.Phrase> phrases = phrases(EventRules.load(Fixtures.seedsDir().resolve(Enricher.EVENTS_FILE)));
        List<String> sentences = sentences();
        int checked = 0;
        int matched = 0;
        for (Term.Phrase p : phrases) {
            for (String folded : sentences) {
                for (int at : p.positionsOf(folded)) {
                    int expected = p.regexEndAt(folded, at);
                    if (p.latinStart() && at > 0 && Character.isLetterOrDigit(folded.codePointBefore(at))
                            && !Text.isCjk(folded.charAt(at - 1))) {
                        continue; // the leading boundary is checked before the matcher runs
                    }
                    assertThat(p.matcher().matchAt(folded, at)).as(p.source() + " at " + at + " in: " + folded).isEqualTo(expected);
                    checked++;
                    if (expected >= 0) {
                        matched++;
                    }
                }
            }
        }
        assertThat(phrases).hasSizeGreaterThan(1_000);
        assertThat(checked).isGreaterThan(50_000);
        assertThat(matched).isGreaterThan(2_000);
    }

    @Test
    void matcherShouldEqualTheRegexAtEveryPositionOfTrickyText() {
        List<String> phrases = List.of("licence~/license~", "smuggl*", "state-funded", "-based", "co-", "add~ ... entity list",
                "列入 ... 实体清单", "export control~", "ban~ ... export~", "2nm/3nm ... capacity/production", "u.s. chip~",
                "require~ a licence/license", "build~/built ... fab~/plant~", "以 ... 为目标平台", "open source");
        List<String> texts = List.of("licences were licensing sublicense licenced", "smugglers smuggled smuggling2 smuggl",
                "state funded state-funded statefunded state - funded", "cloud-based x based -based", "co-operate co- op",
                "they added 12 chinese firms to the entity list and the entity-list", "美国将多家企业列入了所谓实体清单,列入清单",
                "export controls export-control export  control exports control", "banned the exports ban on all of the chip export",
                "2nm and 3nm capacity production", "u.s. chips u.s.chip", "requires a licence require~ a license",
                "built two new fabs builds plant-level build the plant", "以华为昇腾芯片为目标平台", "open-source open  source");
        int checked = 0;
        for (String src : phrases) {
            Term.Phrase p = (Term.Phrase) Term.parse(src);
            for (String text : texts) {
                String folded = Text.fold(text);
                for (int at = 0; at <= folded.length(); at++) {
                    if (p.latinStart() && at > 0 && Character.isLetterOrDigit(folded.charAt(at - 1)) && !Text.isCjk(folded.charAt(at - 1))) {
                        continue;
                    }
                    assertThat(p.matcher().matchAt(folded, at)).as(src + " at " + at + " in: " + text).isEqualTo(p.regexEndAt(folded, at));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(3_000);
    }

    private static Set<Term.Phrase> phrases(EventRules rules) {
        Set<Term.Phrase> out = new LinkedHashSet<>();
        List<Term> all = new ArrayList<>(rules.globalUnless());
        for (EventRule r : rules.rules()) {
            r.all().forEach(all::addAll);
            all.addAll(r.unless());
            all.addAll(r.articleUnless());
            all.addAll(r.falseFriends());
            r.requires().forEach(a -> all.addAll(a.terms()));
            r.directions().values().forEach(all::addAll);
        }
        rules.salience().cues().values().forEach(list -> list.forEach(c -> all.add(c.term())));
        for (Term t : all) {
            if (t instanceof Term.Phrase p) {
                out.add(p);
            }
        }
        return out;
    }

    /** Folded sentences of seeds/articles and the development set (never the held-out test set). */
    private static List<String> sentences() throws IOException {
        List<String> out = new ArrayList<>();
        for (Path dir : List.of(Fixtures.seedsDir().resolve("articles"), Fixtures.seedsDir().resolve("eval").resolve("dev"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".yaml")).sorted().toList()) {
                    String text = Text.normalize(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
                    for (Span s : Sentences.split("text", text)) {
                        out.add(Text.fold(text.substring(s.start(), s.end())));
                    }
                }
            }
        }
        return out;
    }
}
