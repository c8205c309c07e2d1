package dev.burnwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnwatch.host.EmbeddedSshServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --source} over SSH (a real SSH server on 127.0.0.1) follows the same rules as on
 * this machine: a named config dir must exist, {@code .../projects} stands for its config
 * dir, one of the default dirs is enough, and a saved host's own config dirs are the ones read.
 */
class SourcesOverSshTest {

    private static final Path CASES = Path.of(System.getProperty("burnwatch.fixtures"), "transcripts");

    @TempDir
    Path temp;

    private EmbeddedSshServer server;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        System.setProperty("burnwatch.home", temp.resolve("burnwatch").toString());
        server = EmbeddedSshServer.start(temp.resolve("server"));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        System.clearProperty("burnwatch.home");
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine commandLine = Cli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        if (!args[0].equals("hosts")) {
            all.addAll(List.of("--known-hosts", server.knownHostsFile().toString()));
        }
        if (String.join(" ", args).contains("ssh://") && !args[0].equals("hosts")) {
            all.addAll(List.of("--identity", server.clientKey().toString()));
        }
        if (args[0].equals("report")) {
            all.add("--no-cache");
        }
        return commandLine.execute(all.toArray(String[]::new));
    }

    private String host() {
        return "ssh://" + server.user() + "@127.0.0.1:" + server.port();
    }

    private void place(String fixture, Path configDir) throws IOException {
        Path source = CASES.resolve(fixture);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.sorted().toList()) {
                Path copy = configDir.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
    }

    private int apiCalls() throws IOException {
        return new ObjectMapper().readTree(out.toString()).at("/totals/apiCalls").asInt();
    }

    @Test
    void aRemoteConfigDirThatDoesNotExistIsBadInputNotAnEmptyReport() throws IOException {
        int status = run("report", "--source", host() + "/nonexistent", "--json");

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("/nonexistent", "does not exist", "127.0.0.1:" + server.port());
        JsonNode error = new ObjectMapper().readTree(out.toString()).get("error");
        assertThat(error.get("exitCode").asInt()).isEqualTo(ExitCode.BAD_INPUT);
    }

    @Test
    void aRemoteProjectsFolderStandsForItsConfigDirAsLocally() throws IOException {
        Path config = server.home().resolve("agent-claude");
        place("basic", config);

        int projects = run("report", "--source", host() + config + "/projects", "--json");
        int calls = apiCalls();
        int configDir = run("report", "--source", host() + config, "--json");

        assertThat(projects).as(err.toString()).isZero();
        assertThat(calls).isEqualTo(5);
        assertThat(configDir).isZero();
        assertThat(apiCalls()).isEqualTo(5);
    }

    @Test
    void aRemoteFolderWithoutProjectsIsNotAConfigDir() throws IOException {
        Files.createDirectories(server.home().resolve("empty"));

        int status = run("report", "--source", host() + "/~/empty");

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("projects/");
    }

    @Test
    void withNoDefaultConfigDirOnTheHostTheReportSaysSo() {
        int status = run("report", "--source", host());

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("no Claude config dir", server.home() + "/.claude");
    }

    @Test
    void oneOfTheDefaultConfigDirsOnTheHostIsEnough() throws IOException {
        place("basic", server.home().resolve(".config/claude"));

        int status = run("report", "--source", host(), "--json");

        assertThat(status).as(err.toString()).isZero();
        assertThat(apiCalls()).isEqualTo(5);
    }

    @Test
    void aSavedHostsOwnConfigDirsAreTheOnesRead() throws IOException {
        place("basic", server.home().resolve(".claude"));
        place("subagents", server.home().resolve("srv/agent"));
        assertThat(run("hosts", "add", "agent", host(), "--config-dir", "~/srv/agent", "--identity",
                server.clientKey().toString())).isZero();

        int saved = run("report", "--source", "agent", "--json");
        int savedCalls = apiCalls();
        int published = run("publish", "--source", "agent:", "--dry-run", "--json", "--region", "eu-west-1");

        assertThat(saved).as(err.toString()).isZero();
        assertThat(savedCalls).as("the subagents fixture's calls, not the defaults'").isEqualTo(4);
        assertThat(published).as(err.toString()).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).at("/hosts/0/sessionsSeen").asInt()).isEqualTo(1);
    }

    @Test
    void aSavedHostsConfigDirThatDoesNotExistIsBadInput() {
        assertThat(run("hosts", "add", "agent", host(), "--config-dir", "/srv/nowhere", "--identity",
                server.clientKey().toString())).isZero();

        int status = run("report", "--source", "agent:");

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("agent", "/srv/nowhere", "hosts add");
    }
}
