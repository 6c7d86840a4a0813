package io.chipwatch.enrich.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A value of the dedup store. Keys: {@code a:<articleId>} (story of an article, with its
 * signature), {@code x:<sha256>} (story of an exact text), {@code b:<band>:<hash>} (articles whose
 * signature has that LSH band). {@code t} is the article's event time (ms), used for the window
 * and for expiry.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StoryEntry(@JsonProperty("storyId") String storyId, @JsonProperty("t") long t,
                         @JsonProperty("sig") int[] sig, @JsonProperty("members") List<Member> members) {

    /** One article in an LSH bucket. */
    public record Member(@JsonProperty("id") String id, @JsonProperty("t") long t) {}

    public StoryEntry {
        members = members == null ? null : List.copyOf(members);
    }
}
