package io.chipwatch.enrich.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cue words salience is decided with ({@code salience:} in {@code seeds/events.yaml}, documented in
 * its header): each cue is a term (same phrase syntax as the rules) with the label it gives a reason,
 * grouped by what it does.
 */
public record SalienceCues(Map<Kind, List<Cue>> cues) {
    /** No cues at all: salience then follows position alone. */
    public static final SalienceCues NONE = new SalienceCues(new EnumMap<>(Kind.class));

    /** What a cue does (the YAML key is the lower-case name with dashes). */
    public enum Kind {
        /** Places the fact in the past: background unless a recency cue is in the same clause. */
        HISTORY,
        /** A recent related event the article recaps ("last week"): secondary. */
        RECAP,
        /** Now: keeps an event main against history cues, and makes a body event main. */
        RECENT,
        /** "new", "latest": recency only right before the trigger (within three words). */
        NOVEL,
        /** Modal, conditional, question: not a fact. Background. */
        HYPOTHETICAL,
        /** A generic statement of a regime ("listed companies cannot ..."): background unless directed or recent. */
        GENERIC,
        /** Reporting and directive verbs: after them REPORTED cues are reported speech ("said it would"). */
        REPORTING,
        /** Cues that after a reporting verb are not modality or history ("would", "had", "must"). */
        REPORTED,
        /** Words that open a clause of their own after a comma (", which", ", after", ", but"). */
        CLAUSE_OPENER,
        /** Before the trigger in its clause: the event is a consequence of another ("meaning", "barring"). Secondary. */
        CONSEQUENCE,
        /** Open a clause that gives a cause or precedent ("after", "following"): background in the body. */
        SUBORDINATE,
        /** Relative pronouns: a trigger in a relative clause with a past verb is history. */
        RELATIVE,
        /** Past verb forms that make a relative clause history ("was", "were", "had"). */
        PAST_VERB,
        /**
         * A comparison baseline ("from a year earlier", "year-on-year", 同比, "the largest since"): a history cue
         * inside it, and a date next to it, name the baseline a figure is measured against, not the time of the fact.
         */
        COMPARISON,
        /** A headline's genre label at its start ("Explainer:", "Factbox:"): it announces background, not news. */
        GENRE,
        /**
         * A genre named anywhere in the headline ("Nvidia earnings preview", 财报前瞻): the article previews results,
         * so its events are expectations and analysts' asides; none of them is main (at most secondary).
         */
        HEADLINE_GENRE,
        /**
         * A definite bare noun that refers back ("the rule", 该规则): in the body such a trigger names what the
         * headline or lead already reported (an Entity List rule is the listing), so it is secondary, not main.
         */
        ANAPHORA;

        String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** One cue term with the label it gives a reason ({@code previously}, {@code modal}, ...). */
    public record Cue(String label, Term term) {}

    public SalienceCues {
        EnumMap<Kind, List<Cue>> copy = new EnumMap<>(Kind.class);
        cues.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        cues = java.util.Collections.unmodifiableMap(copy);
    }

    public List<Cue> of(Kind kind) {
        return cues.getOrDefault(kind, List.of());
    }

    /**
     * Reads {@code salience:}: each kind maps to a list of terms (label = the kind) or to a mapping
     * {@code label: [terms]}. Unknown kinds are problems, so a typo cannot silently disable a cue group.
     */
    static SalienceCues parse(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return NONE;
        }
        if (!node.isObject()) {
            problems.add("'salience' must be a mapping of cue kinds");
            return NONE;
        }
        Map<Kind, List<Cue>> out = new EnumMap<>(Kind.class);
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            Kind kind = null;
            for (Kind k : Kind.values()) {
                if (k.key().equals(f.getKey())) {
                    kind = k;
                }
            }
            if (kind == null) {
                List<String> keys = new ArrayList<>();
                for (Kind k : Kind.values()) {
                    keys.add(k.key());
                }
                problems.add("salience: unknown cue kind '" + f.getKey() + "', expected one of " + keys);
                continue;
            }
            List<Cue> cues = new ArrayList<>();
            String where = "salience." + f.getKey();
            if (f.getValue().isObject()) {
                for (Map.Entry<String, JsonNode> g : f.getValue().properties()) {
                    for (Term t : EventRules.terms(g.getValue(), where + "." + g.getKey(), problems)) {
                        cues.add(new Cue(g.getKey(), t));
                    }
                }
            } else {
                for (Term t : EventRules.terms(f.getValue(), where, problems)) {
                    cues.add(new Cue(f.getKey(), t));
                }
            }
            out.put(kind, cues);
        }
        return new SalienceCues(out);
    }

    /** Every phrase anchor of the cues (for one Aho-Corasick pass over a candidate sentence). */
    List<String> anchors() {
        List<String> out = new ArrayList<>();
        cues.values().forEach(list -> list.forEach(c -> {
            if (c.term() instanceof Term.Phrase p) {
                out.addAll(p.anchors());
            }
        }));
        return out;
    }
}
