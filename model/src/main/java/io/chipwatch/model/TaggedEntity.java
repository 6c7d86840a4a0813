package io.chipwatch.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * An entity found in an article.
 *
 * @param id        gazetteer id, e.g. {@code huawei-ascend-950}
 * @param name      display name
 * @param type      entity type
 * @param ancestors ids of the families and owners above it, nearest first (an Ascend 950 lists the
 *                  Ascend family, then Huawei), so family-aware watches match members
 * @param count     number of mentions
 * @param salience  0..1, higher when mentioned in the title and lead and often
 * @param mentions  every mention with offsets
 * @param tags      gazetteer tags of the entity, including those inherited from its family and owner (an Ascend
 *                  950 carries Huawei's {@code chinese}); free vocabulary ({@code memory}, {@code ai-chip}, ...)
 * @param country   country code from the gazetteer (own, else the nearest ancestor's), or null when unknown
 * @param known     true for a gazetteer entity; false for an organisation recognised by its name's form (legal
 *                  form, head noun, enumeration, apposition) that the gazetteer does not know. Its id is
 *                  {@code org:} + a slug of the name without legal form ({@code org:brightpath-components}), it has
 *                  no ancestors; its tags and country are what its name and description say ({@code chinese},
 *                  {@code chip}, {@code memory}; {@code CN}), empty and null when they say nothing. Records
 *                  written before this field existed read as known.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"id", "name", "type", "ancestors", "count", "salience", "mentions", "tags", "country", "known"})
public record TaggedEntity(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("type") EntityType type,
        @JsonProperty("ancestors") List<String> ancestors,
        @JsonProperty("count") int count,
        @JsonProperty("salience") double salience,
        @JsonProperty("mentions") List<Mention> mentions,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("country") String country,
        @JsonProperty("known") boolean known) {

    /** Prefix of the ids of unknown organisations; gazetteer ids never contain a colon. */
    public static final String UNKNOWN_ID_PREFIX = "org:";

    public TaggedEntity {
        Checks.requireNonBlank(id, "id");
        Checks.requireNonBlank(name, "name");
        if (type == null) {
            throw new IllegalArgumentException("type must be one of " + List.of(EntityType.values()));
        }
        ancestors = Checks.listOrEmpty(ancestors);
        mentions = Checks.listOrEmpty(mentions);
        Checks.requireNonNegative(count, "count");
        Checks.requireRange(salience, 0.0, 1.0, "salience");
        tags = Checks.listOrEmpty(tags);
    }

    /** A gazetteer entity ({@code known = true}). */
    public TaggedEntity(String id, String name, EntityType type, List<String> ancestors, int count, double salience,
                        List<Mention> mentions, List<String> tags, String country) {
        this(id, name, type, ancestors, count, salience, mentions, tags, country, true);
    }

    /** Reads JSON; a record without {@code known} (written before the field existed) is a gazetteer entity. */
    @JsonCreator
    static TaggedEntity fromJson(@JsonProperty("id") String id, @JsonProperty("name") String name,
                                 @JsonProperty("type") EntityType type, @JsonProperty("ancestors") List<String> ancestors,
                                 @JsonProperty("count") int count, @JsonProperty("salience") double salience,
                                 @JsonProperty("mentions") List<Mention> mentions, @JsonProperty("tags") List<String> tags,
                                 @JsonProperty("country") String country, @JsonProperty("known") Boolean known) {
        return new TaggedEntity(id, name, type, ancestors, count, salience, mentions, tags, country,
                known == null || known);
    }

    /** An entity without gazetteer tags or country (kept so code written before those fields compiles). */
    public TaggedEntity(String id, String name, EntityType type, List<String> ancestors, int count, double salience,
                        List<Mention> mentions) {
        this(id, name, type, ancestors, count, salience, mentions, List.of(), null);
    }

    /** True when the gazetteer gave this entity {@code tag}. */
    public boolean hasTag(String tag) {
        return tags.contains(tag);
    }

    /** True when this entity is {@code entityId} or belongs to it (family, owner). */
    public boolean isOrBelongsTo(String entityId) {
        return id.equals(entityId) || ancestors.contains(entityId);
    }
}
