package io.chipwatch.app.eval;

import io.chipwatch.app.eval.EvalReport.Finding;
import io.chipwatch.app.eval.EvalReport.WatchScore;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The tables {@code chipwatch eval} prints (without {@code --json}). */
public final class EvalText {
    private static final int EVIDENCE_MAX = 220;

    private EvalText() {}

    public static String render(EvalReport r, boolean entityErrors) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "chipwatch eval %s: %d articles %s, %d negatives; labels %s%s%n", r.dir(), r.articles(),
                r.languages(), r.negatives(), r.labels(), r.complete() ? "" : " (expected.yaml: unlisted events and watches are neutral)"));

        sb.append("\nEVENTS (main events; labelled secondary types are neutral)\n");
        header(sb, "event type");
        r.events().forEach((t, s) -> row(sb, t, s));
        row(sb, "ALL", r.eventsAll());
        sb.append(String.format(Locale.ROOT, "direction accuracy: %.3f of %d labelled directions%n", r.directionAccuracy(),
                r.directionsChecked()));
        sb.append(String.format(Locale.ROOT, "negatives with a main event: %d of %d%n", distinctFiles(r.negativesWithMainEvent()),
                r.negatives()));
        findings(sb, r.negativesWithMainEvent());
        sb.append("forbidden events detected (main or secondary): ").append(r.forbiddenEvents().size()).append('\n');
        findings(sb, r.forbiddenEvents());

        sb.append("\nCONFUSION (rows: labelled main type, columns: detected main type, - = none)\n");
        List<String> cols = List.copyOf(r.confusion().keySet());
        sb.append(String.format(Locale.ROOT, "%-22s", ""));
        cols.forEach(c -> sb.append(String.format(Locale.ROOT, "%5s", abbreviation(c))));
        sb.append('\n');
        r.confusion().forEach((row, cells) -> {
            sb.append(String.format(Locale.ROOT, "%-22s", row));
            cols.forEach(c -> {
                int n = cells.getOrDefault(c, 0);
                sb.append(String.format(Locale.ROOT, "%5s", n == 0 ? "." : Integer.toString(n)));
            });
            sb.append('\n');
        });
        sb.append("event errors: ").append(r.eventErrors().size()).append('\n');
        findings(sb, r.eventErrors());

        sb.append("\nWATCHES (default watches, first article of each story, once per watch and story)\n");
        sb.append(String.format(Locale.ROOT, "%-22s %6s %6s %6s %6s %8s %6s %9s %7s %6s%n", "watch", "alerts", "right", "wrong",
                "ok", "expected", "found", "precision", "recall", "f1"));
        r.watches().forEach((w, s) -> watchRow(sb, w, s));
        watchRow(sb, "ALL", r.watchesAll());
        sb.append("false alerts: ").append(r.falseAlerts().size()).append('\n');
        findings(sb, r.falseAlerts());
        sb.append("missed alerts: ").append(r.missedAlerts().size()).append('\n');
        findings(sb, r.missedAlerts());

        sb.append("\nENTITIES (gazetteer ids by type; UNKNOWN_ORG: organisations outside the gazetteer, matched by name)\n");
        header(sb, "entity type");
        r.entities().forEach((t, s) -> row(sb, t, s));
        row(sb, "ALL", r.entitiesAll());
        if (r.entities().getOrDefault(EvalReport.UNKNOWN, Score.ZERO).tp() == 0
                && r.entities().getOrDefault(EvalReport.UNKNOWN, Score.ZERO).fp() == 0) {
            sb.append("(no entity was marked known: false)\n");
        }
        if (entityErrors) {
            sb.append("entity errors: ").append(r.entityErrors().size()).append('\n');
            r.entityErrors().forEach(e -> sb.append("  ").append(e).append('\n'));
        }

        sb.append("\nSTORIES\n");
        EvalReport.Stories st = r.stories();
        if (!st.available()) {
            sb.append("skipped: this build has no offline story assignment (io.chipwatch.enrich.StoryAssigner); every article is its own story\n");
        } else {
            sb.append(String.format(Locale.ROOT, "rewrites joined to their original's story: %d of %d; look-alikes kept apart: %d of %d%n",
                    st.duplicatesJoined(), st.duplicates(), st.distinctKeptApart(), st.distinct()));
            st.errors().forEach(e -> sb.append("  ").append(e).append('\n'));
        }
        if (!r.problems().isEmpty()) {
            sb.append("\nPROBLEMS (entries skipped)\n");
            r.problems().forEach(p -> sb.append("  ").append(p).append('\n'));
        }
        return sb.toString();
    }

    private static long distinctFiles(List<Finding> findings) {
        return findings.stream().map(Finding::file).distinct().count();
    }

    private static String abbreviation(String type) {
        return type.length() <= 3 ? type : type.substring(0, 3);
    }

    private static void header(StringBuilder sb, String first) {
        sb.append(String.format(Locale.ROOT, "%-22s %5s %5s %5s %9s %7s %6s%n", first, "tp", "fp", "fn", "precision", "recall", "f1"));
    }

    private static void row(StringBuilder sb, String name, Score s) {
        sb.append(String.format(Locale.ROOT, "%-22s %5d %5d %5d %9.3f %7.3f %6.3f%n", name, s.tp(), s.fp(), s.fn(), s.precision(),
                s.recall(), s.f1()));
    }

    private static void watchRow(StringBuilder sb, String name, WatchScore s) {
        sb.append(String.format(Locale.ROOT, "%-22s %6d %6d %6d %6d %8d %6d %9.3f %7.3f %6.3f%n", name, s.alerts(), s.right(),
                s.wrong(), s.acceptable(), s.expected(), s.found(), s.precision(), s.recall(), s.f1()));
    }

    private static void findings(StringBuilder sb, List<Finding> findings) {
        for (Finding f : findings) {
            sb.append("  ").append(f.what()).append(' ');
            if (f.watch() != null) {
                sb.append(f.watch()).append(' ');
            }
            sb.append(f.file());
            if (f.type() != null) {
                sb.append(' ').append(f.type());
                if (f.direction() != null) {
                    sb.append(' ').append(f.direction());
                }
            }
            if (f.salience() != null) {
                sb.append(" [").append(f.salience());
                if (f.salienceReason() != null) {
                    sb.append(": ").append(f.salienceReason());
                }
                sb.append(']');
            }
            if (f.note() != null) {
                sb.append(" (").append(f.note()).append(')');
            }
            if (f.evidence() != null) {
                String e = f.evidence().replaceAll("\\s+", " ").strip();
                sb.append(" \"").append(e.length() > EVIDENCE_MAX ? e.substring(0, EVIDENCE_MAX) + "..." : e).append('"');
            }
            sb.append('\n');
        }
    }

    /** Thresholds by name, in the order given, for the summary line of a failed check. */
    public static String thresholdLine(Map<String, double[]> checks) {
        StringBuilder sb = new StringBuilder();
        checks.forEach((name, v) -> sb.append(String.format(Locale.ROOT, "%s %.3f (min %.3f)%s; ", name, v[0], v[1],
                v[0] + 1e-9 < v[1] ? " BELOW" : "")));
        return sb.length() == 0 ? "" : sb.substring(0, sb.length() - 2);
    }
}
