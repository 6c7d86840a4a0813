package io.chipwatch.alerts;

import io.chipwatch.model.Alert;
import java.time.temporal.ChronoUnit;

/** Human-readable renderings of an alert: one line for consoles and tail, Slack text, email subject and body. */
public final class AlertFormat {
    private AlertFormat() {}

    /** {@code 2026-04-30T10:00:00Z HIGH ascend-demand: <reason> | <title> <url>}. */
    public static String line(Alert a) {
        StringBuilder sb = new StringBuilder()
                .append(a.triggeredAt().truncatedTo(ChronoUnit.SECONDS)).append(' ')
                .append(a.severity()).append(' ')
                .append(a.watchId()).append(": ")
                .append(a.reason());
        if (a.article() != null) {
            sb.append(" | ").append(oneLine(a.article().title()));
            if (a.article().url() != null) {
                sb.append(' ').append(a.article().url());
            }
        }
        return sb.toString();
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
