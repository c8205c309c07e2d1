package dev.burnwatch.daemon.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily stop and the exit guard, run with real bash: a stand-in {@code date} first on PATH tells
 * the time the test sets, and a stand-in {@code claude} exits non-zero as a session stopped at its cap.
 */
class DailyStopAndExitGuardRunTest {

    private static final String MODEL = "claude-haiku-4-5";
    /** 2026-01-15 03:58:30 UTC. */
    private static final long BEFORE_STOP = Instant.parse("2026-01-15T03:58:30Z").getEpochSecond();

    @TempDir
    Path temp;

    @BeforeAll
    static void keepBurnwatchHomeInTemp(@TempDir Path home) {
        System.setProperty("burnwatch.home", home.toString());
    }

    private Path patchedDaemon(String hardStop, boolean guard) throws Exception {
        String original = Files.readString(FixtureScriptsPatchAndRunTest.fixtures().resolve("agent_daemon.sh"));
        PatchResult result = ScriptPatcher.patch(original, PatchSettings.of("30", MODEL, hardStop, null, guard));
        Path script = temp.resolve("agent_daemon.sh");
        Files.writeString(script, result.newText());
        return script;
    }

    @Test
    void dailyStopExitsAfterTheCurrentTaskWhenTheTaskRunsAcrossTheStopMinute() throws Exception {
        Path script = patchedDaemon("04:00", false);
        try (DaemonRun run = new DaemonRun(temp.resolve("run")).withFakeClock(BEFORE_STOP)) {
            run.queueTasks(3);

            // each session takes five minutes: no loop pass ever runs during 04:00-04:00:59
            run.start(script, Map.of("CLOCK_ADVANCE", "300"));
            Integer status = run.waitForExit(Duration.ofSeconds(20));

            assertThat(status).as("exited by itself; stderr: %s", run.stderrText()).isEqualTo(0);
            assertThat(run.doneCount()).as("the task that ran across 04:00 was finished and marked done").isEqualTo(1);
            assertThat(run.pendingCount()).isEqualTo(2);
            assertThat(run.stderrText()).contains("burnwatch: daily stop");
        }
    }

    @Test
    void dailyStopFiresWhenTheClockJumpsPastTheStopMinuteWhileTheDaemonIdles() throws Exception {
        Path script = patchedDaemon("04:00", false);
        try (DaemonRun run = new DaemonRun(temp.resolve("run")).withFakeClock(BEFORE_STOP)) {
            run.start(script, Map.of());
            Integer early = run.waitForExit(Duration.ofSeconds(3));

            run.setClock(BEFORE_STOP + 210);
            Integer status = run.waitForExit(Duration.ofSeconds(10));

            assertThat(early).as("still running before 04:00").isNull();
            assertThat(status).as("stopped once the clock passed 04:00:00 (now 04:02:00)").isEqualTo(0);
        }
    }

    @Test
    void aDaemonStartedAgainJustAfterItsStopRunsUntilTheNextDay() throws Exception {
        Path script = patchedDaemon("04:00", false);
        long restartedAt = Instant.parse("2026-01-15T04:00:05Z").getEpochSecond();
        try (DaemonRun run = new DaemonRun(temp.resolve("run")).withFakeClock(restartedAt)) {
            run.queueTasks(2);
            run.start(script, Map.of());

            boolean drained = run.waitUntilDrained(2, Duration.ofSeconds(20));
            Integer sameMinute = run.waitForExit(Duration.ofSeconds(3));
            run.setClock(Instant.parse("2026-01-16T03:59:59Z").getEpochSecond());
            Integer beforeNextStop = run.waitForExit(Duration.ofSeconds(3));
            run.setClock(Instant.parse("2026-01-16T04:00:00Z").getEpochSecond());
            Integer nextStop = run.waitForExit(Duration.ofSeconds(10));

            assertThat(drained).isTrue();
            assertThat(sameMinute).as("no second stop right after the restart").isNull();
            assertThat(beforeNextStop).isNull();
            assertThat(nextStop).as("stops again at 04:00 the next day").isEqualTo(0);
        }
    }

    @Test
    void withoutTheGuardACappedSessionEndsASetEDaemonBeforeItsTaskIsMarkedDone() throws Exception {
        Path script = patchedDaemon(null, false);
        try (DaemonRun run = new DaemonRun(temp.resolve("run"))) {
            run.queueTasks(1);

            run.start(script, Map.of("CLAUDE_EXIT", "1"));
            Integer status = run.waitForExit(Duration.ofSeconds(20));

            assertThat(status).as("set -e ends the daemon").isNotNull().isNotZero();
            assertThat(run.pendingCount()).as("the task stays queued and would run again").isEqualTo(1);
        }
    }

    @Test
    void theGuardKeepsASetEDaemonRunningAndMarksCappedTasksDone() throws Exception {
        Path script = patchedDaemon(null, true);
        try (DaemonRun run = new DaemonRun(temp.resolve("run"))) {
            run.queueTasks(3);

            run.start(script, Map.of("CLAUDE_EXIT", "1"));
            boolean drained = run.waitUntilDrained(3, Duration.ofSeconds(20));

            assertThat(drained).as("stderr: %s", run.stderrText()).isTrue();
            assertThat(run.isAlive()).isTrue();
            assertThat(run.calls()).hasSize(3);
            assertThat(run.stderrText()).contains("burnwatch guard: claude exited with status 1");
        }
    }

    @Test
    void theGuardLetsAnAndListMarkACappedTaskDone() throws Exception {
        String original = """
                #!/bin/bash
                while true; do
                  for task_file in "$QUEUE_DIR"/*.task; do
                    [[ -e $task_file ]] || continue
                    claude -p "$(cat "$task_file")" && mv "$task_file" "$task_file.done"
                  done
                  sleep "${POLL_SECONDS:-30}"
                done
                """;
        PatchResult result = ScriptPatcher.patch(original, PatchSettings.of("30", MODEL, null, null, true));
        Path script = temp.resolve("and-list.sh");
        Files.writeString(script, result.newText());
        try (DaemonRun run = new DaemonRun(temp.resolve("run"))) {
            run.queueTasks(2);

            run.start(script, Map.of("CLAUDE_EXIT", "1"));
            boolean drained = run.waitUntilDrained(2, Duration.ofSeconds(20));

            assertThat(result.before().calls().get(0).exitEffect()).isEqualTo(ExitEffect.SKIPS_MARK_DONE);
            assertThat(result.after().calls().get(0).exitEffect()).isEqualTo(ExitEffect.NONE);
            assertThat(drained).as("stderr: %s", run.stderrText()).isTrue();
        }
    }

    @Test
    void aModelIdWithBracketsIsQuotedSoTheShellCannotExpandItAsAPattern() throws Exception {
        String model = "claude-sonnet-4-5[1m]";
        Path fixture = FixtureScriptsPatchAndRunTest.fixtures().resolve("variants/01-json-output.sh");
        String original = Files.readString(fixture);
        PatchResult result = ScriptPatcher.patch(original, PatchSettings.of("30", model, null, null, false));
        Path script = temp.resolve("daemon.sh");
        Files.writeString(script, result.newText());
        try (DaemonRun run = new DaemonRun(temp.resolve("run"))) {
            // a file that the unquoted pattern claude-sonnet-4-5[1m] would match
            Files.writeString(run.dir.resolve("claude-sonnet-4-51"), "");
            run.queueTasks(1);

            run.start(script, Map.of());
            boolean drained = run.waitUntilDrained(1, Duration.ofSeconds(20));

            assertThat(drained).isTrue();
            List<DaemonRun.Call> calls = run.calls();
            assertThat(calls.get(0).effectiveModel()).isEqualTo(model);
            assertThat(calls.get(0).environmentModel()).isEqualTo(model);
        }
    }
}
