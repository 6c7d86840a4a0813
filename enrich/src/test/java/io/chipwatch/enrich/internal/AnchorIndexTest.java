package io.chipwatch.enrich.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.enrich.Enricher;
import io.chipwatch.enrich.Fixtures;
import io.chipwatch.model.DetectedEvent;
import io.chipwatch.model.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The anchor index is an optimisation only: classification must be the same with and without it. */
class AnchorIndexTest {

    @Test
    void classificationWithTheIndexShouldEqualClassificationWithout() throws IOException {
        EventRules rules = EventRules.load(Fixtures.seedsDir().resolve(Enricher.EVENTS_FILE));
        EntityTagger tagger = new EntityTagger(Gazetteer.load(Fixtures.seedsDir().resolve(Enricher.ENTITIES_FILE)));
        EventClassifier indexed = new EventClassifier(rules, true);
        EventClassifier scanning = new EventClassifier(rules, false);
        List<String[]> docs = new ArrayList<>();
        JsonNode eval = Json.YAML.readTree(getClass().getResourceAsStream("/eval/articles.yaml"));
        eval.get("items").forEach(i -> docs.add(new String[] {i.get("title").asText(), i.get("text").asText()}));
        try (Stream<Path> files = Files.walk(Fixtures.seedsDir().resolve("articles"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String body = Text.normalize(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
                docs.add(new String[] {f.getFileName().toString(), body});
            }
        }
        int events = 0;
        for (String[] d : docs) {
            String title = Text.normalize(d[0]);
            String text = Text.normalize(d[1]);
            List<EntityTagger.Match> matches = tagger.tag(title, text).matches();
            List<DetectedEvent> expected = scanning.classify(title, text, matches);
            assertThat(indexed.classify(title, text, matches)).as(d[0]).isEqualTo(expected);
            events += expected.size();
        }
        assertThat(docs).hasSizeGreaterThan(140);
        assertThat(events).isGreaterThan(100);
    }

    @Test
    void positionsShouldListEveryOccurrenceOfAnyAnchorAscending() {
        AnchorIndex index = new AnchorIndex(List.of("export", "ban", "ex"));
        AnchorIndex.Hits hits = index.scan("ban on exports; export ban");
        int[] ids = {AnchorIndex.id("export"), AnchorIndex.id("ban")};
        assertThat(hits.positions(ids)).containsExactly(0, 7, 16, 23);
        assertThat(hits.positions(new int[] {AnchorIndex.id("ex")})).containsExactly(7, 16);
        assertThat(hits.positions(new int[] {AnchorIndex.id("not-indexed")})).isEmpty();
    }
}
