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
import java.time.Instant;
import java.util.List;
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
    void aSecondRollbackSaysTheFirstUndidTheChangeAndNamesTheOlderBackups() throws Exception {
        ChangeHistory history = new ChangeHistory(dir.resolve("home/history.sqlite"));
        ChangeWriter writer = new ChangeWriter(new LocalHost(), history);
        ChangeRecord first = writer.write(new SafeApply(new LocalHost()).read(script.toString()),
                "#!/bin/bash\nclaude --max-turns 30 \"$t\"\n", ChangeRecord.Kind.PATCH, "{}").record();
        Files.writeString(script, "#!/bin/bash\nclaude --max-turns 30 \"$t\" # edited by hand\n");
        ChangeRecord second = writer.write(new SafeApply(new LocalHost()).read(script.toString()),
                "#!/bin/bash\nclaude --max-turns 20 \"$t\"\n", ChangeRecord.Kind.PATCH, "{}").record();
        run("rollback", script.toString());

        int again = run("rollback", script.toString());

        assertThat(again).isEqualTo(ExitCode.CHECK_FAILED);
        String firstBackup = first.backupPath().substring(first.backupPath().lastIndexOf('/') + 1);
        assertThat(err.toString()).contains("is already rolled back: change #" + (second.id() + 1) + " rolled back #"
                + second.id(), "name an older backup with --to: " + firstBackup).doesNotContain("edited since");
        assertThat(Files.readString(script)).contains("# edited by hand");
    }

    @Test
    void aRollbackBackToTheFirstVersionSaysThereIsNoOlderBackup() throws Exception {
        ChangeHistory history = new ChangeHistory(dir.resolve("home/history.sqlite"));
        new ChangeWriter(new LocalHost(), history).write(new SafeApply(new LocalHost()).read(script.toString()),
                "#!/bin/bash\nclaude --max-turns 30 \"$t\"\n", ChangeRecord.Kind.PATCH, "{}");
        run("rollback", script.toString());

        int again = run("rollback", script.toString());

        assertThat(again).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(err.toString()).contains("change #2 rolled back #1", "There is no older backup",
                "To undo the rollback instead, name its backup with --to: agent_daemon.sh.burnwatch-");
    }

    @Test
    void rollingBackToABackupThatWasNeverRecordedIsBadInput() throws Exception {
        new ChangeWriter(new LocalHost(), new ChangeHistory(dir.resolve("home/history.sqlite"))).write(
                new SafeApply(new LocalHost()).read(script.toString()), "#!/bin/bash\nclaude --max-turns 30 \"$t\"\n",
                ChangeRecord.Kind.PATCH, "{}");

        int status = run("rollback", script.toString(), "--to", "/nonexistent.bak");

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("'/nonexistent.bak' is not a backup Burnwatch recorded");
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
    void historyFindsAHostWrittenAsItListsItOrByItsSavedNameWithoutConnecting() throws Exception {
        ChangeHistory history = new ChangeHistory(dir.resolve("home/history.sqlite"));
        history.record(new ChangeRecord(0, "root@127.0.0.1:40345", "/root/agent_daemon.sh", Instant.now(),
                ChangeRecord.Kind.PATCH, "{}", "", "/root/agent_daemon.sh.bak", "a", "b"));
        run("hosts", "add", "agent1", "ssh://root@127.0.0.1:40345");

        for (String host : List.of("root@127.0.0.1:40345", "root@127.0.0.1", "127.0.0.1:40345",
                "ssh://root@127.0.0.1:40345", "agent1")) {
            int status = run("history", host, "--json");

            assertThat(status).as(host + ": " + err).isZero();
            assertThat(new ObjectMapper().readTree(out.toString()).get("changes")).as(host).hasSize(1);
        }
    }

    @Test
    void historyOfAHostWithoutChangesOrOfNoHostAtAllListsTheHostsThatHaveSome() throws Exception {
        new ChangeHistory(dir.resolve("home/history.sqlite")).record(new ChangeRecord(0, "root@127.0.0.1:40345",
                "/root/agent_daemon.sh", Instant.now(), ChangeRecord.Kind.PATCH, "{}", "", null, "a", "b"));

        int otherHost = run("history", "foo@bar");
        String otherOut = out.toString();
        String otherErr = err.toString();
        int noHost = run("history", "nosuch");
        String noHostErr = err.toString();
        int path = run("history", "/root/agent_daemon.sh");

        assertThat(otherHost).isZero();
        assertThat(otherOut).contains("No changes recorded.");
        assertThat(otherErr).contains("No change is recorded for foo@bar",
                "Hosts with recorded changes: root@127.0.0.1:40345.");
        assertThat(noHost).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(noHostErr).contains("no saved host called 'nosuch'", "user@host:port as 'burnwatch history'",
                "Hosts with recorded changes: root@127.0.0.1:40345.");
        assertThat(path).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("'/root/agent_daemon.sh' names no host", "ssh://user@host[:port]");
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
    void restartTakesASavedHostsUnitAndWithoutOneAsksWhichUnit() {
        assertThat(run("hosts", "add", "box", "ssh://agent@127.0.0.1:1", "--unit", "agent-daemon")).isZero();

        int saved = run("restart", "box");
        String savedErr = err.toString();
        int none = run("restart", "local");

        assertThat(saved).as(savedErr).isEqualTo(ExitCode.HOST_UNREACHABLE);
        assertThat(none).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("Which unit? Name it with --unit UNIT");
    }

    @Test
    void aSavedHostStandsForItsSavedScript() {
        assertThat(run("hosts", "add", "box", "ssh://agent@127.0.0.1:1", "--script", "/home/agent/agent_daemon.sh"))
                .isZero();
        assertThat(run("hosts", "add", "bare", "ssh://agent@127.0.0.1:1")).isZero();

        int withScript = run("patch", "box", "--max-turns", "30", "--model", "claude-haiku-4-5");
        String withScriptErr = err.toString();
        int withoutScript = run("patch", "bare", "--max-turns", "30", "--model", "claude-haiku-4-5");

        assertThat(withScript).as("it goes on to connect: " + withScriptErr).isEqualTo(ExitCode.HOST_UNREACHABLE);
        assertThat(withoutScript).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("names no script");
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
    void patchWarnsAboutAnUnknownModelLikeReportDoes() {
        int status = run("patch", script.toString(), "--max-turns", "30", "--model", "claude-nosuch-9");

        assertThat(status).as(err.toString()).isZero();
        assertThat(err.toString()).startsWith("warning: claude-nosuch-9 is not a model Burnwatch knows")
                .doesNotContain("burnwatch: warning");
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
    void patchOfAMissingFileNamesItAsBadInputWithAHintForALocalPath() {
        String missing = dir.resolve("not-there.sh").toString();

        int status = run("patch", missing, "--max-turns", "30", "--model", "haiku");

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("There is no file " + missing + " on local")
                .contains("Check the path on this machine").contains("for a script on another host");
    }

    @Test
    void patchOfAFolderSaysItIsAFolderNotAScript() {
        int status = run("patch", dir.toString(), "--max-turns", "30", "--model", "haiku");

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains(dir + " on local is a folder, not a script")
                .doesNotContain("IOException");
    }

    @Test
    void patchShowsEachCallsFlagsAndTheScriptsCapPinAndStopBeforeAndAfter() throws Exception {
        Files.writeString(script, "#!/bin/bash\nwhile true; do\n  claude -p \"$t\" --output-format json || true\n"
                + "done\n");

        int text = run("patch", script.toString(), "--max-turns", "30", "--model", "claude-haiku-4-5",
                "--hard-stop", "04:00");
        String printed = out.toString();
        int json = run("patch", script.toString(), "--max-turns", "30", "--model", "claude-haiku-4-5",
                "--hard-stop", "04:00", "--json");
        JsonNode root = new ObjectMapper().readTree(out.toString());

        assertThat(text).as(err.toString()).isZero();
        assertThat(printed).contains("flags: -p --output-format json\n")
                .contains("script: cap none, pinned model none, daily stop none\n")
                .contains("flags: --max-turns 30 --model claude-haiku-4-5 -p --output-format json\n")
                .contains("script: cap 30 turns, pinned model claude-haiku-4-5, daily stop 04:00 UTC\n");
        assertThat(printed.indexOf("daily stop none")).isLessThan(printed.indexOf("+++ b/"));
        assertThat(json).isZero();
        assertThat(root.get("calls").get(0).get("flags")).extracting(flag -> flag.get("name").asText())
                .containsExactly("-p", "--output-format");
        assertThat(root.get("calls").get(0).get("flags").get(1).get("value").asText()).isEqualTo("json");
        assertThat(root.get("script").get("cap").isNull()).isTrue();
        assertThat(root.get("script").get("dailyStop").isNull()).isTrue();
        assertThat(root.get("callsAfter").get(0).get("flags")).extracting(flag -> flag.get("name").asText())
                .containsExactly("--max-turns", "--model", "-p", "--output-format");
        assertThat(root.get("scriptAfter").get("cap").asInt()).isEqualTo(30);
        assertThat(root.get("scriptAfter").get("model").asText()).isEqualTo("claude-haiku-4-5");
        assertThat(root.get("scriptAfter").get("dailyStop").asText()).isEqualTo("04:00");
    }

    @Test
    void aModelBurnwatchDoesNotKnowIsPinnedAsWrittenWithAWarning() throws Exception {
        int unknown = run("patch", script.toString(), "--max-turns", "30", "--model", "claude-nova-9-20270101",
                "--json");
        String unknownErr = err.toString();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        int upper = run("patch", script.toString(), "--max-turns", "30", "--model", "CLAUDE-HAIKU-4-5");
        String upperErr = err.toString();
        String upperOut = out.toString();
        int other = run("patch", script.toString(), "--max-turns", "30", "--model", "gpt-4");
        int known = run("patch", script.toString(), "--max-turns", "30", "--model", "haiku");

        assertThat(unknown).isZero();
        assertThat(unknownErr).contains("warning: claude-nova-9-20270101 is not a model Burnwatch knows: check"
                + " the id; the pin is applied as written");
        assertThat(json.get("warnings")).hasSize(1);
        assertThat(json.get("diff").asText()).contains("--model claude-nova-9-20270101");
        assertThat(upper).isZero();
        assertThat(upperErr).contains("Model ids are lower case").contains("claude-haiku-4-5");
        assertThat(upperOut).contains("--model CLAUDE-HAIKU-4-5");
        assertThat(other).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(known).isZero();
    }

    @Test
    void aGuardThatIsNotNeededIsSaidSoAndReportedInJson() throws Exception {
        Files.writeString(script, "#!/bin/bash\nwhile true; do\n  claude -p \"$t\" || true\ndone\n");

        int text = run("patch", script.toString(), "--max-turns", "30", "--model", "haiku", "--guard-exit");
        String printed = out.toString();
        int json = run("patch", script.toString(), "--max-turns", "30", "--model", "haiku", "--guard-exit",
                "--json");
        JsonNode root = new ObjectMapper().readTree(out.toString());

        assertThat(text).isZero();
        assertThat(printed).contains("--guard-exit: no guard needed: ").doesNotContain("burnwatch guard:");
        assertThat(json).isZero();
        assertThat(root.get("settings").get("guardExit").asBoolean()).isTrue();
        assertThat(root.get("guardAdded").asBoolean()).isFalse();
        assertThat(root.get("guardReason").asText()).startsWith("no guard needed: ");
    }

    @Test
    void aGuardThatIsNeededIsAddedAndReportedInJson() throws Exception {
        Files.copy(Path.of(System.getProperty("burnwatch.fixtures"), "daemon", "agent_daemon.sh"), script,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        int status = run("patch", script.toString(), "--max-turns", "30", "--model", "haiku", "--guard-exit",
                "--json");
        JsonNode root = new ObjectMapper().readTree(out.toString());

        assertThat(status).isZero();
        assertThat(root.get("guardAdded").asBoolean()).isTrue();
        assertThat(root.get("guardReason").isNull()).isTrue();
    }

    @Test
    void aTurnCapFarTooLargeGetsTheRangeMessageAndEmptyValuesAreRefused() {
        int huge = run("patch", script.toString(), "--max-turns", "1000000000", "--model", "haiku");
        String hugeErr = err.toString();
        int emptyStop = run("patch", script.toString(), "--max-turns", "30", "--model", "haiku", "--hard-stop", "");
        String emptyStopErr = err.toString();
        int emptyBudget = run("patch", script.toString(), "--max-turns", "30", "--model", "haiku",
                "--max-budget-usd", " ");

        assertThat(huge).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(hugeErr).contains("--max-turns must be between 1 and 1000, got 1000000000")
                .doesNotContain("plain whole number");
        assertThat(emptyStop).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(emptyStopErr).contains("--hard-stop").contains("empty value");
        assertThat(emptyBudget).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("--max-budget-usd").contains("empty value");
    }

    @Test
    void patchApplyRefusesBeforeWritingWhenTheChangeCouldNotBeRecorded() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("home-is-a-file"), "");
        System.setProperty("burnwatch.home", notAFolder.resolve("burnwatch").toString());
        String before = Files.readString(script);

        int status = run("patch", script.toString(), "--max-turns", "30", "--model", "haiku", "--apply");

        assertThat(status).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(err.toString()).contains("Cannot record the change in Burnwatch's history")
                .contains(notAFolder + " is a file, not a folder").contains("nothing was changed")
                .doesNotContain("is in place");
        assertThat(Files.readString(script)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("agent_daemon.sh", "home-is-a-file");
        }
    }

    @Test
    void aScriptThatIsAlreadyInvalidIsNotBlamedOnThePatch() throws Exception {
        Files.writeString(script, "#!/bin/bash\nwhile true; do\n  claude -p x\n  if then\ndone\n");

        int check = run("patch", script.toString(), "--max-turns", "30", "--model", "haiku");
        String checkErr = err.toString();
        int apply = run("patch", script.toString(), "--max-turns", "30", "--model", "haiku", "--apply");

        assertThat(check).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(checkErr).contains(script + " on local is already not valid bash")
                .contains("will not patch it").contains("line 4").doesNotContain("rejected the new version");
        assertThat(apply).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(Files.readString(script)).contains("  claude -p x\n");
    }

    @Test
    void verifyFailsAScriptWithACallItCannotSee() throws Exception {
        Files.writeString(script, "#!/bin/bash\nexport ANTHROPIC_MODEL=claude-haiku-4-5\n"
                + "claude --max-turns 30 --model claude-haiku-4-5 -p a\n$(which claude) -p b\n");

        int status = run("verify", script.toString(), "--max-turns", "30", "--model", "claude-haiku-4-5");

        assertThat(status).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(out.toString()).containsPattern("line 3 +pass")
                .contains("FAIL  Line 4 seems to run claude").contains("cannot be proven capped");
    }

    @Test
    void historyColumnsStayAlignedWithLongPaths() throws Exception {
        ChangeHistory history = new ChangeHistory(dir.resolve("home/history.sqlite"));
        Path deep = Files.createDirectories(dir.resolve("a/very/long/folder/name/that/goes/on/and/on/for/ever"))
                .resolve("agent_daemon.sh");
        Files.writeString(deep, "#!/bin/bash\nclaude \"$t\"\n");
        new ChangeWriter(new LocalHost(), history).write(new SafeApply(new LocalHost()).read(script.toString()),
                "#!/bin/bash\nclaude --max-turns 30 \"$t\"\n", ChangeRecord.Kind.PATCH, "{\"maxTurns\":30}");
        new ChangeWriter(new LocalHost(), history).write(new SafeApply(new LocalHost()).read(deep.toString()),
                "#!/bin/bash\nclaude --max-turns 30 \"$t\"\n", ChangeRecord.Kind.PATCH, "{\"maxTurns\":30}");

        int status = run("history");

        assertThat(status).isZero();
        List<String> rows = out.toString().lines().filter(line -> !line.strip().startsWith("settings")).toList();
        assertThat(rows).hasSize(3);
        int backupColumn = rows.get(0).indexOf("backup");
        assertThat(rows.get(1).indexOf(script.toString() + ".burnwatch-")).isEqualTo(backupColumn);
        assertThat(rows.get(2).indexOf(deep.toString() + ".burnwatch-")).isEqualTo(backupColumn);
        assertThat(rows.get(0).indexOf("path")).isEqualTo(rows.get(1).indexOf(script.toString()));
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
