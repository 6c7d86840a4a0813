package io.chipwatch.enrich.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A value of the dedup store. Keys: {@code a:<articleId>} (story of an article, with its
 * signature and distinguishing features), {@code x:<sha256>} (story of an exact text), {@code b:<band>:<hash>}
 * (articles whose signature has that LSH band; written by versions before the in-memory index, deleted on
 * rebuild). {@code t} is the article's event time (ms), used for the window and for expiry. {@code f} was
 * added later: entries written before it have none, and their articles are matched on similarity alone, as
 * they were; older versions reading an entry with {@code f} ignore it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StoryEntry(@JsonProperty("storyId") String storyId, @JsonProperty("t") long t,
                         @JsonProperty("sig") int[] sig, @JsonProperty("members") List<Member> members,
                         @JsonProperty("f") StoryFeatures features) {

    /** One article in an LSH bucket. */
    public record Member(@JsonProperty("id") String id, @JsonProperty("t") long t) {}

    public StoryEntry {
        members = members == null ? null : List.copyOf(members);
    }

    /** An entry without features (exact-text entries, bucket entries). */
    public StoryEntry(String storyId, long t, int[] sig, List<Member> members) {
        this(storyId, t, sig, members, null);
    }
}
