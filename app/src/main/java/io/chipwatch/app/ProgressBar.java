package io.chipwatch.app;

import java.io.PrintStream;
import java.time.Duration;

/** A one-line progress bar on stderr: count, rate and ETA; redrawn in place on a terminal. */
final class ProgressBar {
    private final PrintStream err;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private long lastDraw;

    ProgressBar(PrintStream err) {
        this.err = err;
        this.terminal = System.console() != null;
    }

    /** Draws at most 10 times a second (always, when done == total). */
    synchronized void update(long done, long total, String what) {
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        double rate = done / seconds;
        String eta = total > 0 && rate > 0 ? format(Duration.ofSeconds((long) ((total - done) / rate))) : "?";
        int width = 30;
        int filled = total > 0 ? (int) (width * Math.min(1.0, (double) done / total)) : 0;
        String line = String.format("[%s%s] %d/%d %s  %.1f/s  ETA %s", "#".repeat(filled), " ".repeat(width - filled), done, total, what, rate, eta);
        if (terminal) {
            err.print("\r" + line);
            if (done >= total) {
                err.println();
            }
        } else if (done >= total || (done % 100 == 0)) {
            err.println(line);
        }
        err.flush();
    }

    private static String format(Duration d) {
        return d.toHours() > 0 ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
}
