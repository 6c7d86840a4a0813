package io.chipwatch.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chipwatch.model.Watch;
import io.chipwatch.model.json.Json;
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
 */
public final class WatchFiles {
    private WatchFiles() {}

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
            root = mapper.readTree(content);
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
            Watch w = Json.MAPPER.treeToValue(node, Watch.class);
            if (w == null) {
                throw new WatchValidationException(id, origin + ": watch #" + (index + 1) + " is empty", null);
            }
            return w;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String where = id == null ? origin + ": watch #" + (index + 1) + ": " : origin + ": ";
            throw new WatchValidationException(id, where + rootMessage(e), e);
        }
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
