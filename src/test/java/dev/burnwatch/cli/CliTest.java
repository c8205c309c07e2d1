package dev.burnwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnwatch.BadInputException;
import dev.burnwatch.host.HostException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void isolateAppDirs() {
        System.setProperty("burnwatch.home", temp.resolve("home").toString());
    }

    @AfterEach
    void restoreAppDirs() {
        System.clearProperty("burnwatch.home");
    }

    private int run(String... args) {
        CommandLine commandLine = Cli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    /** Every command below the top, by its qualified name without "burnwatch ", hosts' own included. */
    private static List<String> commands() {
        List<String> names = new ArrayList<>();
        collect(Cli.commandLine(), names);
        return names;
    }

    private static void collect(CommandLine commandLine, List<String> names) {
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            String name = sub.getCommandSpec().qualifiedName(" ").substring("burnwatch ".length());
            if (!names.contains(name)) {
                names.add(name);
                collect(sub, names);
            }
        }
    }

    @Test
    void versionNamesTheApplicationJavaAndJavaFx() {
        int status = run("--version");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("Burnwatch").contains("Java 17").contains("JavaFX 21.0.11");
    }

    @Test
    void anUnknownCommandIsBadInputWithAHint() {
        int status = run("frobnicate");

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("frobnicate").contains("--help");
    }

    @Test
    void anUnknownCommandIsNamedWithTheCommandsThereAre() {
        int top = run("nosuch");
        String topErr = err.toString();
        int hosts = run("hosts", "nosuch");

        assertThat(top).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(topErr).contains("Unknown command 'nosuch'. Commands: report, patch, verify,",
                "(burnwatch help)").doesNotContain("Unmatched argument");
        assertThat(hosts).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("Unknown command 'nosuch'. Commands: list, add, remove, import"
                + " (burnwatch hosts --help)");
    }

    @Test
    void dashHBeforeACommandShowsThatCommandsHelp() {
        int status = run("-h", "report");

        assertThat(status).isZero();
        assertThat(out.toString()).startsWith("Usage: burnwatch report").contains("--source");
    }

    @Test
    void anUnknownOptionIsBadInput() {
        int status = run("report", "--no-such-flag");

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("--no-such-flag");
    }

    @Test
    void everyCommandShowsItsHelpWithDashHAndDashDashHelp() {
        assertThat(commands()).contains("report", "patch", "verify", "restart", "rollback", "history", "publish",
                "hosts", "hosts add", "hosts import", "demo", "help");
        for (String command : commands()) {
            for (String flag : List.of("-h", "--help")) {
                out.getBuffer().setLength(0);
                List<String> args = new ArrayList<>(List.of(command.split(" ")));
                args.add(flag);

                int status = run(args.toArray(String[]::new));

                assertThat(status).as(command + " " + flag + ": " + err).isZero();
                assertThat(out.toString()).as(command + " " + flag).contains("Usage: burnwatch " + command);
            }
        }
    }

    @Test
    void helpCommandShowsACommandsHelpAndRequiredArgumentsDoNotGetInTheWay() {
        int help = run("help", "report");
        String report = out.toString();
        out.getBuffer().setLength(0);
        int patch = run("patch", "--help");

        assertThat(help).isZero();
        assertThat(report).startsWith("Usage: burnwatch report").contains("--source", "--since");
        assertThat(patch).isZero();
        assertThat(out.toString()).contains("TARGET", "--max-turns");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void eachCommandsSummaryInTheTopLevelHelpIsACompleteSentence() {
        int status = run("--help");

        assertThat(status).isZero();
        String commandsSection = out.toString().substring(out.toString().indexOf("Commands:"));
        Matcher entry = Pattern.compile("(?m)^  (\\w+)\\s+(.*(?:\\n {10,}.*)*)").matcher(commandsSection);
        List<String> seen = new ArrayList<>();
        while (entry.find()) {
            String summary = entry.group(2).replaceAll("\\s+", " ").strip();
            seen.add(entry.group(1));
            assertThat(summary).as(entry.group(1)).endsWith(".");
        }
        assertThat(seen).contains("report", "patch", "restart", "publish", "demo", "hosts");
        for (CommandLine sub : Cli.commandLine().getSubcommands().values()) {
            CommandLine.Model.UsageMessageSpec usage = sub.getCommandSpec().usageMessage();
            String first = usage.header().length > 0 ? usage.header()[0] : usage.description()[0];
            assertThat(first).as(sub.getCommandName()).endsWith(".").hasSizeLessThanOrEqualTo(72);
        }
    }

    @Test
    void aFailureWithJsonIsOneJsonErrorObjectOnStdout() throws IOException {
        int status = run("report", "--source", temp.resolve("nope").toString(), "--json");

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        JsonNode error = new ObjectMapper().readTree(out.toString()).get("error");
        assertThat(error.get("exitCode").asInt()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(error.get("kind").asText()).isEqualTo("bad-input");
        assertThat(error.get("message").asText()).contains("nope", "not a folder");
        assertThat(err.toString()).contains("nope");
    }

    @Test
    void aKnownHostsPathThatIsMissingOrAFolderIsBadInputBeforeConnecting() throws IOException {
        Path missing = temp.resolve("nonexistent/kh");
        Path empty = Files.createFile(temp.resolve("empty_known_hosts"));

        int missingStatus = run("restart", "ssh://agent@127.0.0.1:1", "--unit", "agent-daemon",
                "--known-hosts", missing.toString());
        String missingErr = err.toString();
        int folderStatus = run("report", "--source", "ssh://agent@127.0.0.1:1/x", "--known-hosts", temp.toString());
        String folderErr = err.toString();
        int emptyStatus = run("restart", "ssh://agent@127.0.0.1:1", "--unit", "agent-daemon",
                "--known-hosts", empty.toString());

        assertThat(missingStatus).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(missingErr).contains("--known-hosts " + missing + ": no such file");
        assertThat(folderStatus).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(folderErr).contains("--known-hosts " + temp + " is a folder, not a known_hosts file");
        assertThat(emptyStatus).isEqualTo(ExitCode.HOST_UNREACHABLE);
    }

    @Test
    void aBurnwatchHomeThatIsAFileIsBadInputForEveryCommand() throws IOException {
        Path file = Files.writeString(temp.resolve("not-a-folder"), "");
        System.setProperty("burnwatch.home", file.toString());

        int history = run("history");
        String historyOut = out.toString();
        String historyErr = err.toString();
        int hosts = run("hosts", "--json");

        assertThat(history).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(historyOut).doesNotContain("No changes recorded");
        assertThat(historyErr).contains("(" + file + ") is a file, not a folder: point it at a folder or unset it");
        assertThat(hosts).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(new ObjectMapper().readTree(out.toString()).at("/error/kind").asText()).isEqualTo("bad-input");
    }

    @Test
    void aUsageErrorWithJsonIsAJsonErrorObjectToo() throws IOException {
        int status = run("history", "--json", "--no-such-flag");

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        JsonNode error = new ObjectMapper().readTree(out.toString()).get("error");
        assertThat(error.get("kind").asText()).isEqualTo("usage");
        assertThat(error.get("message").asText()).contains("--no-such-flag");
    }

    @Test
    void aHostThatCannotBeReachedIsExitThreeWithItsKindInJson() throws IOException {
        int status = run("restart", "ssh://agent@127.0.0.1:1", "--unit", "agent-daemon", "--json");

        assertThat(status).isEqualTo(ExitCode.HOST_UNREACHABLE);
        JsonNode error = new ObjectMapper().readTree(out.toString()).get("error");
        assertThat(error.get("exitCode").asInt()).isEqualTo(ExitCode.HOST_UNREACHABLE);
        assertThat(error.get("kind").asText()).isEqualTo("unreachable");
    }

    @Test
    void everyCommandPrintsItsJsonInTheOneLayout() throws IOException {
        List<List<String>> runs = List.of(
                List.of("report", "--source", Path.of(System.getProperty("burnwatch.fixtures"), "transcripts", "basic")
                        .toString(), "--no-cache", "--json"),
                List.of("history", "--json"),
                List.of("hosts", "list", "--json"),
                List.of("report", "--source", temp.resolve("nope").toString(), "--json"));
        for (List<String> args : runs) {
            out.getBuffer().setLength(0);

            run(args.toArray(String[]::new));

            JsonNode parsed = new ObjectMapper().readTree(out.toString());
            assertThat(out.toString()).as(String.join(" ", args))
                    .isEqualTo(Json.MAPPER.writer(Json.layout()).writeValueAsString(parsed) + "\n")
                    .contains("\n  \"");
        }
    }

    @Test
    void anEmptyOptionValueIsRefusedNotTakenForNone() {
        int since = run("report", "--since", "");
        String sinceMessage = err.toString();
        err.getBuffer().setLength(0);
        int region = run("publish", "--region", "", "--dry-run");

        assertThat(since).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(sinceMessage).contains("--since", "empty");
        assertThat(region).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("--region", "empty");
    }

    @Test
    void theVerboseHintIsOnlyForFailuresWithMoreToShow() {
        Exception library = null;
        try {
            new ObjectMapper().readTree("{");
        } catch (IOException e) {
            library = e;
        }

        assertThat(Cli.hasMoreDetail(new BadInputException("--by week is not one of ..."), "x")).isFalse();
        assertThat(Cli.hasMoreDetail(new HostException(HostException.Kind.OTHER, "Could not list /x: boom",
                new IOException("boom")), "Could not list /x: boom")).isFalse();
        assertThat(Cli.hasMoreDetail(new IOException("The demo host cannot listen on port 2222: it is in use",
                new java.net.BindException("Address already in use")), "...")).isFalse();
        assertThat(Cli.hasMoreDetail(new NullPointerException(), "NullPointerException")).isTrue();
        assertThat(Cli.hasMoreDetail(new IllegalStateException(), "IllegalStateException")).isTrue();
        assertThat(Cli.hasMoreDetail(library, library.getMessage())).isTrue();
    }
}
