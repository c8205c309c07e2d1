package dev.burnwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnwatch.daemon.ChangeHistory;
import dev.burnwatch.daemon.ChangeRecord;
import dev.burnwatch.daemon.ChangeWriter;
import dev.burnwatch.daemon.SafeApply;
import dev.burnwatch.host.LocalHost;
import dev.burnwatch.host.Location;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** history, rollback and restart as an operator runs them. */
class DaemonCommandsTest {

    @TempDir
    Path dir;

    private StringWriter out;
    private StringWriter err;
    private Path script;

    @BeforeEach
    void arrange() throws Exception {
        System.setProperty("burnwatch.home", dir.resolve("home").toString());
        script = dir.resolve("agent_daemon.sh");
        Files.writeString(script, "#!/bin/bash\nclaude \"$t\"\n");
    }

    @AfterEach
    void forgetHome() {
        System.clearProperty("burnwatch.home");
    }

    @Test
    void historyListsARecordedPatchAndRollbackUndoesIt() throws Exception {
        ChangeHistory history = new ChangeHistory(dir.resolve("home/history.sqlite"));
        new ChangeWriter(new LocalHost(), history).write(new SafeApply(new LocalHost()).read(script.toString()),
                "#!/bin/bash\nclaude --max-turns 30 \"$t\"\n", ChangeRecord.Kind.PATCH, "{\"maxTurns\":30}");

        int rolledBack = run("rollback", script.toString());
        String rollbackOut = out.toString();
        int listed = run("history", "local", "--json");

        assertThat(rolledBack).isZero();
        assertThat(rollbackOut).contains("Restored ").contains("-claude --max-turns 30");
        assertThat(Files.readString(script)).isEqualTo("#!/bin/bash\nclaude \"$t\"\n");
        assertThat(listed).isZero();
        JsonNode changes = new ObjectMapper().readTree(out.toString()).get("changes");
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0).get("kind").asText()).isEqualTo("patch");
        assertThat(changes.get(0).get("settings").get("maxTurns").asInt()).isEqualTo(30);
        assertThat(changes.get(1).get("kind").asText()).isEqualTo("rollback");
        assertThat(changes.get(1).get("host").asText()).isEqualTo("local");
    }

    @Test
    void rollingBackWithNothingRecordedIsRefusedWithExitOne() throws Exception {
        int status = run("rollback", script.toString());

        assertThat(status).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(err.toString()).contains("nothing to roll back");
    }

    @Test
    void historyOfAnotherHostIsEmpty() throws Exception {
        int status = run("history", "ssh://ubuntu@10.9.9.9:22");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("No changes recorded.");
    }

    @Test
    void aHostArgumentMatchesRecordedIdsByTheGivenParts() {
        assertThat(HistoryCommand.sameHost(Location.parse("ssh://ubuntu@127.0.0.1:2402"), "ubuntu@127.0.0.1:2402"))
                .isTrue();
        assertThat(HistoryCommand.sameHost(Location.parse("ssh://127.0.0.1"), "ubuntu@127.0.0.1:2402")).isTrue();
        assertThat(HistoryCommand.sameHost(Location.parse("ssh://root@127.0.0.1"), "ubuntu@127.0.0.1:2402"))
                .isFalse();
        assertThat(HistoryCommand.sameHost(Location.parse("local"), "ubuntu@127.0.0.1:2402")).isFalse();
    }

    @Test
    void restartRefusesAUnitNameThatIsNotOneAsBadInput() {
        int status = run("restart", "local", "--unit", "agent; reboot");

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("not a systemd unit name");
    }

    @Test
    void patchWithoutApplyShowsTheDiffAndFindingsAndWritesNothing() throws Exception {
        Path fixture = Path.of(System.getProperty("burnwatch.fixtures"), "daemon", "agent_daemon.sh");
        Files.copy(fixture, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        int status = run("patch", script.toString(), "--max-turns", "30", "--model", "claude-haiku-4-5");

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("+++ b/agent_daemon.sh").contains("--max-turns 30")
                .contains("Check mode: nothing was written");
        assertThat(Files.readString(script)).isEqualTo(Files.readString(fixture));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("history.sqlite")
                    .noneMatch(name -> name.endsWith(".bak"));
        }
    }

    @Test
    void patchApplyWritesABackupAndARecordAndASecondApplyIsUnchanged() throws Exception {
        Files.copy(Path.of(System.getProperty("burnwatch.fixtures"), "daemon", "agent_daemon.sh"), script,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        int first = run("patch", script.toString(), "--max-turns", "30", "--model", "claude-haiku-4-5",
                "--guard-exit", "--apply");
        String firstOut = out.toString();
        int second = run("patch", script.toString(), "--max-turns", "30", "--model", "claude-haiku-4-5",
                "--guard-exit", "--apply", "--json");

        assertThat(first).as(err.toString()).isZero();
        assertThat(firstOut).containsPattern("Backup: \\S+agent_daemon\\.sh\\.burnwatch-\\d{8}T\\d{6}Z\\.bak");
        assertThat(second).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("changed").asBoolean()).isFalse();
        assertThat(json.get("applied").asBoolean()).isFalse();
        assertThat(new ChangeHistory(dir.resolve("home/history.sqlite")).list(null)).hasSize(1);
        assertThat(run("verify", script.toString(), "--max-turns", "30", "--model", "claude-haiku-4-5")).isZero();
    }

    @Test
    void patchRefusesHostileValuesBeforeAnythingRuns() {
        String missing = dir.resolve("not-there.sh").toString();
        for (String turns : new String[] {"30; rm -rf ~", "-1", "0", "1e9"}) {
            assertThat(run("patch", missing, "--max-turns", turns, "--model", "haiku", "--apply"))
                    .as(turns).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(err.toString()).contains("--max-turns");
        }
        for (String model : new String[] {"claude haiku", "$(reboot)", "`id`", "haiku'"}) {
            assertThat(run("patch", missing, "--max-turns", "30", "--model", model, "--apply"))
                    .as(model).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(err.toString()).contains("--model");
        }
    }

    @Test
    void patchOfAMissingFileNamesIt() {
        String missing = dir.resolve("not-there.sh").toString();

        int status = run("patch", missing, "--max-turns", "30", "--model", "haiku");

        assertThat(status).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(err.toString()).contains(missing);
    }

    @Test
    void verifyPassesACappedPinnedScriptAndShowsTheGrepCommands() throws Exception {
        Files.writeString(script, "#!/bin/bash\nexport ANTHROPIC_MODEL=claude-haiku-4-5\n"
                + "claude --max-turns 30 \"$t\" || true\n");

        int status = run("verify", script.toString(), "--max-turns", "30", "--model", "claude-haiku-4-5");

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("$ grep -n -- '--max-turns' " + script)
                .contains("3:claude --max-turns 30")
                .contains("$ grep -n 'ANTHROPIC_MODEL\\|--model' " + script)
                .contains("2:export ANTHROPIC_MODEL=claude-haiku-4-5")
                .containsPattern("line 3 +pass");
    }

    @Test
    void verifyFailsAnUncappedScriptWithExitOneAndJson() throws Exception {
        int status = run("verify", script.toString(), "--max-turns", "30", "--model", "claude-haiku-4-5", "--json");

        assertThat(status).isEqualTo(ExitCode.CHECK_FAILED);
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(report.get("passed").asBoolean()).isFalse();
        assertThat(report.get("calls").get(0).get("cap").asText()).isEqualTo("no --max-turns");
        assertThat(report.get("greps").get("cap").get("lines")).isEmpty();
    }

    @Test
    void verifyRefusesHostileValuesAsBadInputBeforeReadingAnything() {
        assertThat(run("verify", script.toString(), "--max-turns", "30; rm -rf ~", "--model", "haiku"))
                .isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run("verify", script.toString(), "--max-turns", "30", "--model", "$(reboot)"))
                .isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run("verify", script.toString(), "--max-turns", "30", "--model", "haiku", "--watch",
                "--timeout", "soon")).isEqualTo(ExitCode.BAD_INPUT);
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine commandLine = Cli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
