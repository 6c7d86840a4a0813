package io.chipwatch.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.ingest.UrlCanonicalizer;
import io.chipwatch.model.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scores the feed reader on local copies of two public test corpora (never committed here):
 * the testdata of {@code mmcdole/gofeed} and the tests of {@code kurtmckee/feedparser}. Opt-in,
 * not part of the default build: {@code scripts/score-feeds.sh GOFEED_DIR FEEDPARSER_DIR}, or
 * {@code mvn -B -pl ingest -am test -Dtest=FeedCorpusScore -Dsurefire.failIfNoSpecifiedTests=false
 * -Dcorpus.gofeed=DIR -Dcorpus.feedparser=DIR}. Prints the figures and writes them, with every
 * file that missed and why, to {@code ingest/target/feed-corpus-score.txt}.
 *
 * <p><b>gofeed, "parsed as gofeed expects".</b> Every input of {@code testdata/} that has an expected
 * output ({@code X.xml} with {@code X.json}; {@code X.json} with {@code X_expected.json}) plus the
 * universal files that {@code parser_test.go} lists (a feed or an error). A file is as expected when
 * it parses (or fails, where gofeed fails) and: the number of items equals the expected
 * {@code items}/{@code entries} array's length; each expected item title equals ours, both taken
 * as plain text (chipwatch strips markup where gofeed's raw parsers keep it); each expected link
 * ({@code link}, or the first {@code links} entry without a rel or with rel=alternate) equals ours
 * after both are resolved against the feed URL and canonicalised; each expected parsed date
 * ({@code publishedParsed}, else {@code updatedParsed}/{@code pubDateParsed}) equals our published
 * time to the second. Fields the expectation does not give are not checked.
 *
 * <p><b>feedparser.</b> The {@code Expect:} line of each test is evaluated where it speaks about what
 * chipwatch models: {@code feed['title']}, {@code feed.link}, {@code entries[N]['title'|'link']};
 * {@code entries[N]} anywhere in it means feedparser recovers at least N+1 items, and chipwatch must
 * too. {@code bozo} (recovered or not) and fields chipwatch does not model (geo, encoding names,
 * details) are not scored. Well-formed tests are scored as "produce output" (parse without error). With
 * {@code -Dcorpus.feedparser.reference=FILE} (what feedparser itself recovers from each file, written by
 * {@code scripts/feedparser-reference.py}), items are also compared with feedparser's: count per file and titles.
 */
@Tag("corpus")
class FeedCorpusScore {
    private static final String BASE = "https://corpus.test/feed.xml";
    private static final String FEEDPARSER_SERVER = "http://127.0.0.1:8097/";
    private static final Pattern EXPECT = Pattern.compile("(?m)^\\s*Expect:\\s*(.*)$");
    private static final Pattern HEADER = Pattern.compile("(?mi)^\\s*Header:\\s*([\\w-]+):\\s*(.*)$");
    private static final Pattern ENTRIES = Pattern.compile("entries\\[(\\d+)]");
    private static final Pattern CLAUSE = Pattern.compile(
            "^(feed|entries\\[(\\d+)])(?:\\[['\"](\\w+)['\"]]|\\.(\\w+)|\\.get\\(['\"](\\w+)['\"]\\))\\s*==\\s*(.+)$");
    /** parser_test.go's table for the universal files: the expected feed title, or null where gofeed returns an error. */
    private static final Map<String, String> UNIVERSAL = universalTable();

    private final List<String> report = new ArrayList<>();
    /** feedparser's own output per file (path relative to the checkout), or null when not given. */
    private JsonNode reference;

    @Test
    void score() throws IOException {
        String gofeed = System.getProperty("corpus.gofeed");
        String feedparser = System.getProperty("corpus.feedparser");
        String referenceFile = System.getProperty("corpus.feedparser.reference");
        reference = referenceFile == null || referenceFile.isBlank() || !Files.exists(Path.of(referenceFile)) ? null
                : Json.MAPPER.readTree(Path.of(referenceFile).toFile());
        Assumptions.assumeTrue(gofeed != null || feedparser != null, "set -Dcorpus.gofeed=DIR and/or -Dcorpus.feedparser=DIR");
        if (gofeed != null) {
            scoreGofeed(Path.of(gofeed));
        }
        if (feedparser != null) {
            scoreFeedparser(Path.of(feedparser));
        }
        Path out = Path.of("target", "feed-corpus-score.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, report, StandardCharsets.UTF_8);
        PrintStream console = System.out;
        report.stream().filter(l -> !l.startsWith("  miss ")).forEach(console::println);
        console.println("(every miss with its reason: " + out.toAbsolutePath() + ")");
        assertThat(report).isNotEmpty();
    }

    // ---- gofeed ----

    private void scoreGofeed(Path root) throws IOException {
        Path testdata = Files.isDirectory(root.resolve("testdata")) ? root.resolve("testdata") : root;
        Map<String, int[]> byDir = new TreeMap<>();
        List<String> misses = new ArrayList<>();
        int total = 0;
        int ok = 0;
        for (Path input : files(testdata)) {
            String name = input.getFileName().toString();
            Path expectedFile = expectedOf(input);
            boolean universal = input.getParent().getFileName().toString().equals("universal") && UNIVERSAL.containsKey(name);
            boolean invalid = name.equals("invalid.json") && input.getParent().getFileName().toString().equals("invalid");
            if (expectedFile == null && !universal && !invalid) {
                continue;
            }
            String dir = testdata.relativize(input.getParent()).toString();
            int[] counts = byDir.computeIfAbsent(dir, d -> new int[2]);
            counts[1]++;
            total++;
            String problem;
            try {
                problem = universal || invalid ? checkUniversal(input, invalid ? null : UNIVERSAL.get(name))
                        : checkGofeed(Files.readAllBytes(input), Json.MAPPER.readTree(expectedFile.toFile()));
            } catch (RuntimeException e) {
                problem = "exception " + e;
            }
            if (problem == null) {
                ok++;
                counts[0]++;
            } else {
                misses.add(testdata.relativize(input) + ": " + problem);
            }
        }
        report.add(String.format(Locale.ROOT, "gofeed testdata (%s): %d of %d files parsed as gofeed expects (%.1f %%)", testdata, ok, total,
                100.0 * ok / Math.max(1, total)));
        byDir.forEach((d, c) -> report.add(String.format(Locale.ROOT, "  %-24s %4d / %4d", d, c[0], c[1])));
        misses.forEach(m -> report.add("  miss " + oneLine(m)));
    }

    /** A miss on one line of the report, at most 400 characters. */
    private static String oneLine(String s) {
        String t = s.replace("\r", "").replace("\n", "\\n");
        return t.length() <= 400 ? t : t.substring(0, 397) + "...";
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".xml") || n.endsWith(".json") && !n.endsWith("_expected.json") && !Files.exists(p.resolveSibling(
                        n.substring(0, n.length() - 5) + ".xml"));
            }).sorted().toList();
        }
    }

    private static Path expectedOf(Path input) {
        String n = input.getFileName().toString();
        Path e = n.endsWith(".xml") ? input.resolveSibling(n.substring(0, n.length() - 4) + ".json")
                : input.resolveSibling(n.substring(0, n.length() - 5) + "_expected.json");
        return Files.exists(e) ? e : null;
    }

    private static String checkUniversal(Path input, String expectedTitle) throws IOException {
        FeedReader.ParsedFeed feed;
        try {
            feed = FeedReader.parse(Files.readAllBytes(input), null, BASE);
        } catch (MalformedFeedException e) {
            return expectedTitle == null ? null : "failed: " + e.getMessage();
        }
        if (expectedTitle == null) {
            return "parsed, gofeed gives an error";
        }
        return expectedTitle.equals(PlainText.line(feed.title())) ? null : "feed title '" + feed.title() + "', expected '" + expectedTitle + "'";
    }

    private static String checkGofeed(byte[] body, JsonNode expected) {
        FeedReader.ParsedFeed feed;
        try {
            feed = FeedReader.parse(body, null, BASE);
        } catch (MalformedFeedException e) {
            return "failed: " + e.getMessage();
        }
        JsonNode items = expected.has("items") ? expected.get("items") : expected.path("entries");
        int want = items.isArray() ? items.size() : 0;
        if (feed.items().size() != want) {
            return feed.items().size() + " items, expected " + want;
        }
        for (int i = 0; i < want; i++) {
            String p = checkItem(i, items.get(i), feed.items().get(i));
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static String checkItem(int i, JsonNode want, FeedItem got) {
        if (want.path("title").isTextual()) {
            String t = PlainText.line(want.get("title").asText());
            if (!t.equals(PlainText.line(got.title()))) {
                return "item " + i + " title '" + got.title() + "', expected '" + t + "'";
            }
        }
        List<String> links = expectedLinks(want);
        if (!links.isEmpty() && links.stream().noneMatch(l -> Objects.equals(UrlCanonicalizer.resolve(BASE, l), got.link()))) {
            return "item " + i + " link " + got.link() + ", expected " + (links.size() == 1 ? "" : "one of ") + links;
        }
        for (String f : new String[] {"publishedParsed", "updatedParsed", "pubDateParsed"}) {
            if (want.path(f).isTextual()) {
                Instant at = Instant.parse(want.get(f).asText()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
                Instant ours = got.publishedAt() == null ? null : got.publishedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
                if (!at.equals(ours)) {
                    return "item " + i + " date " + got.publishedAt() + ", expected " + at + " (" + f + ")";
                }
                break;
            }
        }
        return null;
    }

    /**
     * The item's link as gofeed gives it ({@code link}, JSON Feed's {@code url}), or, where gofeed lists several
     * ({@code links}), any of them: with several RSS {@code <link>}s gofeed picks the last, chipwatch the first.
     */
    private static List<String> expectedLinks(JsonNode want) {
        List<String> out = new ArrayList<>();
        if (want.path("links").isArray() && want.get("links").size() > 0 && want.get("links").get(0).isTextual()) {
            want.get("links").forEach(l -> out.add(l.asText()));
            return out;
        }
        String link = want.path("link").isTextual() ? want.get("link").asText()
                : want.path("url").isTextual() ? want.get("url").asText() : alternateLink(want.path("links"));
        if (link != null) {
            out.add(link);
        }
        return out;
    }

    private static String alternateLink(JsonNode links) {
        if (!links.isArray()) {
            return null;
        }
        for (JsonNode l : links) {
            if (l.isTextual()) {
                return l.asText();
            }
            String rel = l.path("rel").asText("alternate");
            if (rel.isEmpty() || rel.equals("alternate")) {
                return l.path("href").asText(null);
            }
        }
        return null;
    }

    private static Map<String, String> universalTable() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : new String[] {"atom03_feed.xml", "atom10_feed.xml", "rss_feed.xml", "rss_feed_bom.xml", "rss_feed_leading_spaces.xml",
                "rdf_feed.xml"}) {
            m.put(f, "Feed Title");
        }
        for (String f : new String[] {"sample.json", "json10_feed.json", "json11_feed.json"}) {
            m.put(f, "title");
        }
        for (String f : new String[] {"unknown_feed.xml", "empty_feed.xml", "invalid.json"}) {
            m.put(f, null);
        }
        return m;
    }

    // ---- feedparser ----

    private void scoreFeedparser(Path root) throws IOException {
        Path tests = Files.isDirectory(root.resolve("tests")) ? root.resolve("tests") : root;
        for (String set : new String[] {"entities", "illformed", "wellformed"}) {
            Path dir = tests.resolve(set);
            if (!Files.isDirectory(dir)) {
                report.add("feedparser " + set + ": no folder " + dir);
                continue;
            }
            int total = 0;
            int parsed = 0;
            int scored = 0;
            int asExpected = 0;
            int withItems = 0;
            int itemsRecovered = 0;
            List<String> misses = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                    total++;
                    byte[] body = Files.readAllBytes(p);
                    String text = new String(body, StandardCharsets.ISO_8859_1);
                    Map<String, String> headers = new LinkedHashMap<>();
                    Matcher h = HEADER.matcher(text);
                    while (h.find()) {
                        headers.put(h.group(1).toLowerCase(Locale.ROOT), h.group(2).strip());
                    }
                    Matcher em = EXPECT.matcher(text);
                    String expect = em.find() ? em.group(1).strip() : "";
                    // feedparser's harness serves each test at http://127.0.0.1:8097/<path>; Content-Location resolves against that
                    String served = FEEDPARSER_SERVER + tests.getParent().relativize(p).toString().replace('\\', '/');
                    String location = headers.get("content-location");
                    String base = location == null ? served : Objects.requireNonNullElse(UrlCanonicalizer.resolve(served, location), served);
                    FeedReader.ParsedFeed feed = null;
                    String failure = null;
                    try {
                        feed = FeedReader.parse(body, headers.get("content-type"), base);
                        parsed++;
                    } catch (MalformedFeedException | RuntimeException e) {
                        failure = e.toString();
                    }
                    int needItems = 0;
                    Matcher en = ENTRIES.matcher(expect);
                    while (en.find()) {
                        needItems = Math.max(needItems, Integer.parseInt(en.group(1)) + 1);
                    }
                    if (needItems > 0) {
                        withItems++;
                        if (feed != null && feed.items().size() >= needItems) {
                            itemsRecovered++;
                        } else {
                            misses.add(tests.relativize(p) + ": feedparser recovers at least " + needItems + " items, chipwatch "
                                    + (feed == null ? "none (" + failure + ")" : feed.items().size()));
                        }
                    }
                    Verdict v = evaluate(expect, feed, base);
                    if (v == Verdict.NOT_SCORED) {
                        if (feed == null && set.equals("wellformed")) {
                            misses.add(tests.relativize(p) + ": no output: " + failure);
                        }
                        continue;
                    }
                    scored++;
                    if (v == Verdict.PASS) {
                        asExpected++;
                    } else {
                        misses.add(tests.relativize(p) + ": " + (feed == null ? "failed: " + failure : "expected " + expect + describe(feed)));
                    }
                }
            }
            report.add(String.format(Locale.ROOT, "feedparser %s (%s): %d files, %d produce output (%.1f %%); %d of %d scored expectations met;"
                            + " Expect lines naming entries: %d files, chipwatch has those entries in %d", set, dir, total, parsed,
                    100.0 * parsed / Math.max(1, total), asExpected, scored, withItems, itemsRecovered));
            if (reference != null) {
                compareWithReference(tests, dir, set, misses);
            }
            misses.forEach(m -> report.add("  miss " + oneLine(m)));
        }
    }

    /**
     * Compares item counts and titles with what feedparser itself recovered from each file (the JSON written by
     * {@code scripts/feedparser-reference.py}): an item feedparser recovers counts as recovered by chipwatch when chipwatch
     * has at least as many items in that file, and the titles of the items both have are compared as plain text.
     */
    private void compareWithReference(Path tests, Path dir, String set, List<String> misses) throws IOException {
        int fpItems = 0;
        int recovered = 0;
        int files = 0;
        int filesShort = 0;
        int titlesCompared = 0;
        int titlesAgree = 0;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                JsonNode ref = reference.get(tests.getParent().relativize(p).toString().replace('\\', '/'));
                if (ref == null || ref.path("entries").asInt(0) == 0) {
                    continue;
                }
                int want = ref.get("entries").asInt();
                files++;
                fpItems += want;
                FeedReader.ParsedFeed feed;
                try {
                    feed = FeedReader.parse(Files.readAllBytes(p), null, FEEDPARSER_SERVER + tests.getParent().relativize(p));
                } catch (MalformedFeedException | RuntimeException e) {
                    filesShort++;
                    misses.add(tests.relativize(p) + ": feedparser recovers " + want + " items, chipwatch none: " + e.getMessage());
                    continue;
                }
                recovered += Math.min(want, feed.items().size());
                if (feed.items().size() < want) {
                    filesShort++;
                    misses.add(tests.relativize(p) + ": feedparser recovers " + want + " items, chipwatch " + feed.items().size());
                }
                for (int i = 0; i < Math.min(want, feed.items().size()); i++) {
                    String theirs = PlainText.line(ref.path("titles").path(i).asText(""));
                    String ours = PlainText.line(feed.items().get(i).title());
                    titlesCompared++;
                    if (theirs.replace(" ", "").equals(ours.replace(" ", ""))) {
                        titlesAgree++;
                    } else {
                        misses.add(tests.relativize(p) + ": item " + i + " title '" + ours + "', feedparser '" + theirs + "'");
                    }
                }
            }
        }
        report.add(String.format(Locale.ROOT, "  against feedparser's own output: feedparser recovers %d items in %d files; chipwatch recovers %d of"
                + " them (%.1f %%; %d files short); titles agree on %d of %d", fpItems, files, recovered, 100.0 * recovered / Math.max(1, fpItems),
                filesShort, titlesAgree, titlesCompared));
    }

    private static String describe(FeedReader.ParsedFeed feed) {
        StringBuilder sb = new StringBuilder(", got feed title '").append(feed.title()).append("'");
        for (int i = 0; i < Math.min(2, feed.items().size()); i++) {
            sb.append(", item ").append(i).append(" '").append(feed.items().get(i).title()).append("' ").append(feed.items().get(i).link());
        }
        return sb.append(" (").append(feed.items().size()).append(" items)").toString();
    }

    enum Verdict { PASS, FAIL, NOT_SCORED }

    /** Evaluates the clauses chipwatch can answer; a clause about anything else makes the whole test NOT_SCORED. */
    static Verdict evaluate(String expect, FeedReader.ParsedFeed feed, String base) {
        List<String> clauses = splitAnd(expect);
        boolean any = false;
        boolean pass = true;
        for (String c : clauses) {
            String clause = c.strip();
            if (clause.matches("(not )?bozo|1")) {
                continue;
            }
            Matcher m = CLAUSE.matcher(clause);
            if (!m.matches()) {
                return Verdict.NOT_SCORED;
            }
            String field = m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : m.group(5);
            String literal = pythonString(m.group(6).strip());
            if (literal == null || !(field.equals("title") || field.equals("link"))) {
                return Verdict.NOT_SCORED;
            }
            any = true;
            if (feed == null) {
                pass = false;
                continue;
            }
            String got;
            if (m.group(2) == null) {
                got = field.equals("title") ? feed.title() : feedLink(feed);
            } else {
                int i = Integer.parseInt(m.group(2));
                if (i >= feed.items().size()) {
                    pass = false;
                    continue;
                }
                got = field.equals("title") ? feed.items().get(i).title() : feed.items().get(i).link();
            }
            boolean same = field.equals("title") ? PlainText.line(literal).equals(PlainText.line(got == null ? "" : got))
                    : Objects.equals(UrlCanonicalizer.resolve(base, literal), got == null ? null : UrlCanonicalizer.resolve(base, got));
            pass &= same;
        }
        return !any ? Verdict.NOT_SCORED : pass ? Verdict.PASS : Verdict.FAIL;
    }

    /** The feed's own link, where the parsed feed carries one (older versions of ParsedFeed do not). */
    private static String feedLink(FeedReader.ParsedFeed feed) {
        try {
            return (String) FeedReader.ParsedFeed.class.getMethod("link").invoke(feed);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static List<String> splitAnd(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                cur.append(c);
                if (c == '\\' && i + 1 < s.length()) {
                    cur.append(s.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                cur.append(c);
            } else if (s.startsWith(" and ", i)) {
                out.add(cur.toString());
                cur.setLength(0);
                i += 4;
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** A Python string literal ('...', "...", u'...') decoded, or null when the text is not one. */
    static String pythonString(String lit) {
        String s = lit.startsWith("u") || lit.startsWith("U") ? lit.substring(1) : lit;
        if (s.length() < 2 || (s.charAt(0) != '\'' && s.charAt(0) != '"') || s.charAt(s.length() - 1) != s.charAt(0)) {
            return null;
        }
        String body = s.substring(1, s.length() - 1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                sb.append(c);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'x' -> {
                    sb.append((char) Integer.parseInt(body.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    sb.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                case 'U' -> {
                    sb.appendCodePoint(Integer.parseInt(body.substring(i + 1, i + 9), 16));
                    i += 8;
                }
                default -> sb.append(e);
            }
        }
        return sb.toString();
    }
}
