package io.chipwatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.model.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/** The entity ids of the seeds' gazetteer ({@code entities.yaml}), which watches may name. */
final class GazetteerIds {
    private GazetteerIds() {}

    static Set<String> load(Path seedsDir) {
        Path file = seedsDir.resolve("entities.yaml");
        try {
            JsonNode root = Json.YAML.readTree(io.chipwatch.model.json.YamlAliases.expand(java.nio.file.Files.readString(file)));
            Set<String> ids = new TreeSet<>();
            root.path("entities").forEach(e -> {
                if (e.hasNonNull("id")) {
                    ids.add(e.get("id").asText());
                }
            });
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the gazetteer " + file + ": " + e.getMessage(), e);
        }
    }
}
