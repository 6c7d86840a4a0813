package io.chipwatch.app.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.model.EventDirection;
import io.chipwatch.model.EventType;
import io.chipwatch.model.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The labels of an evaluation directory: {@code labels.yaml} (format in {@code seeds/eval/README.md}) or
 * the older {@code seeds/expected.yaml}, a subset of it. Entries that cannot be used (unknown event type,
 * missing file) are skipped and reported as problems, so one typo does not hide the rest of the set.
 *
 * @param file     the labels file
 * @param complete true for {@code labels.yaml}: the lists are exhaustive, so an event or watch that is in
 *                 none of them is wrong; false for {@code expected.yaml}, whose unlisted events and
 *                 watches "may or may not" fire (only forbidden ones and anything on a negative are wrong)
 */
public record EvalLabels(Path file, boolean complete, List<Article> articles, List<String> problems) {
    public EvalLabels {
        articles = List.copyOf(articles);
        problems = List.copyOf(problems);
    }

    /** An organisation the article names that is not in the gazetteer; {@code lead}: in headline or first two paragraphs. */
    public record UnknownEntity(String name, boolean lead) {}

    /** The labels of one article. {@code guid} / {@code url} pick one item of a feed or JSON Lines file. */
    public record Article(String file, String guid, String url, Set<EventType> events, Set<EventType> secondary,
                          Set<EventType> forbidden, Map<EventType, EventDirection> directions, Set<String> entities,
                          List<UnknownEntity> unknownEntities, Map<EventDirection, List<String>> parties, Set<String> watches,
                          Set<String> acceptableWatches, Set<String> forbiddenWatches, String duplicateOf, String distinctFrom) {
        public boolean negative() {
            return events.isEmpty() && watches.isEmpty();
        }

        /** How the article is named in the report: the file, plus the item when the file holds several. */
        public String name() {
            return guid != null ? file + "#" + guid : url != null ? file + "#" + url : file;
        }
    }

    /** The labels file of {@code dir}: {@code dir/labels.yaml}, else {@code expected.yaml} beside it (seeds/articles). */
    public static Path defaultFile(Path dir) {
        Path labels = dir.resolve("labels.yaml");
        if (Files.isRegularFile(labels)) {
            return labels;
        }
        Path parent = dir.toAbsolutePath().normalize().getParent();
        Path expected = parent == null ? null : parent.resolve("expected.yaml");
        if (expected != null && Files.isRegularFile(expected)) {
            return expected;
        }
        throw new IllegalArgumentException("no labels.yaml in " + dir + " (and no expected.yaml beside it); give --labels FILE");
    }

    public static EvalLabels read(Path file) throws IOException {
        JsonNode root;
        try {
            root = Json.YAML.readTree(io.chipwatch.model.json.YamlAliases.expand(Files.readString(file)));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.path("articles").isArray()) {
            throw new IOException(file + ": expected a top-level 'articles:' list");
        }
        boolean complete = !file.getFileName().toString().equals("expected.yaml");
        List<Article> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int index = 0;
        for (JsonNode n : root.get("articles")) {
            index++;
            String fileName = text(n, "file");
            String where = "labels #" + index + (fileName == null ? "" : " (" + fileName + ")");
            if (fileName == null) {
                problems.add(where + ": missing 'file'");
                continue;
            }
            int before = problems.size();
            Set<EventType> events = types(n.path("events"), where + " events", problems);
            Set<EventType> secondary = types(n.path("secondary"), where + " secondary", problems);
            Set<EventType> forbidden = types(n.path("forbidden"), where + " forbidden", problems);
            Map<EventType, EventDirection> directions = new EnumMap<>(EventType.class);
            n.path("directions").properties().forEach(f -> {
                EventType t = enumOf(EventType.class, f.getKey(), where + " directions", problems);
                EventDirection d = enumOf(EventDirection.class, f.getValue().asText(""), where + " directions." + f.getKey(), problems);
                if (t != null && d != null) {
                    directions.put(t, d);
                }
            });
            List<UnknownEntity> unknown = new ArrayList<>();
            for (JsonNode u : n.path("unknownEntities")) {
                String name = u.isTextual() ? u.asText() : text(u, "name");
                if (name == null || name.isBlank()) {
                    problems.add(where + ": an unknownEntities item without a name");
                } else {
                    unknown.add(new UnknownEntity(name.strip(), u.path("lead").asBoolean(false)));
                }
            }
            Map<EventDirection, List<String>> parties = new EnumMap<>(EventDirection.class);
            n.path("parties").properties().forEach(f -> {
                EventDirection d = enumOf(EventDirection.class, f.getKey(), where + " parties", problems);
                if (d != null) {
                    parties.put(d, List.copyOf(strings(f.getValue())));
                }
            });
            if (problems.size() > before) {
                continue;
            }
            out.add(new Article(fileName, text(n, "guid"), text(n, "url"), events, secondary, forbidden, directions,
                    strings(n.path("entities")), unknown, parties, strings(n.path("watches")),
                    strings(n.path("acceptableWatches")), strings(n.path("forbiddenWatches")),
                    text(n, "duplicateOf"), text(n, "distinctFrom")));
        }
        return new EvalLabels(file, complete, out, problems);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().strip();
    }

    private static Set<String> strings(JsonNode list) {
        Set<String> out = new LinkedHashSet<>();
        list.forEach(x -> {
            if (!x.isNull() && !x.asText().isBlank()) {
                out.add(x.asText().strip());
            }
        });
        return out;
    }

    private static Set<EventType> types(JsonNode list, String where, List<String> problems) {
        Set<EventType> out = new LinkedHashSet<>();
        for (String s : strings(list)) {
            // EnrichmentEvalTest's TYPE:DIRECTION spelling is accepted too
            EventType t = enumOf(EventType.class, s.contains(":") ? s.substring(0, s.indexOf(':')) : s, where, problems);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String value, String where, List<String> problems) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(where + ": unknown " + type.getSimpleName() + " '" + value + "', expected one of "
                    + List.of(type.getEnumConstants()));
            return null;
        }
    }
}
