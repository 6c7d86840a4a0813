package io.chipwatch.app;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * A log4j2 appender on the root logger that keeps every event logged in this JVM while open, so a
 * test can assert what was (or was not) logged. Levels stay as configured: it sees what would be printed.
 */
final class LogCapture implements AutoCloseable {
    /** One captured event. */
    record Line(Level level, String logger, String message, String thrown) {
        boolean atLeast(Level l) {
            return level.isMoreSpecificThan(l);
        }

        @Override
        public String toString() {
            return level + " " + logger + " - " + message + (thrown == null ? "" : " / " + thrown);
        }
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final AbstractAppender appender;
    private final LoggerContext context;

    LogCapture() {
        context = (LoggerContext) LogManager.getContext(false);
        appender = new AbstractAppender("capture-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                Throwable t = event.getThrown();
                lines.add(new Line(event.getLevel(), event.getLoggerName(), event.getMessage().getFormattedMessage(),
                        t == null ? null : t.getClass().getName() + ": " + t.getMessage()));
            }
        };
        appender.start();
        context.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        context.updateLoggers();
    }

    List<Line> lines() {
        return List.copyOf(lines);
    }

    /** WARN and ERROR lines. */
    List<Line> warnings() {
        return lines.stream().filter(l -> l.atLeast(Level.WARN)).toList();
    }

    boolean contains(String text) {
        return lines.stream().anyMatch(l -> l.message().contains(text) || (l.thrown() != null && l.thrown().contains(text)));
    }

    @Override
    public void close() {
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
