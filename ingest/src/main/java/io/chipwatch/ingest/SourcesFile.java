package io.chipwatch.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.chipwatch.model.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads and appends to a {@code sources.yaml} file: a top-level {@code sources:} list of {@link Source}s. */
public final class SourcesFile {
    private SourcesFile() {}

    record Document(@JsonProperty("sources") List<Entry> sources) {}

    /** One source as written in YAML: plain values, validated when turned into a {@link Source}. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    @com.fasterxml.jackson.annotation.JsonPropertyOrder({"id", "kind", "url", "path", "interval", "language", "tags", "fetchFullText", "selector", "enabled"})
    record Entry(@JsonProperty("id") String id, @JsonProperty("kind") String kind, @JsonProperty("url") String url,
                 @JsonProperty("path") String path, @JsonProperty("interval") String interval, @JsonProperty("language") String language,
                 @JsonProperty("tags") List<String> tags, @JsonProperty("fetchFullText") Boolean fetchFullText,
                 @JsonProperty("selector") String selector, @JsonProperty("enabled") Boolean enabled) {
        Source toSource() {
            return new Source(id, SourceKind.of(kind), url, path, Source.parseInterval(interval), language, tags,
                    Boolean.TRUE.equals(fetchFullText), selector, enabled == null || enabled);
        }

        static Entry of(Source s) {
            return new Entry(s.id(), s.kind().label(), s.url(), s.path(), s.interval().toString(), s.language(),
                    s.tags().isEmpty() ? null : s.tags(), s.fetchFullText() ? Boolean.TRUE : null, s.selector(), s.enabled() ? null : Boolean.FALSE);
        }
    }

    /**
     * Loads and validates every source.
     *
     * @throws IllegalArgumentException with the file, the line and the reason when the file is invalid
     */
    public static List<Source> load(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    static List<Source> parse(String yaml, String name) {
        Document d;
        try {
            // "sources:" with nothing under it is an empty list, not an error
            d = Json.YAML.readerFor(Document.class)
                    .with(com.fasterxml.jackson.databind.DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT).readValue(yaml);
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
        List<Source> sources = new ArrayList<>();
        List<Entry> entries = d == null || d.sources() == null ? List.of() : d.sources();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) == null) {
                continue;
            }
            try {
                sources.add(entries.get(i).toSource());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid sources file " + name + ", source #" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        Set<String> ids = new HashSet<>();
        for (Source s : sources) {
            if (!ids.add(s.id())) {
                throw new IllegalArgumentException("invalid sources file " + name + ": source id '" + s.id() + "' appears twice");
            }
        }
        return List.copyOf(sources);
    }

    /**
     * Appends a source, keeping the file's comments: the new entry is added as text at the end when the file
     * ends with its {@code sources:} list, otherwise the file is rewritten. Creates the file when missing.
     *
     * @throws IllegalArgumentException when the id is already used or the file is invalid
     */
    public static void append(Path file, Source source) throws IOException {
        String old = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "sources:\n";
        List<Source> existing = parse(old, file.toString());
        if (existing.stream().anyMatch(s -> s.id().equals(source.id()))) {
            throw new IllegalArgumentException("source id '" + source.id() + "' already exists in " + file);
        }
        List<Source> wanted = new ArrayList<>(existing);
        wanted.add(source);
        String entry = Json.YAML.writeValueAsString(List.of(Entry.of(source))).replaceFirst("^---\\s*\\n", "");
        String indented = indentLike(old, entry);
        String candidate = (old.endsWith("\n") || old.isEmpty() ? old : old + "\n") + indented;
        String content;
        try {
            content = parse(candidate, file.toString()).equals(wanted) ? candidate : null;
        } catch (IllegalArgumentException e) {
            content = null;
        }
        if (content == null) {
            content = Json.YAML.writeValueAsString(new Document(wanted.stream().map(Entry::of).toList())).replaceFirst("^---\\s*\\n", "");
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String indentLike(String file, String entry) {
        var m = java.util.regex.Pattern.compile("(?m)^( *)- id:").matcher(file);
        String indent = m.find() ? m.group(1) : "  ";
        StringBuilder sb = new StringBuilder();
        for (String line : entry.split("\n")) {
            sb.append(indent).append(line).append('\n');
        }
        return sb.toString();
    }
}
