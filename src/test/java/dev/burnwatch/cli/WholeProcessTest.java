package dev.burnwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a whole process, where the environment, the working folder and
 * everything that reaches stderr (logback's lines included) are the operator's.
 */
class WholeProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CASES = Path.of(System.getProperty("burnwatch.fixtures", "../shared/fixtures"),
            "transcripts");

    @TempDir
    Path temp;

    private CliProcess burnwatch() {
        return CliProcess.withHome(temp.resolve("burnwatch-home"));
    }

    private Path copy(String fixture, Path target) throws IOException {
        Path source = CASES.resolve(fixture);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.sorted().toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        return target;
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void withoutADisplayTheConsoleSaysWhatItNeedsInsteadOfAStackTrace() throws Exception {
        CliProcess.Result result = burnwatch().run();

        assertThat(result.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(result.err()).contains("graphical display", "DISPLAY and WAYLAND_DISPLAY", "burnwatch --help")
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void thePlainReportReadsTheConfigDirsUnderHomeAsTheShellSetsIt() throws Exception {
        Path home = Files.createDirectories(temp.resolve("operator"));
        copy("basic", home.resolve(".claude"));

        CliProcess.Result result = burnwatch().env("HOME", home.toString()).run("report", "--json", "--no-cache");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(JSON.readTree(result.out()).at("/totals/apiCalls").asInt()).isEqualTo(5);
        assertThat(JSON.readTree(result.out()).at("/rows/0/sessionId").asText()).isNotEmpty();
    }

    @Test
    void withNeitherDefaultConfigDirThePlainReportSaysSo() throws Exception {
        Path home = Files.createDirectories(temp.resolve("new-machine"));

        CliProcess.Result result = burnwatch().env("HOME", home.toString()).run("report");

        assertThat(result.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(result.err()).contains("no Claude config dir", home + "/.config/claude", home + "/.claude",
                "--source", "CLAUDE_CONFIG_DIR");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void oneDefaultConfigDirIsEnough() throws Exception {
        Path home = Files.createDirectories(temp.resolve("operator"));
        copy("basic", home.resolve(".config/claude"));

        CliProcess.Result result = burnwatch().env("HOME", home.toString()).run("report", "--json", "--no-cache");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(JSON.readTree(result.out()).at("/totals/apiCalls").asInt()).isEqualTo(5);
    }

    @Test
    void aClaudeConfigDirThatDoesNotExistIsBadInputNotAnEmptyReport() throws Exception {
        Path home = Files.createDirectories(temp.resolve("operator"));
        copy("basic", home.resolve(".claude"));

        CliProcess.Result result = burnwatch().env("HOME", home.toString())
                .env("CLAUDE_CONFIG_DIR", home.resolve(".claude") + "," + temp.resolve("nonexist")).run("report",
                        "--json");

        assertThat(result.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(result.err()).contains("CLAUDE_CONFIG_DIR", temp.resolve("nonexist").toString());
        assertThat(JSON.readTree(result.out()).at("/error/exitCode").asInt()).isEqualTo(ExitCode.BAD_INPUT);
    }

    @Test
    void anExistingFolderWinsOverASavedHostOfTheSameName() throws Exception {
        Path work = Files.createDirectories(temp.resolve("work"));
        copy("basic", work.resolve("basic2"));
        CliProcess process = burnwatch().in(work);
        assertThat(process.run("hosts", "add", "basic2", "ssh://agent@127.0.0.1:1").exitCode()).isZero();

        CliProcess.Result folder = process.run("report", "--source", "basic2", "--json", "--no-cache");
        CliProcess.Result host = process.run("report", "--source", "basic2:", "--json");

        assertThat(folder.exitCode()).as(folder.err()).isZero();
        assertThat(JSON.readTree(folder.out()).at("/totals/apiCalls").asInt()).isEqualTo(5);
        assertThat(host.exitCode()).as("the name: form still means the saved host").isEqualTo(
                ExitCode.HOST_UNREACHABLE);
        assertThat(host.err()).contains("127.0.0.1:1");
    }

    @Test
    void aPlainReportWritesNothingOnStderrAndVerboseWritesDebugLines() throws Exception {
        Path source = copy("basic", temp.resolve("claude"));

        CliProcess.Result plain = burnwatch().run("report", "--source", source.toString());
        CliProcess.Result verbose = burnwatch().run("report", "--source", source.toString(), "--verbose");

        assertThat(plain.exitCode()).isZero();
        assertThat(plain.out()).contains("Total");
        assertThat(plain.err()).isEmpty();
        assertThat(verbose.exitCode()).isZero();
        assertThat(verbose.err()).containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} DEBUG d\\.b\\.usage\\.UsageEngine - "
                + "2 transcripts: listed in");
        assertThat(verbose.out()).isEqualTo(plain.out());
    }

    @Test
    void aPortInUseIsOneClearLineWithoutLibraryLogLinesOrAVerboseHint() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliProcess.Result result = burnwatch().run("demo", "--port", Integer.toString(taken.getLocalPort()));

            assertThat(result.exitCode()).isNotZero();
            assertThat(result.err().strip()).startsWith("burnwatch: ").contains("in use")
                    .doesNotContain("ERROR", "Nio2Acceptor", "--verbose").doesNotContain("\n");
        }
    }

    /**
     * Root reads every file, so for root the run drops the capabilities that let it (as the
     * operator's own user would be refused); setpriv comes with util-linux.
     */
    @Test
    void anUnreadableTranscriptIsNamedInsteadOfSilentlyLeftOut() throws Exception {
        Path source = copy("basic", temp.resolve("claude"));
        Path locked;
        try (Stream<Path> files = Files.walk(source.resolve("projects"))) {
            locked = files.filter(file -> file.toString().endsWith(".jsonl")).sorted().findFirst().orElseThrow();
        }
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        CliProcess process = burnwatch();
        if ("root".equals(System.getProperty("user.name"))) {
            process.through("setpriv", "--bounding-set=-dac_override,-dac_read_search");
        }

        CliProcess.Result table = process.run("report", "--source", source.toString(), "--no-cache");
        CliProcess.Result json = process.run("report", "--source", source.toString(), "--no-cache", "--json");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.err()).contains("warning: 1 transcript could not be read", locked.toString(),
                "permission denied").doesNotContain(" WARN ");
        assertThat(json.exitCode()).isZero();
        JsonNode report = JSON.readTree(json.out());
        assertThat(report.get("unreadableFiles")).extracting(JsonNode::asText).isEqualTo(List.of(locked.toString()));
        assertThat(report.at("/totals/apiCalls").asInt()).isLessThan(5);
    }

    @Test
    void aScriptNamedWithoutASlashOrDotIsTheFileHereAndANameThatIsNeitherSaysHowToWriteIt() throws Exception {
        Path work = Files.createDirectories(temp.resolve("scripts"));
        Files.copy(Path.of(System.getProperty("burnwatch.fixtures"), "daemon", "agent_daemon.sh"),
                work.resolve("agentd"));
        CliProcess process = burnwatch().in(work);

        CliProcess.Result file = process.run("patch", "agentd", "--max-turns", "30", "--model", "claude-haiku-4-5");
        CliProcess.Result neither = process.run("patch", "nosuch", "--max-turns", "30", "--model",
                "claude-haiku-4-5");

        assertThat(file.exitCode()).as(file.err()).isZero();
        assertThat(file.out()).contains("+export ANTHROPIC_MODEL=claude-haiku-4-5");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("'nosuch' is no file here", "./nosuch");
    }

    @Test
    void aFolderOfTranscriptsThatCannotBeListedIsNamedAndWhatTheIndexKnewOfItStays() throws Exception {
        Path source = copy("basic", temp.resolve("claude"));
        Path folder;
        try (Stream<Path> files = Files.walk(source.resolve("projects"))) {
            folder = files.filter(file -> file.toString().endsWith(".jsonl")).sorted().findFirst().orElseThrow()
                    .getParent();
        }
        CliProcess process = burnwatch();
        if ("root".equals(System.getProperty("user.name"))) {
            process.through("setpriv", "--bounding-set=-dac_override,-dac_read_search");
        }
        CliProcess.Result before = process.run("report", "--source", source.toString(), "--json");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("---------"));

        CliProcess.Result uncached = process.run("report", "--source", source.toString(), "--no-cache", "--json");
        CliProcess.Result indexed = process.run("report", "--source", source.toString(), "--json");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));

        assertThat(uncached.exitCode()).as(uncached.err()).isZero();
        assertThat(uncached.err()).contains("could not be read", folder.toString());
        JsonNode report = JSON.readTree(uncached.out());
        assertThat(report.get("unreadableFiles")).extracting(JsonNode::asText).isEqualTo(List.of(folder.toString()));
        assertThat(report.at("/totals/apiCalls").asInt()).isLessThan(5);
        assertThat(JSON.readTree(indexed.out()).get("totals")).as("the index keeps what it read before")
                .isEqualTo(JSON.readTree(before.out()).get("totals"));
    }
}
