package io.chipwatch.enrich.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.model.EntityType;
import io.chipwatch.model.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entity gazetteer ({@code seeds/entities.yaml}). Loading tolerates unknown keys; entries that
 * cannot be used (no id, unknown type, duplicate id, ...) are skipped and reported in
 * {@link #problems()} with the entity id and the reason; an unknown or cyclic parent is dropped and
 * reported, the entity kept.
 */
public final class Gazetteer {
    private static final Logger LOG = LoggerFactory.getLogger(Gazetteer.class);

    private final Map<String, GazetteerEntry> entries;
    private final List<String> problems;

    public Gazetteer(Collection<GazetteerEntry> entries, List<String> problems) {
        Map<String, GazetteerEntry> m = new LinkedHashMap<>();
        entries.forEach(e -> m.put(e.id(), e));
        this.entries = java.util.Collections.unmodifiableMap(m);
        this.problems = List.copyOf(problems);
    }

    public Collection<GazetteerEntry> entries() {
        return entries.values();
    }

    public GazetteerEntry get(String id) {
        return entries.get(id);
    }

    public int size() {
        return entries.size();
    }

    /** Problems found while loading (skipped entries, dropped parents, unusable aliases). */
    public List<String> problems() {
        return problems;
    }

    public static Gazetteer load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString());
        } catch (IOException e) {
            throw new SeedException(file.toString(), List.of("cannot read: " + e.getMessage()), e);
        }
    }

    public static Gazetteer load(InputStream in, String name) {
        JsonNode root;
        try {
            // anchors and aliases ("unless: *listing-boilerplate") are read as the values they stand for
            root = Json.YAML.readTree(io.chipwatch.model.json.YamlAliases.expand(
                    new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new SeedException(name, List.of("not valid YAML: " + e.getMessage()), e);
        } catch (IllegalArgumentException e) {
            throw new SeedException(name, List.of(e.getMessage()), e);
        }
        JsonNode list = root == null ? null : root.get("entities");
        if (list == null || !list.isArray()) {
            throw new SeedException(name, List.of("expected a top-level 'entities:' list"), null);
        }
        List<String> problems = new ArrayList<>();
        Map<String, GazetteerEntry> byId = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode node : list) {
            index++;
            GazetteerEntry e = parse(node, index, problems);
            if (e == null) {
                continue;
            }
            if (byId.containsKey(e.id())) {
                problems.add("entity '" + e.id() + "': duplicate id (entry #" + index + " skipped)");
                continue;
            }
            byId.put(e.id(), e);
        }
        List<GazetteerEntry> resolved = new ArrayList<>();
        for (GazetteerEntry e : byId.values()) {
            List<String> chain = chain(e, byId, problems);
            Set<String> allTags = new LinkedHashSet<>(e.tags());
            String country = e.country();
            for (String a : chain) {
                allTags.addAll(byId.get(a).tags());
                country = country != null ? country : byId.get(a).country();
            }
            resolved.add(e.withLineage(chain, List.copyOf(allTags), country));
        }
        problems.forEach(p -> LOG.warn("{}: {}", name, p));
        return new Gazetteer(resolved, problems);
    }

    private static GazetteerEntry parse(JsonNode node, int index, List<String> problems) {
        if (node == null || !node.isObject()) {
            problems.add("entry #" + index + ": not a mapping (skipped)");
            return null;
        }
        String id = text(node, "id");
        if (id == null || id.isBlank()) {
            problems.add("entry #" + index + ": missing 'id' (skipped)");
            return null;
        }
        String who = "entity '" + id + "': ";
        if (id.indexOf(':') >= 0) {
            // "org:..." ids belong to organisations the gazetteer does not know (TaggedEntity.known = false)
            problems.add(who + "an id may not contain ':' (reserved for unknown organisations, org:...) (skipped)");
            return null;
        }
        String name = text(node, "name");
        if (name == null || name.isBlank()) {
            problems.add(who + "missing 'name' (skipped)");
            return null;
        }
        String typeName = text(node, "type");
        EntityType type;
        try {
            type = EntityType.valueOf(typeName == null ? "" : typeName.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            problems.add(who + "unknown type '" + typeName + "', expected one of " + Arrays.toString(EntityType.values())
                    + " (skipped)");
            return null;
        }
        List<String> tags = strings(node, "tags", who, problems).stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
        String country = blankToNull(text(node, "country"));
        return new GazetteerEntry(id.trim(), name.trim(), type, country == null ? null : country.toUpperCase(Locale.ROOT),
                blankToNull(text(node, "parent")), node.path("family").asBoolean(false), tags,
                strings(node, "aliases", who, problems), strings(node, "exact", who, problems), List.of(), List.of(), null);
    }

    private static List<String> chain(GazetteerEntry e, Map<String, GazetteerEntry> byId, List<String> problems) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        seen.add(e.id());
        String p = e.parent();
        while (p != null) {
            GazetteerEntry parent = byId.get(p);
            if (parent == null) {
                problems.add("entity '" + e.id() + "': unknown parent '" + p + "' (ancestor chain cut there)");
                break;
            }
            if (!seen.add(p)) {
                problems.add("entity '" + e.id() + "': parent cycle through '" + p + "' (ancestor chain cut there)");
                break;
            }
            out.add(p);
            p = parent.parent();
        }
        return out;
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static List<String> strings(JsonNode node, String key, String who, List<String> problems) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (v.isValueNode()) {
            return v.asText().isBlank() ? List.of() : List.of(v.asText().trim());
        }
        if (!v.isArray()) {
            problems.add(who + "'" + key + "' must be a list of strings (ignored)");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (item.isValueNode() && !item.asText().isBlank()) {
                out.add(item.asText().trim());
            } else {
                problems.add(who + "'" + key + "' holds a non-string or blank item (ignored)");
            }
        }
        return out;
    }
}
