package dev.burnwatch.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * What a command run logs, and where: the command's own error stream, never a logback line
 * an operator did not ask for.
 *
 * <p>Quiet (the default): Burnwatch's warnings and errors read as {@code warning: ...} and
 * {@code error: ...}; libraries say nothing (their failures reach the operator as the
 * command's own message). Verbose: Burnwatch at DEBUG and libraries at INFO, with time,
 * level and logger, for whoever asked for details. The logback configuration in force
 * before the run (the console's) comes back when the run ends; runs that overlap in one
 * process (tests) nest.
 */
final class CliLogging implements AutoCloseable {

    private static final String BURNWATCH = "dev.burnwatch";
    private static final String VERBOSE_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n";
    private static final Deque<CliLogging> ACTIVE = new ArrayDeque<>();
    private static Baseline baseline;

    private final PrintWriter err;
    private final boolean verbose;

    private CliLogging(PrintWriter err, boolean verbose) {
        this.err = err;
        this.verbose = verbose;
    }

    /** Logs of this run go to {@code err}, plainly unless {@code verbose}; close to undo. */
    static CliLogging start(PrintWriter err, boolean verbose) {
        CliLogging run = new CliLogging(err, verbose);
        synchronized (ACTIVE) {
            LoggerContext context = context();
            if (context == null) {
                return run;
            }
            if (ACTIVE.isEmpty()) {
                baseline = Baseline.of(context);
            }
            ACTIVE.push(run);
            run.apply(context);
        }
        return run;
    }

    @Override
    public void close() {
        synchronized (ACTIVE) {
            LoggerContext context = context();
            if (context == null || !ACTIVE.remove(this)) {
                return;
            }
            baseline.restore(context);
            if (ACTIVE.isEmpty()) {
                baseline = null;
            } else {
                ACTIVE.peek().apply(context);
            }
        }
    }

    private void apply(LoggerContext context) {
        baseline.restore(context);
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger burnwatch = context.getLogger(BURNWATCH);
        baseline.rootAppenders.forEach(root::detachAppender);
        if (verbose) {
            root.setLevel(Level.INFO);
            burnwatch.setLevel(Level.DEBUG);
            root.addAppender(appender(context, new VerboseFormat(context)));
        } else {
            root.setLevel(Level.OFF);
            burnwatch.setLevel(Level.WARN);
            burnwatch.setAdditive(false);
            burnwatch.addAppender(appender(context, CliLogging::plain));
        }
    }

    private Appender<ILoggingEvent> appender(LoggerContext context, Format format) {
        ToWriter appender = new ToWriter(err, format);
        appender.setContext(context);
        appender.setName("burnwatch-cli");
        appender.start();
        return appender;
    }

    /** {@code warning: MESSAGE}, as an operator reads it. */
    static String plain(ILoggingEvent event) {
        String prefix = event.getLevel().isGreaterOrEqual(Level.ERROR) ? "error: " : "warning: ";
        return prefix + event.getFormattedMessage() + System.lineSeparator();
    }

    private static LoggerContext context() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        return factory instanceof LoggerContext ? (LoggerContext) factory : null;
    }

    /** Turns one event into text. */
    private interface Format {
        String format(ILoggingEvent event);
    }

    /** The pattern of logback.xml, for verbose runs. */
    private static final class VerboseFormat implements Format {
        private final PatternLayout layout = new PatternLayout();

        VerboseFormat(LoggerContext context) {
            layout.setContext(context);
            layout.setPattern(VERBOSE_PATTERN);
            layout.start();
        }

        @Override
        public String format(ILoggingEvent event) {
            return layout.doLayout(event);
        }
    }

    /** Writes each event to the command's error stream. */
    private static final class ToWriter extends AppenderBase<ILoggingEvent> {
        private final PrintWriter err;
        private final Format format;

        ToWriter(PrintWriter err, Format format) {
            this.err = err;
            this.format = format;
        }

        @Override
        protected void append(ILoggingEvent event) {
            synchronized (err) {
                err.print(format.format(event));
                err.flush();
            }
        }
    }

    /** The configuration before the first run: levels, additivity and the root's appenders. */
    private static final class Baseline {
        final Level rootLevel;
        final Level burnwatchLevel;
        final boolean burnwatchAdditive;
        final List<Appender<ILoggingEvent>> rootAppenders;

        private Baseline(Level rootLevel, Level burnwatchLevel, boolean burnwatchAdditive,
                         List<Appender<ILoggingEvent>> rootAppenders) {
            this.rootLevel = rootLevel;
            this.burnwatchLevel = burnwatchLevel;
            this.burnwatchAdditive = burnwatchAdditive;
            this.rootAppenders = rootAppenders;
        }

        static Baseline of(LoggerContext context) {
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            Logger burnwatch = context.getLogger(BURNWATCH);
            List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
            for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
                appenders.add(it.next());
            }
            return new Baseline(root.getLevel(), burnwatch.getLevel(), burnwatch.isAdditive(), appenders);
        }

        void restore(LoggerContext context) {
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            Logger burnwatch = context.getLogger(BURNWATCH);
            detachOurs(root);
            detachOurs(burnwatch);
            root.setLevel(rootLevel);
            burnwatch.setLevel(burnwatchLevel);
            burnwatch.setAdditive(burnwatchAdditive);
            for (Appender<ILoggingEvent> appender : rootAppenders) {
                if (root.getAppender(appender.getName()) == null) {
                    root.addAppender(appender);
                }
            }
        }

        private static void detachOurs(Logger logger) {
            Appender<ILoggingEvent> ours;
            while ((ours = logger.getAppender("burnwatch-cli")) != null) {
                logger.detachAppender(ours);
                ours.stop();
            }
        }
    }
}
