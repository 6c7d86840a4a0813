package io.chipwatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.ingest.ArticleExtractor;
import io.chipwatch.ingest.UrlCanonicalizer;
import io.chipwatch.ingest.internal.ArchiveFiles;
import io.chipwatch.model.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** seeds/expected.yaml, with each entry resolved to the URL and title its article is published with. */
final class SamplesExpectations {
    static final Path SEEDS = Path.of("..", "seeds").toAbsolutePath().normalize();

    record Entry(String file, Set<String> urls, Set<String> titles, List<String> events, List<String> watches,
                 List<String> forbiddenWatches, String duplicateOf) {
        boolean negative() {
            return events.isEmpty() && watches.isEmpty();
        }
    }

    private SamplesExpectations() {}

    static List<Entry> load() throws Exception {
        JsonNode root = Json.YAML.readTree(Files.readString(SEEDS.resolve("expected.yaml")));
        List<Entry> entries = new ArrayList<>();
        for (JsonNode n : root.path("articles")) {
            String file = n.path("file").asText();
            List<ArchiveFiles.Item> items = ArchiveFiles.read(SEEDS.resolve("articles").resolve(file), 64L << 20, new ArticleExtractor());
            String guid = n.path("guid").isMissingNode() ? null : n.path("guid").asText();
            String url = n.path("url").isMissingNode() ? null : n.path("url").asText();
            Set<String> urls = new HashSet<>();
            Set<String> titles = new HashSet<>();
            for (ArchiveFiles.Item item : items) {
                boolean selected = items.size() == 1 || (guid != null && guid.equals(item.guid()))
                        || (url != null && url.equals(item.url()));
                if (selected) {
                    if (item.url() != null) {
                        urls.add(UrlCanonicalizer.canonicalize(item.url()));
                    }
                    titles.add(normalise(item.title()));
                }
            }
            if (titles.isEmpty()) {
                throw new IllegalStateException("expected.yaml entry " + file + " (guid " + guid + ", url " + url + ") matches no article");
            }
            entries.add(new Entry(file, urls, titles, strings(n.path("events")), strings(n.path("watches")),
                    strings(n.path("forbiddenWatches")), n.path("duplicateOf").isNull() || n.path("duplicateOf").isMissingNode() ? null
                            : n.path("duplicateOf").asText()));
        }
        return entries;
    }

    static String normalise(String title) {
        return title == null ? "" : Normalizer.normalize(title, Normalizer.Form.NFKC).replaceAll("\\s+", " ").strip();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }
}
