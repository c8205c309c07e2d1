package dev.burnwatch.cli;

import dev.burnwatch.BadInputException;
import dev.burnwatch.host.HostException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The headless command line. Maps failures to the exit codes of CONVENTIONS.md and prints
 * them as one readable line (a stack trace only with {@code --verbose}); with {@code --json}
 * a failure is also the command's one JSON object on stdout:
 * {@code {"error": {"message": ..., "exitCode": n, "kind": ...}}}.
 */
@Command(name = "burnwatch",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "Shows what unattended Claude agents spend, and caps it.",
        footer = {"", "Run 'burnwatch help COMMAND' or 'burnwatch COMMAND --help' for a command's options.",
            "With no command, burnwatch opens the console (it needs a graphical display)."},
        subcommands = {
            ReportCommand.class,
            PatchCommand.class,
            VerifyCommand.class,
            RestartCommand.class,
            RollbackCommand.class,
            HistoryCommand.class,
            PublishCommand.class,
            HostsCommand.class,
            DemoCommand.class,
            CommandLine.HelpCommand.class,
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
        commandLine.setExecutionStrategy(Cli::helpOfTheNamedCommand);
        commandLine.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            PrintWriter err = failed.getErr();
            String message = unknownCommand(ex).orElse(ex.getMessage());
            err.println("burnwatch: " + message);
            err.println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for usage.");
            if (Arrays.asList(args).contains("--json")) {
                printError(failed.getOut(), message, ExitCode.BAD_INPUT, "usage");
            }
            return ExitCode.BAD_INPUT;
        });
        return commandLine;
    }

    /**
     * {@code burnwatch -h report} shows report's help, as {@code burnwatch report -h} does; picocli
     * would show the help of the first command that was asked for it, here the top level.
     */
    private static int helpOfTheNamedCommand(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        if (last != parsed && parsed.isUsageHelpRequested()) {
            CommandLine named = last.commandSpec().commandLine();
            named.usage(named.getOut(), named.getColorScheme());
            return ExitCode.OK;
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /**
     * A word where a command was expected: say which commands there are, instead of picocli's
     * "Unmatched argument at index 0".
     */
    private static Optional<String> unknownCommand(CommandLine.ParameterException ex) {
        CommandLine failed = ex.getCommandLine();
        if (!(ex instanceof CommandLine.UnmatchedArgumentException unmatched) || failed.getSubcommands().isEmpty()
                || !failed.getCommandSpec().positionalParameters().isEmpty() || unmatched.getUnmatched().isEmpty()) {
            return Optional.empty();
        }
        String word = unmatched.getUnmatched().get(0);
        if (word.startsWith("-")) {
            return Optional.empty();
        }
        String qualified = failed.getCommandSpec().qualifiedName();
        String help = failed.getSubcommands().containsKey("help") ? qualified + " help" : qualified + " --help";
        return Optional.of("Unknown command '" + word + "'. Commands: "
                + String.join(", ", failed.getSubcommands().keySet()) + " (" + help + ")");
    }

    private static int handleFailure(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        int code = exitCodeFor(ex);
        String message = messageOf(ex);
        err.println("burnwatch: " + message);
        if (matched(parseResult, "--verbose")) {
            ex.printStackTrace(err);
        } else if (hasMoreDetail(ex, message)) {
            err.println("(run again with --verbose for details)");
        }
        err.flush();
        Object command = commandLine.getCommand();
        boolean printed = command instanceof BaseCommand && ((BaseCommand) command).wroteOutput();
        if (matched(parseResult, "--json") && !printed) {
            printError(commandLine.getOut(), message, code, kindOf(ex));
        }
        LOG.debug("command failed", ex);
        return code;
    }

    /** The one JSON object of a failed command. */
    private static void printError(PrintWriter out, String message, int exitCode, String kind) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("exitCode", exitCode);
        error.put("kind", kind);
        try {
            Json.print(out, Map.of("error", error));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Could not write the error as JSON: " + e.getMessage(), e);
        }
    }

    /** Whether an option was given to the command or to any command above it. */
    private static boolean matched(CommandLine.ParseResult parseResult, String option) {
        for (CommandLine.ParseResult level = parseResult; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption(option)) {
                return true;
            }
        }
        return false;
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

    /**
     * What kind of failure, for scripts: {@code bad-input}, {@code check-failed}, a host
     * failure's kind ({@code unreachable}, {@code authentication}, {@code host-key-unknown},
     * {@code permission}, ...) or {@code error} for anything else.
     */
    static String kindOf(Throwable ex) {
        if (ex instanceof HostException) {
            return ((HostException) ex).kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        if (ex instanceof BadInputException || ex instanceof IllegalArgumentException) {
            return "bad-input";
        }
        if (ex instanceof CheckFailedException) {
            return "check-failed";
        }
        return "error";
    }

    /**
     * Whether {@code --verbose} would show more than the message. A message that Burnwatch
     * wrote (its own exception, or one thrown by its code) says what, where and what next by
     * contract, so it stands alone; a programming error, a failure without a message, or a
     * library's exception escaping a command has its detail in the stack trace and causes.
     */
    static boolean hasMoreDetail(Throwable ex, String shown) {
        if (ex.getMessage() == null || ex.getMessage().isBlank()) {
            return true;
        }
        String type = ex.getClass().getName();
        boolean programmingError = ex instanceof RuntimeException && type.startsWith("java.")
                && !(ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
                || ex instanceof java.io.UncheckedIOException);
        if (programmingError) {
            return true;
        }
        StackTraceElement[] trace = ex.getStackTrace();
        boolean writtenByBurnwatch = type.startsWith("dev.burnwatch.")
                || (trace.length > 0 && trace[0].getClassName().startsWith("dev.burnwatch."));
        return !writtenByBurnwatch;
    }

    private static String messageOf(Throwable ex) {
        String message = ex.getMessage();
        return message == null || message.isBlank() ? ex.getClass().getSimpleName() : message;
    }
}
