package io.chipwatch.enrich.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chipwatch.enrich.Fixtures;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.json.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Stored state written before distinguishing features existed keeps deciding as before (similarity alone). */
class StoryIndexTest {
    private static final String BODY = "WASHINGTON - The Bureau of Industry and Security added companies to the Entity "
            + "List, saying they had acquired U.S.-origin items contrary to national security interests. Companies on the "
            + "Entity List cannot receive items subject to the Export Administration Regulations without a licence, and "
            + "applications will be reviewed under a presumption of denial. The rule takes effect on publication.";

    @Test
    void shouldMatchOnSimilarityAloneAgainstAnEntryWrittenWithoutFeatures() {
        EnrichedArticle older = Fixtures.enricher().enrich(Fixtures.article("old", "wire",
                "US adds Norvane Components Pte Ltd to Entity List", BODY + " Norvane Components Pte Ltd was named.", Fixtures.T0));
        EnrichedArticle newer = Fixtures.enricher().enrich(Fixtures.article("new", "wire",
                "US adds Westmarch Silicon Trading Ltd to Entity List", BODY + " Westmarch Silicon Trading Ltd was named.",
                Fixtures.T0.plusSeconds(3600)));
        assertThat(StoryFeatures.of(older).conflict(StoryFeatures.of(newer))).as("the features tell them apart").isTrue();

        // as a version before features wrote it, read back through the store's serde
        String legacyJson = "{\"storyId\":\"old\",\"t\":" + Fixtures.T0.toEpochMilli() + ",\"sig\":"
                + java.util.Arrays.toString(MinHash.signature(older.title() + "\n" + older.text())).replace(" ", "") + "}";
        JsonSerde<StoryEntry> serde = new JsonSerde<>(StoryEntry.class);
        StoryEntry legacy = serde.deserialize("changelog", legacyJson.getBytes(StandardCharsets.UTF_8));
        assertThat(legacy.features()).isNull();
        StoryStore store = StoryStore.inMemory();
        store.put("a:old", legacy);
        StoryIndex index = new StoryIndex(Duration.ofDays(7), 0.3, store);
        index.rebuild();
        EnrichedArticle decided = index.assign(newer, Fixtures.T0.plusSeconds(3600).toEpochMilli());
        assertThat(decided.duplicateOf()).isEqualTo("old");

        // the same two with features stored: apart
        StoryIndex fresh = new StoryIndex(Duration.ofDays(7), 0.3, StoryStore.inMemory());
        fresh.assign(older, Fixtures.T0.toEpochMilli());
        assertThat(fresh.assign(newer, Fixtures.T0.plusSeconds(3600).toEpochMilli()).firstInStory()).isTrue();
        // and the stored entry carries them, so a rebuilt index decides alike
        assertThat(serde.serialize("changelog", new StoryEntry("x", 1, new int[] {1}, null, StoryFeatures.of(older))))
                .asString(StandardCharsets.UTF_8).contains("\"f\":{\"lp\":[");
    }
}
