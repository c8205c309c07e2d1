package dev.burnwatch.daemon.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every daemon script in the shared fixtures, patched and then run with real bash against a
 * temporary queue: every call the stand-in CLI sees carries the cap exactly once and runs on the
 * pinned model, and the file changed only where a patch may change it.
 */
class FixtureScriptsPatchAndRunTest {

    private static final String MODEL = "claude-haiku-4-5";
    private static final int TASKS = 3;

    @TempDir
    Path temp;

    @BeforeAll
    static void keepBurnwatchHomeInTemp(@TempDir Path home) {
        System.setProperty("burnwatch.home", home.toString());
    }

    static Path fixtures() {
        return Path.of(System.getProperty("burnwatch.fixtures", "../shared/fixtures"), "daemon");
    }

    static List<Path> fixtureScripts() throws IOException {
        List<Path> scripts = new ArrayList<>();
        scripts.add(fixtures().resolve("agent_daemon.sh"));
        try (Stream<Path> variants = Files.list(fixtures().resolve("variants"))) {
            variants.filter(file -> file.toString().endsWith(".sh")).sorted().forEach(scripts::add);
        }
        return scripts;
    }

    /** Each fixture as it is, with every combination of guard and daily stop. */
    static Stream<Arguments> fixturesWithOptions() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (Path script : fixtureScripts()) {
            String text = Files.readString(script);
            for (boolean guard : new boolean[] {false, true}) {
                for (boolean stop : new boolean[] {false, true}) {
                    cases.add(Arguments.of(script.getFileName().toString(), text, guard, stop));
                }
            }
        }
        return cases.stream();
    }

    /** Each fixture rewritten with tab indentation, and again without its final newline. */
    static Stream<Arguments> reshapedFixtures() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (Path script : fixtureScripts()) {
            String text = Files.readString(script);
            String name = script.getFileName().toString();
            cases.add(Arguments.of(name + " (tabs)", withTabs(text), true, true));
            cases.add(Arguments.of(name + " (no final newline)", text.substring(0, text.length() - 1), true, true));
        }
        return cases.stream();
    }

    /** Every two leading spaces become one tab. */
    static String withTabs(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : PatchedTextCheck.lines(text)) {
            int spaces = 0;
            while (spaces < line.length() && line.charAt(spaces) == ' ') {
                spaces++;
            }
            out.append("\t".repeat(spaces / 2)).append(line.substring(spaces / 2 * 2));
        }
        return out.toString();
    }

    @ParameterizedTest(name = "{0} guard={2} stop={3}")
    @MethodSource("fixturesWithOptions")
    void patchedFixtureRunsEveryCallCappedOnThePinnedModel(String name, String original, boolean guard,
            boolean stop) throws Exception {
        patchRunAndCheck(name, original, guard, stop);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reshapedFixtures")
    void patchKeepsIndentationAndAMissingFinalNewline(String name, String original, boolean guard, boolean stop)
            throws Exception {
        patchRunAndCheck(name, original, guard, stop);
    }

    @org.junit.jupiter.api.Test
    void mentionsInTheMentionsFixtureStayAsTheyWereAndRunAsBefore() throws Exception {
        String original = Files.readString(fixtures().resolve("variants/03-mentions.sh"));
        PatchSettings settings = PatchSettings.of("30", MODEL, null, null, true);
        Path script = temp.resolve("03-mentions.sh");

        PatchResult result = ScriptPatcher.patch(original, settings);
        Files.writeString(script, result.newText());

        List<String> mentions = original.lines()
                .filter(line -> line.contains("marker-") || line.startsWith("# claude") || line.equals("NOTICE"))
                .toList();
        assertThat(mentions).hasSize(5);
        for (String mention : mentions) {
            assertThat(result.newText()).contains(mention + "\n");
        }
        assertThat(result.changes()).hasSize(2);
        try (DaemonRun run = new DaemonRun(temp.resolve("run"))) {
            run.queueTasks(2);

            run.start(script, Map.of());
            boolean drained = run.waitUntilDrained(2, Duration.ofSeconds(20));

            assertThat(drained).isTrue();
            assertThat(run.calls()).as("only the real call ran, once per task").hasSize(2);
            assertThat(Files.readString(run.dir.resolve("tmp/agent_notice.txt")))
                    .isEqualTo("claude --help is where the flags are documented (marker-heredoc)\n");
            assertThat(Files.readString(run.log)).isEqualTo("claude sessions start now (marker-echo)\n");
        }
    }

    private void patchRunAndCheck(String name, String original, boolean guard, boolean stop) throws Exception {
        String hardStop = stop ? LocalTime.now(ZoneOffset.UTC).plusHours(12).withSecond(0).withNano(0).toString()
                : null;
        PatchSettings settings = PatchSettings.of("30", MODEL, hardStop, null, guard);
        Path script = temp.resolve("daemon.sh");

        PatchResult result = ScriptPatcher.patch(original, settings);
        Files.writeString(script, result.newText(), StandardCharsets.UTF_8);

        assertThat(result.changed()).isTrue();
        assertThat(DaemonRun.bashSyntaxCheck(script)).as("bash -n of patched %s", name).isZero();
        PatchedTextCheck.assertOnlyIntendedChanges(original, result.newText(), settings);
        PatchResult again = ScriptPatcher.patch(result.newText(), settings);
        assertThat(again.changed()).as("patching twice changes nothing").isFalse();
        assertThat(again.newText()).isEqualTo(result.newText());
        assertThat(again.changes()).isEmpty();
        assertThat(result.after().turnCap()).contains(30);
        assertThat(result.after().pinnedModel()).contains(MODEL);

        // a capped session exits non-zero; with the guard every script must still drain its queue
        String exitCode = guard ? "1" : "0";
        try (DaemonRun run = new DaemonRun(temp.resolve("run"))) {
            run.queueTasks(TASKS);
            run.start(script, Map.of("CLAUDE_EXIT", exitCode));

            boolean drained = run.waitUntilDrained(TASKS, Duration.ofSeconds(20));

            assertThat(drained).as("queue drained; stderr: %s", run.stderrText()).isTrue();
            List<DaemonRun.Call> calls = run.calls();
            assertThat(calls).hasSize(TASKS);
            for (DaemonRun.Call call : calls) {
                assertThat(call.count("--max-turns")).as("--max-turns in %s", call.arguments()).isEqualTo(1);
                assertThat(call.value("--max-turns")).isEqualTo("30");
                assertThat(call.effectiveModel()).isEqualTo(MODEL);
                assertThat(call.environmentModel()).as("the exported pin reaches the CLI").isEqualTo(MODEL);
            }
            assertThat(run.isAlive()).as("the daemon keeps polling").isTrue();
        }
    }
}
