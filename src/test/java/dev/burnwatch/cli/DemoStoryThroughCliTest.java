package dev.burnwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnwatch.config.AppDirs;
import dev.burnwatch.demo.DemoHost;
import dev.burnwatch.demo.DemoOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands that 'burnwatch demo' suggests, run against the demo host in the story's order. */
class DemoStoryThroughCliTest {

    private static final String HAIKU = "claude-haiku-4-5-20251001";

    @TempDir
    Path home;

    private DemoHost demo;
    private DemoHost.Info info;

    @BeforeEach
    void startDemoHost() throws Exception {
        System.setProperty("burnwatch.home", home.toString());
        DemoOptions options = DemoOptions.defaults().withSpeed(300).withTurnPause(Duration.ofMillis(100))
                .withTaskInterval(Duration.ofMinutes(30)).withRestartDelay(Duration.ofMillis(300))
                .withPollInterval(Duration.ofMillis(100)).withTurns(40, 60).withHistoryDays(1);
        demo = DemoHost.start(new AppDirs(home, home), options);
        info = demo.info();
    }

    @AfterEach
    void stopDemoHost() {
        demo.stop();
        System.clearProperty("burnwatch.home");
    }

    private record Run(int status, String out, String err) {
    }

    private Run burnwatch(String... args) {
        List<String> line = new ArrayList<>(List.of(args));
        line.addAll(List.of("--identity", info.privateKey().toString(), "--known-hosts",
                info.knownHostsFile().toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Cli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(line.toArray(String[]::new));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void patchRestartAndVerifyProveTheCapOnTheDemoHost() throws Exception {
        Run check = burnwatch("verify", info.scriptUri(), "--max-turns", "30", "--model", HAIKU);

        Run patch = burnwatch("patch", info.scriptUri(), "--max-turns", "30", "--model", HAIKU, "--guard-exit",
                "--apply");
        Run restart = burnwatch("restart", info.sshUri(), "--unit", info.unit(), "--json");
        Run verify = burnwatch("verify", info.scriptUri(), "--max-turns", "30", "--model", HAIKU, "--watch",
                "--sessions", "2", "--timeout", "2m");

        assertThat(check.status()).as(check.err()).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(patch.status()).as(patch.err()).isZero();
        assertThat(Files.readString(Path.of(info.scriptPath()))).contains("--max-turns 30").contains(HAIKU);
        assertThat(patch.out()).contains("Next: restart the daemon's unit (burnwatch restart " + info.sshUri()
                + " --unit " + info.unit() + " --identity " + info.privateKey() + " --known-hosts "
                + info.knownHostsFile() + "), then burnwatch verify " + info.scriptUri());
        assertThat(restart.status()).as(restart.out() + restart.err()).isZero();
        JsonNode restarted = new ObjectMapper().readTree(restart.out());
        assertThat(Instant.parse(restarted.get("after").get("startedAt").asText()))
                .isAfter(Instant.parse(restarted.get("before").get("startedAt").asText()));
        assertThat(Instant.parse(restarted.get("restartedAt").asText())).isNotNull();
        assertThat(restarted.get("after").get("startedAtSystemd").asText()).matches("\\w{3} \\d{4}-.*");
        assertThat(verify.status()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("$ grep").contains("Proven in practice: ")
                .contains("30 turns, hit the cap of 30; on " + HAIKU);
    }
}
