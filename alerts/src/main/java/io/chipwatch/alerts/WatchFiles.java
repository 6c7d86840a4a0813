package io.chipwatch.alerts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.chipwatch.model.Watch;
import io.chipwatch.model.config.Suggestions;
import io.chipwatch.model.json.Json;
import io.chipwatch.model.json.YamlAliases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads watch files: YAML or JSON, holding one watch, a list of watches, or an object with a
 * {@code watches:} list (the shape of {@code seeds/watches.yaml}). Every watch is validated,
 * including its Lucene query; errors name the file and the watch id.
 *
 * <p>Files are read strictly: a field the watch format does not have ({@code severty}) is an error
 * naming it and the nearest field, because a dropped field silently changes what a watch does. The
 * watches topic is read tolerantly instead (fields added later must not break older readers).
 * Entity ids can be checked against the gazetteer the same way.
 */
public final class WatchFiles {
    /** Json.MAPPER, but failing on unknown fields of the watch and everything in it. */
    private static final ObjectMapper STRICT = Json.MAPPER.copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addMixIn(Watch.class, Strict.class);

    @JsonIgnoreProperties(ignoreUnknown = false)
    private abstract static class Strict {}

    private WatchFiles() {}

    /**
     * Reads a watch file and checks that every entity id its watches name (entity filters, spikes) is
     * one of {@code knownEntities}.
     */
    public static List<Watch> read(Path file, java.util.Set<String> knownEntities) {
        List<Watch> watches = read(file);
        watches.forEach(w -> checkEntities(w, knownEntities, file.toString()));
        return watches;
    }

    /** @throws WatchValidationException naming the first unknown entity id and the nearest known one */
    public static void checkEntities(Watch w, java.util.Set<String> knownEntities, String origin) {
        List<String> named = new ArrayList<>();
        if (w.entities() != null) {
            named.addAll(w.entities().any());
            named.addAll(w.entities().all());
        }
        if (w.spike() != null) {
            named.add(w.spike().entity());
        }
        for (String id : named) {
            if (!knownEntities.contains(id)) {
                throw new WatchValidationException(w.id(), origin + ": unknown entity id '" + id + "'"
                        + Suggestions.nearest(id, knownEntities).map(s -> " (did you mean '" + s + "'?)").orElse("")
                        + "; entity ids are the ids of entities.yaml in the seeds", null);
            }
        }
    }

    public static List<Watch> read(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WatchValidationException(null, "cannot read watch file " + file + ": " + e, e);
        }
        return parse(content, file.toString());
    }

    /** @param origin where the content came from, for error messages */
    public static List<Watch> parse(String content, String origin) {
        String trimmed = content.strip();
        ObjectMapper mapper = trimmed.startsWith("{") || trimmed.startsWith("[") ? Json.MAPPER : Json.YAML;
        JsonNode root;
        try {
            root = mapper.readTree(mapper == Json.YAML ? YamlAliases.expand(content) : content);
        } catch (IllegalArgumentException e) {
            throw new WatchValidationException(null, origin + ": " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new WatchValidationException(null, origin + " is neither valid YAML nor JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new WatchValidationException(null, origin + " holds no watch", null);
        }
        JsonNode list = root.isObject() && root.has("watches") ? root.get("watches") : root;
        List<JsonNode> nodes = new ArrayList<>();
        if (list.isArray()) {
            list.forEach(nodes::add);
        } else if (list.isObject()) {
            nodes.add(list);
        } else {
            throw new WatchValidationException(null, origin + ": expected a watch, a list of watches or 'watches:', got " + list.getNodeType(), null);
        }
        List<Watch> watches = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            Watch w = toWatch(nodes.get(i), origin, i);
            if (!seen.add(w.id())) {
                throw new WatchValidationException(w.id(), origin + " declares this id twice", null);
            }
            WatchMatcher.validate(w);
            watches.add(w);
        }
        return watches;
    }

    private static Watch toWatch(JsonNode node, String origin, int index) {
        String id = node.hasNonNull("id") ? node.get("id").asText() : null;
        try {
            Watch w = STRICT.treeToValue(node, Watch.class);
            if (w == null) {
                throw new WatchValidationException(id, origin + ": watch #" + (index + 1) + " is empty", null);
            }
            return w;
        } catch (UnrecognizedPropertyException e) {
            String where = id == null ? origin + ": watch #" + (index + 1) + ": " : origin + ": ";
            List<String> known = e.getKnownPropertyIds() == null ? List.of()
                    : e.getKnownPropertyIds().stream().map(String::valueOf).toList();
            throw new WatchValidationException(id, where + "unknown field '" + path(e) + "'"
                    + Suggestions.nearest(e.getPropertyName(), known).map(s -> " (did you mean '" + s + "'?)").orElse("")
                    + "; known fields here: " + String.join(", ", new java.util.TreeSet<>(known)), e);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String where = id == null ? origin + ": watch #" + (index + 1) + ": " : origin + ": ";
            throw new WatchValidationException(id, where + rootMessage(e), e);
        }
    }

    /** {@code events.minConfidense}, {@code channels[0].urll}: where the unknown field is. */
    private static String path(UnrecognizedPropertyException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            }
        }
        return sb.length() == 0 ? e.getPropertyName() : sb.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t instanceof JsonProcessingException j ? j.getOriginalMessage() : t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
