package dev.burnwatch.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every command shares: {@code --json}, {@code --verbose}, and the two output streams.
 * Subclasses implement {@link #execute()} and return an {@link ExitCode}; exceptions are
 * mapped to exit codes and readable messages by {@link Cli}.
 */
public abstract class BaseCommand implements Callable<Integer> {

    @Mixin
    protected OutputOptions output = new OutputOptions();

    @Spec
    protected CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        if (output.verbose) {
            enableVerboseLogging();
        }
        return execute();
    }

    protected abstract int execute() throws Exception;

    /** Standard output: tables for people, or the one JSON object with {@code --json}. */
    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Standard error: messages, progress and warnings. */
    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    static void enableVerboseLogging() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        ((Logger) LoggerFactory.getLogger("dev.burnwatch")).setLevel(Level.DEBUG);
    }
}
