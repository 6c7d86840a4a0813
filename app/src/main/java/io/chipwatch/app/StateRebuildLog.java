package io.chipwatch.app;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.filter.AbstractFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Kafka Streams' alarming report of an expected state rebuild into one readable INFO line.
 *
 * <p>After an unclean stop (kill -9, a crash, power loss) an exactly-once Streams task finds a state
 * store that is not empty but has no checkpoint: it may hold writes of a transaction that was
 * aborted, so Streams throws {@code TaskCorruptedException}, wipes the store and restores it from its
 * changelog topic, which holds only committed data. That is the designed recovery (the crash tests
 * prove nothing is lost or duplicated across it), but Streams reports it as one WARN per store, one
 * WARN per task, an {@code ERROR TaskManager ... TaskCorruptedException} and a WARN per thread. This
 * filter drops exactly those messages (an ERROR naming any other exception passes) and logs instead:
 * {@code chipwatch-alerts: rebuilding the local state of tasks [1_0, 2_0] from the changelogs ...}.
 */
final class StateRebuildLog extends AbstractFilter {
    private static final Logger log = LoggerFactory.getLogger(StateRebuildLog.class);
    /** Where Kafka Streams logs the messages below (TaskManager, ProcessorStateManager, StreamThread). */
    static final String STREAMS_INTERNALS = "org.apache.kafka.streams.processor.internals";
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private static final Pattern DETECTED = Pattern.compile(
            "stream-thread \\[(.+?)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-StreamThread-\\d+\\] "
                    + "Detected the states of tasks (\\[.*?\\]) are corrupted");
    private static final Pattern EXCEPTION_CLASS = Pattern.compile("=([\\w.$]+(?:Exception|Error))\\b");

    StateRebuildLog() {
        super(Result.NEUTRAL, Result.NEUTRAL);
    }

    /** Adds the filter to the configuration of the Streams internals' loggers (idempotent). */
    static void install() {
        if (!(LogManager.getContext(false) instanceof LoggerContext context) || !INSTALLED.compareAndSet(false, true)) {
            return;
        }
        Configuration config = context.getConfiguration();
        LoggerConfig existing = config.getLoggerConfig(STREAMS_INTERNALS);
        LoggerConfig target = existing;
        if (!existing.getName().equals(STREAMS_INTERNALS)) {
            target = new LoggerConfig(STREAMS_INTERNALS, null, true);
            target.setParent(existing);
            config.addLogger(STREAMS_INTERNALS, target);
        }
        StateRebuildLog filter = new StateRebuildLog();
        filter.start();
        target.addFilter(filter);
        context.updateLoggers();
    }

    @Override
    public Result filter(LogEvent event) {
        return decide(event.getLevel(), event.getMessage().getFormattedMessage());
    }

    /** DENY for the messages of an expected rebuild (logging the one INFO line instead), NEUTRAL otherwise. */
    Result decide(Level level, String message) {
        if (message == null || !level.isMoreSpecificThan(Level.WARN)) {
            return Result.NEUTRAL;
        }
        Matcher detected = DETECTED.matcher(message);
        if (detected.find()) {
            log.info("{}: rebuilding the local state of tasks {} from the changelog topics: an unclean stop (kill -9, crash) "
                    + "left it without a checkpoint, and exactly-once never keeps such state. Expected; nothing is lost, "
                    + "processing resumes once the state is restored", detected.group(1), detected.group(2));
            return Result.DENY;
        }
        if (message.contains("did not find checkpoint offsets while stores are not empty")
                || message.contains("will group it with other corrupted tasks and handle together")) {
            return Result.DENY;
        }
        if (message.contains("Get exceptions for the following tasks:") && onlyTaskCorruption(message)) {
            return Result.DENY;
        }
        return Result.NEUTRAL;
    }

    private static boolean onlyTaskCorruption(String message) {
        Matcher m = EXCEPTION_CLASS.matcher(message);
        boolean any = false;
        while (m.find()) {
            any = true;
            if (!m.group(1).endsWith(".TaskCorruptedException")) {
                return false;
            }
        }
        return any;
    }
}
