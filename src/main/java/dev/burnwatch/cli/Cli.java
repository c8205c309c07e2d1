package dev.burnwatch.cli;

import dev.burnwatch.BadInputException;
import dev.burnwatch.host.HostException;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The headless command line. Maps failures to the exit codes of CONVENTIONS.md and prints
 * them as one readable line (a stack trace only with {@code --verbose}).
 */
@Command(name = "burnwatch",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "Shows what unattended Claude agents spend, and caps it.",
        subcommands = {
            ReportCommand.class,
            PatchCommand.class,
            VerifyCommand.class,
            RestartCommand.class,
            RollbackCommand.class,
            HistoryCommand.class,
            PublishCommand.class,
            DemoCommand.class,
        })
public final class Cli {

    private static final Logger LOG = LoggerFactory.getLogger(Cli.class);

    private Cli() {
    }

    /** Runs one command and returns its exit status. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** A fresh command line with Burnwatch's exception mapping; tests set its streams. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(Cli.class);
        commandLine.setExecutionExceptionHandler(Cli::handleFailure);
        commandLine.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("burnwatch: " + ex.getMessage());
            err.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCode.BAD_INPUT;
        });
        return commandLine;
    }

    private static int handleFailure(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        boolean verbose = parseResult.hasMatchedOption("--verbose")
                || (parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose"));
        int code = exitCodeFor(ex);
        err.println("burnwatch: " + messageOf(ex));
        if (verbose) {
            ex.printStackTrace(err);
        } else if (code == ExitCode.CHECK_FAILED && !(ex instanceof CheckFailedException)) {
            err.println("(run again with --verbose for details)");
        }
        LOG.debug("command failed", ex);
        return code;
    }

    static int exitCodeFor(Throwable ex) {
        if (ex instanceof HostException) {
            return ((HostException) ex).kind().isConnection() ? ExitCode.HOST_UNREACHABLE : ExitCode.CHECK_FAILED;
        }
        if (ex instanceof BadInputException || ex instanceof IllegalArgumentException) {
            return ExitCode.BAD_INPUT;
        }
        return ExitCode.CHECK_FAILED;
    }

    private static String messageOf(Throwable ex) {
        String message = ex.getMessage();
        return message == null || message.isBlank() ? ex.getClass().getSimpleName() : message;
    }
}
