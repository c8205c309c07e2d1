package dev.burnwatch.cli;

import dev.burnwatch.BadInputException;
import dev.burnwatch.config.AppDirs;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * What every command shares: {@code -h}/{@code --help}, {@code --json}, {@code --verbose},
 * the two output streams, and how its logs reach the operator ({@link CliLogging}).
 * Subclasses implement {@link #execute()} and return an {@link ExitCode}; exceptions are
 * mapped to exit codes and readable messages (or a JSON error object) by {@link Cli}.
 */
public abstract class BaseCommand implements Callable<Integer> {

    @Mixin
    protected OutputOptions output = new OutputOptions();

    @Spec
    protected CommandSpec spec;

    private PrintWriter out;
    private volatile boolean wroteOutput;

    @Override
    public final Integer call() throws Exception {
        try (CliLogging logging = CliLogging.start(err(), output.verbose)) {
            refuseEmptyValues(spec.commandLine().getParseResult());
            AppDirs.homeProblem().ifPresent(problem -> {
                throw new BadInputException(problem);
            });
            for (CommandSpec mixin : spec.mixins().values()) {
                if (mixin.userObject() instanceof SshOptions ssh) {
                    ssh.validate();
                }
            }
            return execute();
        }
    }

    protected abstract int execute() throws Exception;

    /** Standard output: tables for people, or the one JSON object with {@code --json}. */
    protected PrintWriter out() {
        if (out == null) {
            out = new PrintWriter(new Recording(spec.commandLine().getOut()), true);
        }
        return out;
    }

    /** Standard error: messages, progress and warnings. */
    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Whether this run printed anything on standard output (then a failure adds no JSON object). */
    boolean wroteOutput() {
        return wroteOutput;
    }

    /** Whether this run was asked for {@code --json}. */
    boolean json() {
        return output.json;
    }

    /**
     * An option given as {@code ''} would otherwise be taken for "not given" by some commands
     * and for a value by others: refuse it, naming the option.
     */
    private static void refuseEmptyValues(ParseResult parsed) {
        if (parsed == null) {
            return;
        }
        for (OptionSpec option : parsed.matchedOptions()) {
            if (option.arity().max() > 0 && option.originalStringValues().stream().anyMatch(String::isBlank)) {
                throw new BadInputException(option.longestName() + " was given an empty value: give it a value,"
                        + " or leave the option out");
            }
        }
        for (PositionalParamSpec parameter : parsed.matchedPositionals()) {
            if (parameter.originalStringValues().stream().anyMatch(String::isBlank)) {
                throw new BadInputException(parameter.paramLabel() + " is empty: give a value (see --help)");
            }
        }
    }

    /** Passes everything on to the command line's stream and notes that something was written. */
    private final class Recording extends Writer {
        private final PrintWriter target;

        Recording(PrintWriter target) {
            this.target = target;
        }

        @Override
        public void write(char[] buffer, int offset, int length) {
            if (length > 0) {
                wroteOutput = true;
            }
            target.write(buffer, offset, length);
        }

        @Override
        public void flush() {
            target.flush();
        }

        @Override
        public void close() {
            target.flush();
        }
    }
}
