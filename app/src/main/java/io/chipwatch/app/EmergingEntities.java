package io.chipwatch.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.EntityType;
import io.chipwatch.model.Mention;
import io.chipwatch.model.TaggedEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Unknown organisations ({@code known: false}) across enriched articles, for {@code chipwatch entities
 * emerging}: per organisation id the mentions, articles, stories and sources, first and last seen (article
 * event time), the names it was written under, and one example sentence (from the article that gave it the
 * highest salience), so a user can add the ones that matter to the gazetteer. Memory grows with the number
 * of distinct unknown organisations, not with the articles read.
 */
final class EmergingEntities {
    /** One organisation, as printed with {@code --json}. */
    @JsonPropertyOrder({"id", "name", "type", "names", "sources", "articles", "stories", "mentions", "firstSeen",
            "lastSeen", "sourceIds", "example"})
    record Row(@JsonProperty("id") String id, @JsonProperty("name") String name, @JsonProperty("type") EntityType type,
               @JsonProperty("names") List<String> names, @JsonProperty("sources") int sources,
               @JsonProperty("articles") int articles, @JsonProperty("stories") int stories,
               @JsonProperty("mentions") int mentions, @JsonProperty("firstSeen") Instant firstSeen,
               @JsonProperty("lastSeen") Instant lastSeen, @JsonProperty("sourceIds") List<String> sourceIds,
               @JsonProperty("example") Example example) {}

    /** Where the example sentence comes from. */
    @JsonPropertyOrder({"sentence", "articleId", "title", "url", "sourceId", "publishedAt"})
    record Example(@JsonProperty("sentence") String sentence, @JsonProperty("articleId") String articleId,
                   @JsonProperty("title") String title, @JsonProperty("url") String url,
                   @JsonProperty("sourceId") String sourceId, @JsonProperty("publishedAt") Instant publishedAt) {}

    private static final int MAX_NAMES = 5;
    private static final int MAX_SENTENCE = 300;

    private static final class Tally {
        String name;
        EntityType type;
        final Set<String> names = new LinkedHashSet<>();
        final Set<String> sources = new LinkedHashSet<>();
        final Set<String> articles = new java.util.HashSet<>();
        final Set<String> stories = new java.util.HashSet<>();
        int mentions;
        Instant first;
        Instant last;
        double bestSalience = -1;
        Example example;
    }

    private final Instant since;
    private final Map<String, Tally> byId = new HashMap<>();

    /** @param since only articles whose event time is at or after this (null: all) */
    EmergingEntities(Instant since) {
        this.since = since;
    }

    void add(EnrichedArticle a) {
        Instant when = a.eventTime();
        if (since != null && when.isBefore(since)) {
            return;
        }
        for (TaggedEntity e : a.entities()) {
            if (e.known()) {
                continue;
            }
            Tally t = byId.computeIfAbsent(e.id(), k -> new Tally());
            if (!t.articles.add(a.id())) {
                continue; // the same article read twice (a replay): count it once
            }
            if (t.name == null || e.name().length() > t.name.length()) {
                t.name = e.name();
            }
            t.type = t.type == null ? e.type() : t.type;
            for (Mention m : e.mentions()) {
                if (t.names.size() < MAX_NAMES) {
                    t.names.add(m.text());
                }
            }
            t.sources.add(a.sourceId());
            t.stories.add(a.storyId());
            t.mentions += e.count();
            t.first = t.first == null || when.isBefore(t.first) ? when : t.first;
            t.last = t.last == null || when.isAfter(t.last) ? when : t.last;
            if (e.salience() > t.bestSalience && !e.mentions().isEmpty()) {
                t.bestSalience = e.salience();
                t.example = new Example(sentence(a, firstBodyMention(e)), a.id(), a.title(), a.url(), a.sourceId(),
                        a.publishedAt());
            }
        }
    }

    /** Organisations seen in at least {@code minSources} sources, most sources first, then most articles, mentions. */
    List<Row> rows(int minSources) {
        List<Row> out = new ArrayList<>();
        byId.forEach((id, t) -> {
            if (t.sources.size() >= minSources) {
                out.add(new Row(id, t.name, t.type, List.copyOf(t.names), t.sources.size(), t.articles.size(),
                        t.stories.size(), t.mentions, t.first, t.last, List.copyOf(t.sources), t.example));
            }
        });
        out.sort(Comparator.comparingInt(Row::sources).reversed().thenComparing(Comparator.comparingInt(Row::articles).reversed())
                .thenComparing(Comparator.comparingInt(Row::mentions).reversed()).thenComparing(Row::id));
        return out;
    }

    private static Mention firstBodyMention(TaggedEntity e) {
        return e.mentions().stream().filter(m -> Mention.TEXT.equals(m.field())).findFirst().orElse(e.mentions().get(0));
    }

    /** The sentence around a mention: from the previous sentence end to the next one, at most MAX_SENTENCE chars. */
    static String sentence(EnrichedArticle a, Mention m) {
        String s = Mention.TITLE.equals(m.field()) ? a.title() : a.text();
        if (m.end() > s.length()) {
            return m.text();
        }
        int from = m.start();
        while (from > 0 && !ends(s, from - 1) && m.start() - from < MAX_SENTENCE / 2) {
            from--;
        }
        int to = m.end();
        while (to < s.length() && !ends(s, to) && to - from < MAX_SENTENCE) {
            to++;
        }
        if (to < s.length() && ends(s, to) && s.charAt(to) != '\n') {
            to++;
        }
        return s.substring(from, to).strip();
    }

    private static boolean ends(String s, int i) {
        char c = s.charAt(i);
        return c == '\n' || c == '。' || c == '！' || c == '？' || (c == '.' || c == '!' || c == '?')
                && (i + 1 >= s.length() || s.charAt(i + 1) == ' ' || s.charAt(i + 1) == '\n');
    }

    /** A readable table: one line per organisation, its example below it. */
    static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-44s %-12s %7s %8s %8s %-10s %-10s %s%n",
                "NAME", "TYPE", "SOURCES", "ARTICLES", "MENTIONS", "FIRST", "LAST", "ID"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-44s %-12s %7d %8d %8d %-10s %-10s %s%n", r.name(), r.type(), r.sources(),
                    r.articles(), r.mentions(), day(r.firstSeen()), day(r.lastSeen()), r.id()));
            if (r.example() != null) {
                sb.append("    \"").append(r.example().sentence()).append("\" (").append(r.example().sourceId())
                        .append(", ").append(day(r.example().publishedAt())).append(")\n");
            }
        }
        return sb.toString();
    }

    private static String day(Instant t) {
        return t == null ? "-" : t.toString().substring(0, 10);
    }

    /** An {@code entities.yaml} stub of the rows, to paste under {@code entities:} and complete. */
    static String yaml(List<Row> rows) {
        StringBuilder sb = new StringBuilder("# chipwatch entities emerging --yaml: paste under 'entities:' in seeds/entities.yaml,\n"
                + "# then check each id, type, country, parent and tags (and run chipwatch reprocess).\n");
        for (Row r : rows) {
            String id = r.id().substring(r.id().indexOf(':') + 1);
            List<String> aliases = new ArrayList<>();
            for (String n : r.names()) {
                if (!n.equals(r.name())) {
                    aliases.add(n);
                }
            }
            sb.append("  - id: ").append(id).append('\n')
                    .append("    name: ").append(quote(r.name())).append('\n')
                    .append("    type: ").append(r.type()).append('\n')
                    .append("    country: null\n    parent: null\n    family: false\n    tags: []\n")
                    .append("    aliases: [").append(String.join(", ", aliases.stream().map(EmergingEntities::quote).toList()))
                    .append("]\n    exact: []\n")
                    .append("    # seen in ").append(r.sources()).append(" sources, ").append(r.articles())
                    .append(" articles, ").append(day(r.firstSeen())).append(" to ").append(day(r.lastSeen())).append('\n');
        }
        return sb.toString();
    }

    /** A YAML scalar in double quotes (names hold commas and periods: "Foo Co., Ltd."). */
    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
