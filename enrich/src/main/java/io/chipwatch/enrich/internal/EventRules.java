package io.chipwatch.enrich.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.model.EventDirection;
import io.chipwatch.model.EventType;
import io.chipwatch.model.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The event rules of {@code seeds/events.yaml} (format documented in that file's header). Unlike
 * the gazetteer, rules are code-like: any problem fails loading, listing every problem with the
 * rule id.
 */
public record EventRules(List<EventRule> rules, List<Term> globalUnless, SalienceCues salience) {
    public EventRules {
        rules = List.copyOf(rules);
        globalUnless = List.copyOf(globalUnless);
        salience = salience == null ? SalienceCues.NONE : salience;
    }

    public static EventRules load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString());
        } catch (IOException e) {
            throw new SeedException(file.toString(), List.of("cannot read: " + e.getMessage()), e);
        }
    }

    public static EventRules load(InputStream in, String name) {
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
        if (root == null || !root.path("rules").isArray()) {
            throw new SeedException(name, List.of("expected a top-level 'rules:' list"), null);
        }
        List<String> problems = new ArrayList<>();
        List<Term> global = terms(root.get("unless"), "top-level 'unless'", problems);
        List<EventRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int index = 0;
        for (JsonNode node : root.get("rules")) {
            index++;
            EventRule r = parse(node, index, problems);
            if (r != null && !ids.add(r.id())) {
                problems.add("rule '" + r.id() + "': duplicate id");
            } else if (r != null) {
                rules.add(r);
            }
        }
        SalienceCues salience = SalienceCues.parse(root.get("salience"), problems);
        if (!problems.isEmpty()) {
            throw new SeedException(name, problems, null);
        }
        return new EventRules(rules, global, salience);
    }

    private static EventRule parse(JsonNode node, int index, List<String> problems) {
        String id = node.path("id").asText("");
        if (id.isBlank()) {
            problems.add("rule #" + index + ": missing 'id'");
            return null;
        }
        String who = "rule '" + id + "'";
        int before = problems.size();
        EventType type = null;
        try {
            type = EventType.valueOf(node.path("type").asText("").trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(who + ": unknown type '" + node.path("type").asText("") + "', expected one of "
                    + Arrays.toString(EventType.values()));
        }
        double confidence = node.path("confidence").asDouble(0.8);
        if (!(confidence > 0 && confidence <= 1)) {
            problems.add(who + ": confidence must be in (0, 1], got " + confidence);
        }
        List<List<Term>> all = new ArrayList<>();
        JsonNode groups = node.get("all");
        if (groups == null || !groups.isArray() || groups.isEmpty()) {
            problems.add(who + ": 'all' must be a non-empty list of term lists");
        } else {
            int g = 0;
            for (JsonNode group : groups) {
                g++;
                List<Term> terms = terms(group, who + " all[" + g + "]", problems);
                if (terms.isEmpty()) {
                    problems.add(who + ": all[" + g + "] is empty");
                }
                all.add(terms);
            }
        }
        List<Term> unless = terms(node.get("unless"), who + " 'unless'", problems);
        List<Term> articleUnless = terms(node.get("articleUnless"), who + " 'articleUnless'", problems);
        Map<EventDirection, List<Term>> directions = new LinkedHashMap<>();
        JsonNode dirs = node.get("directions");
        if (dirs != null && dirs.isObject()) {
            for (Map.Entry<String, JsonNode> f : dirs.properties()) {
                try {
                    directions.put(EventDirection.valueOf(f.getKey().trim().toUpperCase(Locale.ROOT)),
                            terms(f.getValue(), who + " directions." + f.getKey(), problems));
                } catch (IllegalArgumentException e) {
                    problems.add(who + ": unknown direction '" + f.getKey() + "', expected one of "
                            + Arrays.toString(EventDirection.values()));
                }
            }
        } else if (dirs != null && !dirs.isNull()) {
            problems.add(who + ": 'directions' must be a mapping DIRECTION: [terms]");
        }
        EventDirection dflt = null;
        String d = node.path("direction").asText("");
        if (!d.isBlank()) {
            try {
                dflt = EventDirection.valueOf(d.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(who + ": unknown direction '" + d + "'");
            }
        }
        boolean require = node.path("requireDirection").asBoolean(false);
        if (require && directions.isEmpty()) {
            problems.add(who + ": requireDirection without 'directions'");
        }
        List<Term> falseFriends = terms(node.get("falseFriends"), who + " 'falseFriends'", problems);
        List<EventRule.Argument> requires = arguments(node.get("requires"), who, problems);
        if (problems.size() > before) {
            return null;
        }
        return new EventRule(id, type, confidence, all, unless, articleUnless, directions, dflt, require, falseFriends, requires);
    }

    /** {@code requires: {name: [terms]}} or {@code requires: {name: {terms: [...], within: 8}}}. */
    private static List<EventRule.Argument> arguments(JsonNode node, String who, List<String> problems) {
        List<EventRule.Argument> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            problems.add(who + ": 'requires' must be a mapping NAME: [terms] or NAME: {terms: [...], within: N}");
            return out;
        }
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            String where = who + " requires." + f.getKey();
            JsonNode v = f.getValue();
            JsonNode list = v.isObject() ? v.get("terms") : v;
            int within = v.isObject() ? v.path("within").asInt(0) : 0;
            if (within < 0) {
                problems.add(where + ": 'within' must be >= 0 words, got " + within);
            }
            List<Term> t = terms(list, where, problems);
            if (t.isEmpty()) {
                problems.add(where + ": needs at least one term");
            }
            out.add(new EventRule.Argument(f.getKey(), t, within));
        }
        return out;
    }

    static List<Term> terms(JsonNode list, String where, List<String> problems) {
        List<Term> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            problems.add(where + ": expected a list of terms");
            return out;
        }
        for (JsonNode item : list) {
            try {
                out.add(Term.parse(item.asText("")));
            } catch (IllegalArgumentException e) {
                problems.add(where + ": term '" + item.asText("") + "': " + e.getMessage());
            }
        }
        return out;
    }
}
