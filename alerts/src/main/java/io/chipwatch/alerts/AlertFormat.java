package io.chipwatch.alerts;

import io.chipwatch.model.Alert;
import java.time.temporal.ChronoUnit;

/** Human-readable renderings of an alert: one line for consoles and tail, Slack text, email subject and body. */
public final class AlertFormat {
    private AlertFormat() {}

    private static final java.time.format.DateTimeFormatter MINUTE =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(java.time.ZoneOffset.UTC);
    private static final int MAX_EVIDENCE = 240;

    /**
     * One readable line for one alert; see {@link #line(java.util.List)}.
     */
    public static String line(Alert a) {
        return line(java.util.List.of(a));
    }

    /**
     * One readable line for the alerts of one story (every watch that fired on it), leading with the
     * article's published time so a replayed old article never reads like breaking news:
     * {@code 2025-03-26 09:12Z  [HIGH] entity-list, export-rules  US adds 80 entities ... — evidence:
     * "..." — https://... (fired 2026-12-01 20:51Z)}. The highest severity is shown; the fired time is
     * the earliest of the group. Spike and digest alerts say what they are instead of a title.
     */
    public static String line(java.util.List<Alert> story) {
        if (story.isEmpty()) {
            throw new IllegalArgumentException("no alert to format");
        }
        Alert lead = story.stream().max(java.util.Comparator.comparing(Alert::severity)).orElseThrow();
        StringBuilder sb = new StringBuilder();
        java.time.Instant published = lead.article() == null ? null : lead.article().publishedAt();
        sb.append(published == null ? "(undated)        " : MINUTE.format(published)).append("  [").append(lead.severity()).append("] ")
                .append(String.join(", ", story.stream().map(Alert::watchId).distinct().toList())).append("  ");
        sb.append(headline(lead));
        String evidence = oneLine(lead.evidence());
        if (!evidence.isEmpty()) {
            sb.append(" \u2014 evidence: \"").append(evidence.length() > MAX_EVIDENCE ? evidence.substring(0, MAX_EVIDENCE - 1) + "\u2026" : evidence)
                    .append('"');
        }
        String salience = salience(lead);
        if (salience != null) {
            sb.append(" [").append(salience).append(']');
        }
        if (lead.article() != null && lead.article().url() != null) {
            sb.append(" \u2014 ").append(lead.article().url());
        }
        java.time.Instant fired = story.stream().map(Alert::triggeredAt).min(java.util.Comparator.naturalOrder()).orElseThrow();
        return sb.append(" (fired ").append(MINUTE.format(fired)).append(')').toString();
    }

    private static String headline(Alert a) {
        if (Alert.DIGEST.equals(a.kind())) {
            return "digest of " + a.digestOf().size() + " article(s)" + (a.article() == null ? "" : ", latest: " + oneLine(a.article().title()));
        }
        if (Alert.SPIKE.equals(a.kind()) || a.article() == null) {
            return oneLine(a.reason());
        }
        String title = oneLine(a.article().title());
        return title.isEmpty() ? oneLine(a.reason()) : title;
    }

    /**
     * The salience of the alert's first event and why ({@code main: headline+lead}); records written
     * before salience existed read as main, without a reason.
     */
    private static String salience(Alert a) {
        if (a.events().isEmpty()) {
            return null;
        }
        io.chipwatch.model.DetectedEvent e = a.events().get(0);
        String name = e.salience().name().toLowerCase(java.util.Locale.ROOT);
        return e.salienceReason() == null || e.salienceReason().isBlank() ? name : name + ": " + oneLine(e.salienceReason());
    }

    public static String slackText(Alert a) {
        StringBuilder sb = new StringBuilder("*").append(a.severity()).append("* ").append(a.reason());
        if (a.article() != null) {
            sb.append("\n").append(a.article().url() != null
                    ? "<" + a.article().url() + "|" + oneLine(a.article().title()) + ">" : oneLine(a.article().title()));
        }
        if (a.evidence() != null && !a.evidence().isBlank()) {
            sb.append("\n> ").append(oneLine(a.evidence()));
        }
        return sb.toString();
    }

    public static String emailSubject(String prefix, Alert a) {
        String what = a.article() != null && !a.article().title().isBlank() ? a.article().title() : a.kind();
        return prefix + " " + a.watchName() + ": " + oneLine(what);
    }

    public static String emailBody(Alert a) {
        StringBuilder sb = new StringBuilder(a.reason()).append("\n\n");
        if (a.article() != null) {
            sb.append(a.article().title()).append('\n');
            if (a.article().url() != null) {
                sb.append(a.article().url()).append('\n');
            }
            sb.append("source: ").append(a.article().source()).append(", published: ").append(a.article().publishedAt()).append('\n');
        }
        if (a.evidence() != null && !a.evidence().isBlank()) {
            sb.append("\nevidence: ").append(a.evidence()).append('\n');
        }
        for (Alert.ArticleRef r : a.digestOf()) {
            sb.append("- ").append(r.title()).append(r.url() == null ? "" : " " + r.url()).append('\n');
        }
        return sb.append("\nwatch: ").append(a.watchId()).append(", severity: ").append(a.severity())
                .append(", alert: ").append(a.alertId()).append('\n').toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }
}
