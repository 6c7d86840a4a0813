package io.chipwatch.app.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * What {@code chipwatch eval} measured, printed as tables ({@link EvalText}) or as one JSON object
 * ({@code --json}). Event rows count MAIN events only; labelled {@code secondary} types are neutral.
 * Watch rows: precision over the alerts fired (one per watch and story, as the alerts service fires
 * them), recall over the (article, expected watch) pairs.
 */
@JsonPropertyOrder({"dir", "labels", "complete", "articles", "negatives", "languages", "events", "eventsAll",
        "directionAccuracy", "directionsChecked", "negativesWithMainEvent", "forbiddenEvents", "confusion", "eventErrors",
        "watches", "watchesAll", "falseAlerts", "missedAlerts", "entities", "entitiesAll", "entityErrors", "stories",
        "problems"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvalReport(
        @JsonProperty("dir") String dir,
        @JsonProperty("labels") String labels,
        @JsonProperty("complete") boolean complete,
        @JsonProperty("articles") int articles,
        @JsonProperty("negatives") int negatives,
        @JsonProperty("languages") Map<String, Integer> languages,
        @JsonProperty("events") Map<String, Score> events,
        @JsonProperty("eventsAll") Score eventsAll,
        @JsonProperty("directionAccuracy") double directionAccuracy,
        @JsonProperty("directionsChecked") int directionsChecked,
        @JsonProperty("negativesWithMainEvent") List<Finding> negativesWithMainEvent,
        @JsonProperty("forbiddenEvents") List<Finding> forbiddenEvents,
        @JsonProperty("confusion") Map<String, Map<String, Integer>> confusion,
        @JsonProperty("eventErrors") List<Finding> eventErrors,
        @JsonProperty("watches") Map<String, WatchScore> watches,
        @JsonProperty("watchesAll") WatchScore watchesAll,
        @JsonProperty("falseAlerts") List<Finding> falseAlerts,
        @JsonProperty("missedAlerts") List<Finding> missedAlerts,
        @JsonProperty("entities") Map<String, Score> entities,
        @JsonProperty("entitiesAll") Score entitiesAll,
        @JsonProperty("entityErrors") List<String> entityErrors,
        @JsonProperty("stories") Stories stories,
        @JsonProperty("problems") List<String> problems) {

    /** Row name of unknown organisations (not in the gazetteer) in {@link #entities}, and of those in the lead. */
    public static final String UNKNOWN = "UNKNOWN_ORG";
    public static final String UNKNOWN_LEAD = "UNKNOWN_ORG_LEAD";
    /** Column and row name for "no event" in {@link #confusion}. */
    public static final String NONE = "-";

    /**
     * One watch: {@code alerts} fired = {@code right} + {@code wrong} + {@code acceptable} (neutral);
     * {@code expected} pairs of which {@code found} fired.
     */
    @JsonPropertyOrder({"alerts", "right", "wrong", "acceptable", "expected", "found", "precision", "recall", "f1"})
    public record WatchScore(@JsonProperty("alerts") int alerts, @JsonProperty("right") int right,
                             @JsonProperty("wrong") int wrong, @JsonProperty("acceptable") int acceptable,
                             @JsonProperty("expected") int expected, @JsonProperty("found") int found) {
        static final WatchScore ZERO = new WatchScore(0, 0, 0, 0, 0, 0);

        @JsonProperty("precision")
        public double precision() {
            return new Score(right, wrong, 0).precision();
        }

        @JsonProperty("recall")
        public double recall() {
            return new Score(found, 0, expected - found).recall();
        }

        @JsonProperty("f1")
        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0.0 : Math.round(2 * p * r / (p + r) * 1000.0) / 1000.0;
        }

        WatchScore plus(WatchScore o) {
            return new WatchScore(alerts + o.alerts, right + o.right, wrong + o.wrong, acceptable + o.acceptable,
                    expected + o.expected, found + o.found);
        }
    }

    /**
     * One wrong or missed thing, with the event that caused it (or the closest event there was) and why.
     *
     * @param what  {@code false-alert}, {@code missed-alert}, {@code missed-event}, {@code wrong-event},
     *              {@code forbidden-event}, {@code negative-event}
     * @param note  e.g. {@code forbidden watch}, {@code no LICENSE_CHANGE event}, {@code detected as secondary}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"what", "file", "watch", "type", "direction", "salience", "salienceReason", "evidence", "note"})
    public record Finding(@JsonProperty("what") String what, @JsonProperty("file") String file,
                          @JsonProperty("watch") String watch, @JsonProperty("type") String type,
                          @JsonProperty("direction") String direction, @JsonProperty("salience") String salience,
                          @JsonProperty("salienceReason") String salienceReason, @JsonProperty("evidence") String evidence,
                          @JsonProperty("note") String note) {}

    /**
     * Story assignment: rewrites ({@code duplicateOf}) that joined their original's story, and look-alikes
     * ({@code distinctFrom}) that stayed apart. {@code available} false when this build has no offline
     * story assignment (then every article is its own story and nothing here is measured).
     */
    @JsonPropertyOrder({"available", "duplicates", "duplicatesJoined", "distinct", "distinctKeptApart", "errors"})
    public record Stories(@JsonProperty("available") boolean available, @JsonProperty("duplicates") int duplicates,
                          @JsonProperty("duplicatesJoined") int duplicatesJoined, @JsonProperty("distinct") int distinct,
                          @JsonProperty("distinctKeptApart") int distinctKeptApart,
                          @JsonProperty("errors") List<String> errors) {}
}
