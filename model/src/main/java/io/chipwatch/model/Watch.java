package io.chipwatch.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A rule a user writes; on the compacted {@code watches} topic (key: {@link #id}, a null value
 * removes the watch). All filters present must match (AND); an absent filter matches everything.
 *
 * @param id          stable id, lower-case letters, digits and dashes; users subscribe by it
 * @param name        display name
 * @param description what it is for
 * @param severity    severity of its alerts
 * @param enabled     false pauses it
 * @param entities    entity filter or null
 * @param events      event filter or null
 * @param query       free-text query in Lucene syntax over title and text, or null
 * @param sources     only these source ids (empty: any)
 * @param languages   only these languages (empty: any)
 * @param tags        only articles with at least one of these source tags (empty: any)
 * @param spike       makes this a spike watch (fires on mention spikes, not on articles), or null
 * @param throttle    at most this many alerts per window, the rest folded into a digest; or null
 * @param digest      {@code none}, {@code hourly} or {@code daily} summaries
 * @param channels    where alerts go besides the alert topics
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "name", "description", "severity", "enabled", "entities", "events", "query", "sources",
        "languages", "tags", "spike", "throttle", "digest", "channels"})
public record Watch(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("severity") Severity severity,
        @JsonProperty("enabled") Boolean enabled,
        @JsonProperty("entities") EntityFilter entities,
        @JsonProperty("events") EventFilter events,
        @JsonProperty("query") String query,
        @JsonProperty("sources") List<String> sources,
        @JsonProperty("languages") List<String> languages,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("spike") SpikeRule spike,
        @JsonProperty("throttle") Throttle throttle,
        @JsonProperty("digest") String digest,
        @JsonProperty("channels") List<Channel> channels) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public Watch {
        Checks.requireNonBlank(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("watch id must match " + ID.pattern() + " (it becomes a topic name), got '" + id + "'");
        }
        name = name == null || name.isBlank() ? id : name;
        severity = severity == null ? Severity.MEDIUM : severity;
        enabled = enabled == null ? Boolean.TRUE : enabled;
        sources = Checks.listOrEmpty(sources);
        languages = Checks.listOrEmpty(languages);
        tags = Checks.listOrEmpty(tags);
        digest = digest == null ? "none" : digest;
        if (!List.of("none", "hourly", "daily").contains(digest)) {
            throw new IllegalArgumentException("digest must be one of none, hourly, daily; got '" + digest + "'");
        }
        channels = Checks.listOrEmpty(channels);
    }

    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Entity filter.
     *
     * @param any         at least one of these ids (or a member of one, when familyAware)
     * @param all         every one of these ids
     * @param familyAware when true (default) a member of a family or company counts as it
     * @param types       at least one entity of these types (empty: any)
     * @param tags        at least one entity carrying one of these gazetteer tags, e.g. {@code memory}
     * @param allTags     at least one entity carrying every one of these tags, e.g. {@code [chinese, chip]}
     *                    for a Chinese chip company
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EntityFilter(
            @JsonProperty("any") List<String> any,
            @JsonProperty("all") List<String> all,
            @JsonProperty("familyAware") Boolean familyAware,
            @JsonProperty("types") List<EntityType> types,
            @JsonProperty("tags") List<String> tags,
            @JsonProperty("allTags") List<String> allTags) {
        public EntityFilter {
            any = Checks.listOrEmpty(any);
            all = Checks.listOrEmpty(all);
            familyAware = familyAware == null ? Boolean.TRUE : familyAware;
            types = Checks.listOrEmpty(types);
            tags = Checks.listOrEmpty(tags);
            allTags = Checks.listOrEmpty(allTags);
        }

        /** A filter without {@code allTags} (kept so code written before that field compiles). */
        public EntityFilter(List<String> any, List<String> all, Boolean familyAware, List<EntityType> types,
                            List<String> tags) {
            this(any, all, familyAware, types, tags, List.of());
        }
    }

    /**
     * Event filter.
     *
     * @param types         at least one event of these types (empty: any event at all)
     * @param directions    only events with one of these directions (empty: any)
     * @param minConfidence minimum confidence, default 0.5
     * @param sameSentence  when true, the entity filter must match inside the event's evidence sentence
     * @param salience      only events of these saliences; default (absent or empty) {@code [main]}, the
     *                      article's news; {@code [main, secondary, background]} also matches side facts,
     *                      history and boilerplate
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventFilter(
            @JsonProperty("types") List<EventType> types,
            @JsonProperty("directions") List<EventDirection> directions,
            @JsonProperty("minConfidence") Double minConfidence,
            @JsonProperty("sameSentence") Boolean sameSentence,
            @JsonProperty("salience") List<Salience> salience) {
        /** What a filter without {@code salience} matches: the article's news. */
        public static final List<Salience> DEFAULT_SALIENCE = List.of(Salience.MAIN);

        public EventFilter {
            types = Checks.listOrEmpty(types);
            directions = Checks.listOrEmpty(directions);
            minConfidence = minConfidence == null ? 0.5 : Checks.requireRange(minConfidence, 0, 1, "minConfidence");
            sameSentence = sameSentence == null ? Boolean.FALSE : sameSentence;
            salience = Checks.listOrEmpty(salience);
            salience = salience.isEmpty() ? DEFAULT_SALIENCE : salience;
        }

        /** A filter of the article's news only (kept so code written before {@code salience} compiles). */
        public EventFilter(List<EventType> types, List<EventDirection> directions, Double minConfidence, Boolean sameSentence) {
            this(types, directions, minConfidence, sameSentence, null);
        }

        /** Whether an event of this salience passes the filter. */
        public boolean accepts(Salience s) {
            return salience.contains(s == null ? Salience.MAIN : s);
        }
    }

    /**
     * Spike rule: mentions of {@code entity} in the latest {@code window} are at least {@code factor}
     * times the average of the previous {@code baselineWindows} windows, and at least {@code min}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SpikeRule(
            @JsonProperty("entity") String entity,
            @JsonProperty("window") Duration window,
            @JsonProperty("factor") Double factor,
            @JsonProperty("min") Integer min,
            @JsonProperty("baselineWindows") Integer baselineWindows) {
        public SpikeRule {
            Checks.requireNonBlank(entity, "spike.entity");
            window = window == null ? Duration.ofHours(1) : window;
            factor = factor == null ? 3.0 : factor;
            min = min == null ? 5 : min;
            baselineWindows = baselineWindows == null ? 24 : baselineWindows;
            if (factor < 1.0) {
                throw new IllegalArgumentException("spike.factor must be >= 1, got " + factor);
            }
        }
    }

    /** At most {@code max} alerts per {@code window}; the rest are folded into one digest alert. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Throttle(@JsonProperty("max") Integer max, @JsonProperty("window") Duration window) {
        public Throttle {
            max = max == null ? 10 : max;
            window = window == null ? Duration.ofHours(1) : window;
            if (max < 1) {
                throw new IllegalArgumentException("throttle.max must be >= 1, got " + max);
            }
        }
    }
}
