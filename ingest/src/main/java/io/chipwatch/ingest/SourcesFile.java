package io.chipwatch.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.chipwatch.model.SourceDefinition;
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
 * Reads a {@code sources.yaml} file: a top-level {@code sources:} list of {@link SourceDefinition}s. At run time the
 * compacted {@code sources} topic is the source of truth; this file seeds it when the topic is empty.
 */
public final class SourcesFile {
    private SourcesFile() {}

    record Document(@JsonProperty("sources") List<SourceDefinition> sources) {}

    /**
     * Loads and validates every source.
     *
     * @throws IllegalArgumentException with the file, the line and the reason when the file is invalid
     */
    public static List<SourceDefinition> load(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    static List<SourceDefinition> parse(String yaml, String name) {
        Document d;
        try {
            // "sources:" with nothing under it is an empty list, not an error
            d = Json.YAML.readerFor(Document.class).with(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT).readValue(YamlAliases.expand(yaml));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid sources file " + name + ": " + e.getMessage(), e);
        } catch (JsonMappingException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new IllegalArgumentException("invalid sources file " + name + where + ": "
                    + (root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable sources file " + name + ": " + e.getMessage(), e);
        }
        List<SourceDefinition> sources = new ArrayList<>();
        for (SourceDefinition s : d == null || d.sources() == null ? List.<SourceDefinition>of() : d.sources()) {
            if (s != null) {
                sources.add(s);
            }
        }
        Set<String> ids = new HashSet<>();
        for (SourceDefinition s : sources) {
            if (!ids.add(s.id())) {
                throw new IllegalArgumentException("invalid sources file " + name + ": source id '" + s.id() + "' appears twice");
            }
        }
        return List.copyOf(sources);
    }
}
