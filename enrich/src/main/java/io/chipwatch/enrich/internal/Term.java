package io.chipwatch.enrich.internal;

import io.chipwatch.model.EntityType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One term of an event rule: a phrase, or a reference to entities in the sentence
 * ({@code @TYPE}, {@code #tag}, {@code =entity-id}). See the header of {@code seeds/events.yaml}
 * for the phrase syntax.
 */
public sealed interface Term {

    /** Where a term matched in a sentence: offsets into the sentence, or -1 for entity terms without one. */
    record Hit(int start, int end) {}

    /** The term as written in the rules. */
    String source();

    /** First hit in the sentence, or null. */
    default Hit find(SentenceView sentence) {
        return findIn(sentence, 0, Integer.MAX_VALUE);
    }

    /** First hit starting at an offset in [from, to) of the sentence, or null. */
    Hit findIn(SentenceView sentence, int from, int to);

    static Term parse(String raw) {
        String s = raw.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty term");
        }
        if ("@#=&".indexOf(s.charAt(0)) >= 0) {
            Predicate<GazetteerEntry> all = e -> true;
            for (String part : s.split("\\+")) {
                all = all.and(entityPredicate(part.trim()));
            }
            return new OfEntity(s, all);
        }
        return Phrase.of(s, compile(s), anchors(s));
    }

    /**
     * Literal strings of which one must occur in the folded sentence for the phrase to match (from
     * its first word); checking them with indexOf first keeps the regexes off most sentences.
     */
    static List<String> anchors(String phrase) {
        String first = Text.lower(phrase).trim().split("\\s+")[0];
        List<String> out = new ArrayList<>();
        for (String alt : first.split("/")) {
            String a = alt;
            boolean inflected = a.endsWith("~");
            if (inflected || a.endsWith("*")) {
                a = a.substring(0, a.length() - 1);
            }
            if (inflected && (a.endsWith("e") || a.endsWith("y"))) {
                a = a.substring(0, a.length() - 1);
            }
            int dash = a.indexOf('-');
            if (dash >= 0) {
                a = a.substring(0, dash);
            }
            if (a.isEmpty()) {
                return List.of();
            }
            out.add(a);
        }
        return out;
    }

    private static Predicate<GazetteerEntry> entityPredicate(String part) {
        if (part.length() < 2) {
            throw new IllegalArgumentException("entity term '" + part + "' needs a name after " + part);
        }
        String v = part.substring(1).trim();
        switch (part.charAt(0)) {
            case '@': {
                EntityType type;
                try {
                    type = EntityType.valueOf(v.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown entity type '" + v + "', expected one of "
                            + java.util.Arrays.toString(EntityType.values()));
                }
                return e -> e.type() == type;
            }
            case '#': {
                String tag = v.toLowerCase(Locale.ROOT);
                return e -> e.inheritedTags().contains(tag);
            }
            case '&': {
                String cc = v.toUpperCase(Locale.ROOT);
                return e -> cc.equals(e.inheritedCountry());
            }
            case '=':
                return e -> e.id().equals(v) || e.ancestors().contains(v);
            default:
                throw new IllegalArgumentException("entity terms start with @, #, & or =, got '" + part + "'");
        }
    }

    /**
     * A phrase compiled to a regex over case-folded text. {@code body} is the pattern without its
     * leading word-boundary lookbehind: a regex that starts with a lookbehind evaluates it (a Unicode
     * script lookup) at every position of the sentence, which was the enrich thread's top hot spot;
     * checking the boundary only where the body matched finds the same leftmost match.
     */
    record Phrase(String source, Pattern pattern, List<String> anchors, int[] anchorIds, Pattern body, boolean latinStart,
                  PhraseMatcher matcher) implements Term {
        static final int[] NONE = new int[0];

        static Phrase of(String source, Pattern pattern, List<String> anchors) {
            String re = pattern.pattern();
            boolean latinStart = re.startsWith(LATIN_BEFORE);
            Pattern body = latinStart ? Pattern.compile(re.substring(LATIN_BEFORE.length())) : pattern;
            int[] ids = anchors.stream().mapToInt(AnchorIndex::id).toArray();
            return new Phrase(source, pattern, List.copyOf(anchors), ids, body, latinStart, PhraseMatcher.of(source));
        }

        @Override
        public Hit findIn(SentenceView sentence, int from, int to) {
            String folded = sentence.folded();
            if (anchors.isEmpty()) {
                Hit h = search(folded, from);
                return h != null && h.start() < to ? h : null;
            }
            // Every match starts with one of the anchors (the literal start of the first word), so instead of
            // letting the regex scan the whole sentence, try it only where an anchor occurs, leftmost first:
            // the same leftmost match, without a scan from every position (the classifier's hot spot).
            AnchorIndex.Hits hits = sentence.anchorHits();
            if (hits != null) {
                long only = 0L;
                int present = 0;
                for (int id : anchorIds) {
                    long run = hits.run(id);
                    if (run != 0L) {
                        only = run;
                        present++;
                    }
                }
                if (present == 0) {
                    return null;
                }
                if (present == 1) {
                    return findAt(folded, only, hits, from, to);
                }
            }
            int[] starts = hits != null ? hits.positions(anchorIds) : anchorPositions(folded);
            for (int at : starts) {
                if (at < from || latinStart && latinOrDigitBefore(folded, at)) {
                    continue;
                }
                if (at >= to) {
                    break;
                }
                int end = matcher.matchAt(folded, at);
                if (end >= 0) {
                    return new Hit(at, end);
                }
            }
            return null;
        }

        /** {@link #findIn} over the positions of one anchor: a run of the index's packed hits, no copy. */
        private Hit findAt(String folded, long run, AnchorIndex.Hits hits, int from, int to) {
            int lo = (int) (run >>> 32);
            int hi = (int) run;
            for (int i = lo; i < hi; i++) {
                int at = hits.positionAt(i);
                if (at < from || latinStart && latinOrDigitBefore(folded, at)) {
                    continue;
                }
                if (at >= to) {
                    break;
                }
                int end = matcher.matchAt(folded, at);
                if (end >= 0) {
                    return new Hit(at, end);
                }
            }
            return null;
        }

        /** End of the regex's match at {@code at} (boundary before included), or -1: the reference the fast paths are tested against. */
        int regexEndAt(String folded, int at) {
            if (latinStart && latinOrDigitBefore(folded, at)) {
                return -1;
            }
            Matcher m = body.matcher(folded);
            m.useTransparentBounds(true).useAnchoringBounds(false);
            m.region(at, folded.length());
            return m.lookingAt() ? m.end() : -1;
        }

        /** Every position where one of the anchors occurs (ascending). */
        int[] positionsOf(String folded) {
            return anchorPositions(folded);
        }

        private Hit search(String folded, int start) {
            Matcher m = body.matcher(folded);
            int from = start;
            while (from <= folded.length() && m.find(from)) {
                if (!latinStart || !latinOrDigitBefore(folded, m.start())) {
                    return new Hit(m.start(), m.end());
                }
                from = m.start() + 1;
            }
            return null;
        }

        /** Every position where an anchor occurs, ascending, without repeats; a plain loop (runs per term per sentence). */
        private int[] anchorPositions(String s) {
            int[] out = NONE;
            int n = 0;
            for (int i = 0; i < anchors.size(); i++) {
                String a = anchors.get(i);
                for (int at = s.indexOf(a); at >= 0; at = s.indexOf(a, at + 1)) {
                    if (n == out.length) {
                        out = java.util.Arrays.copyOf(out, Math.max(4, n * 2));
                    }
                    out[n++] = at;
                }
            }
            if (n == 0) {
                return NONE;
            }
            out = java.util.Arrays.copyOf(out, n);
            if (anchors.size() > 1) {
                out = java.util.Arrays.stream(out).sorted().distinct().toArray();
            }
            return out;
        }

        /** Same test as {@link #LATIN_BEFORE}: is the code point before {@code i} Latin script or a decimal digit? */
        private static boolean latinOrDigitBefore(String s, int i) {
            if (i == 0) {
                return false;
            }
            int cp = s.codePointBefore(i);
            return Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER
                    || Scripts.isLatin(cp);
        }
    }

    /**
     * An entity mentioned in the sentence that satisfies every part: {@code @TYPE} (entity type),
     * {@code #tag} (own or inherited tag), {@code &CC} (own or inherited country), {@code =id} (the
     * entity or a member of it), joined with {@code +}.
     */
    record OfEntity(String source, Predicate<GazetteerEntry> test) implements Term {
        @Override
        public Hit findIn(SentenceView sentence, int from, int to) {
            return sentence.firstMention(m -> test.test(m.entry()), from, to);
        }
    }

    String LATIN_BEFORE = "(?<![\\p{IsLatin}\\p{Nd}])";
    String LATIN_AFTER = "(?![\\p{IsLatin}\\p{Nd}])";

    static Pattern compile(String phrase) {
        String[] tokens = Text.lower(phrase).trim().split("\\s+");
        StringBuilder re = new StringBuilder();
        String prev = null;
        boolean pendingGap = false;
        for (String tok : tokens) {
            if (tok.equals("...")) {
                if (prev == null) {
                    throw new IllegalArgumentException("a phrase cannot start with '...'");
                }
                pendingGap = true;
                continue;
            }
            if (prev != null) {
                boolean latinJoin = Text.isWordChar(lastChar(prev)) && Text.isWordChar(tok.charAt(0));
                if (pendingGap) {
                    re.append(latinJoin ? "(?:[\\s-]+\\S+){0,6}?[\\s-]+" : ".{0,15}?");
                } else {
                    re.append(latinJoin ? "[\\s-]+" : "\\s*");
                }
            }
            re.append(token(tok));
            prev = tok;
            pendingGap = false;
        }
        if (pendingGap) {
            throw new IllegalArgumentException("a phrase cannot end with '...'");
        }
        String first = tokens[0];
        String body = re.toString();
        if (Text.isWordChar(first.charAt(0))) {
            body = LATIN_BEFORE + body;
        }
        if (Text.isWordChar(lastChar(prev))) {
            body = body + LATIN_AFTER;
        }
        try {
            return Pattern.compile(body);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("cannot compile phrase '" + phrase + "': " + e.getDescription(), e);
        }
    }

    /** The last character of a word of a phrase, after its last alternative ({@code ~} and {@code *} removed). */
    static char lastCharOf(String tok) {
        return lastChar(tok);
    }

    private static char lastChar(String tok) {
        String t = tok.replace("~", "").replace("*", "");
        int slash = t.lastIndexOf('/');
        String alt = slash >= 0 ? t.substring(slash + 1) : t;
        return alt.isEmpty() ? ' ' : alt.charAt(alt.length() - 1);
    }

    private static String token(String tok) {
        List<String> alts = new ArrayList<>();
        for (String alt : tok.split("/")) {
            if (!alt.isEmpty()) {
                alts.add(alternative(alt));
            }
        }
        if (alts.isEmpty()) {
            throw new IllegalArgumentException("empty token in phrase");
        }
        return alts.size() == 1 ? alts.get(0) : "(?:" + String.join("|", alts) + ")";
    }

    private static String alternative(String alt) {
        if (alt.endsWith("~")) {
            return "(?:" + String.join("|", inflections(alt.substring(0, alt.length() - 1)).stream()
                    .map(Term::literal).toList()) + ")";
        }
        if (alt.endsWith("*")) {
            return literal(alt.substring(0, alt.length() - 1)) + "[\\p{IsLatin}]*";
        }
        return literal(alt);
    }

    /** A literal where an inner hyphen also matches a space or nothing ("state-funded", "state funded"). */
    private static String literal(String s) {
        StringBuilder sb = new StringBuilder();
        String[] parts = s.split("-", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append("[\\s-]?");
            }
            if (!parts[i].isEmpty()) {
                sb.append(Pattern.quote(parts[i]));
            }
        }
        return sb.toString();
    }

    /** Regular English inflections of a verb or noun: add/adds/added/adding, ban/banned, supply/supplies. */
    static List<String> inflections(String base) {
        List<String> out = new ArrayList<>();
        out.add(base);
        int n = base.length();
        if (n == 0) {
            throw new IllegalArgumentException("empty word before '~'");
        }
        char last = base.charAt(n - 1);
        if (last == 'e') {
            String stem = base.substring(0, n - 1);
            out.addAll(List.of(base + "s", base + "d", stem + "ing"));
        } else if (last == 'y' && n > 1 && !isVowel(base.charAt(n - 2))) {
            String stem = base.substring(0, n - 1);
            out.addAll(List.of(stem + "ies", stem + "ied", base + "ing"));
        } else {
            out.addAll(List.of(base + "s", base + "es", base + "ed", base + "ing"));
            if (n >= 3 && !isVowel(last) && last != 'w' && last != 'x' && last != 'y'
                    && isVowel(base.charAt(n - 2)) && !isVowel(base.charAt(n - 3))) {
                out.addAll(List.of(base + last + "ed", base + last + "ing"));
            }
        }
        return out;
    }

    private static boolean isVowel(char c) {
        return "aeiou".indexOf(c) >= 0;
    }
}
