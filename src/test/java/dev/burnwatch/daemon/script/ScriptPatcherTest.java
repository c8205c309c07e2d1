package dev.burnwatch.daemon.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnwatch.BadInputException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Exactly what a patch writes, for the forms a call takes. */
class ScriptPatcherTest {

    private static final PatchSettings HAIKU_30 = PatchSettings.of("30", "claude-haiku-4-5", null, null, false);
    private static final PatchSettings GUARDED = PatchSettings.of("30", "claude-haiku-4-5", null, null, true);
    private static final String FLAGS = " --max-turns 30 --model claude-haiku-4-5";
    private static final String EXPORT = "export ANTHROPIC_MODEL=claude-haiku-4-5\n";

    @Test
    void wrappedCallsGetTheFlagsRightAfterTheBinary() {
        String script = """
                #!/bin/bash
                set -u
                timeout 300 claude -p "$a"
                sudo -u agent claude -p "$b"
                CLAUDE_BIN=/usr/local/bin/claude
                "$CLAUDE_BIN" -p "$c" >> "$LOG" 2>&1
                nohup ~/.local/bin/claude -p d &
                """;

        PatchResult result = ScriptPatcher.patch(script, HAIKU_30);

        assertThat(result.newText()).isEqualTo("""
                #!/bin/bash
                set -u
                %stimeout 300 claude%s -p "$a"
                sudo -u agent claude%s -p "$b"
                CLAUDE_BIN=/usr/local/bin/claude
                "$CLAUDE_BIN"%s -p "$c" >> "$LOG" 2>&1
                nohup ~/.local/bin/claude%s -p d &
                """.formatted(EXPORT, FLAGS, FLAGS, FLAGS, FLAGS));
        assertThat(result.after().calls()).extracting(ClaudeCall::effectiveModelText)
                .containsOnly("claude-haiku-4-5 (--model flag)");
    }

    @Test
    void thePinGoesAfterLeadingSetAndSourceLinesAndACommandHeldInAVariableIsPatched() {
        String script = """
                #!/bin/bash
                set -e
                source /etc/agent.env
                CLAUDE="claude --verbose"
                $CLAUDE -p x
                """;

        PatchResult result = ScriptPatcher.patch(script, HAIKU_30);

        assertThat(result.newText()).isEqualTo("""
                #!/bin/bash
                set -e
                source /etc/agent.env
                %sCLAUDE="claude --verbose"
                $CLAUDE%s -p x
                """.formatted(EXPORT, FLAGS));
        assertThat(result.after().calls().get(0).satisfies(30, "claude-haiku-4-5")).isTrue();
        assertThat(result.before().calls().get(0).satisfies(30, "claude-haiku-4-5")).isFalse();
    }

    @Test
    void aFunctionNamedClaudeIsPatchedInsideNotAtItsCallers() {
        String script = """
                claude() {
                  command claude --output-format json "$@"
                }
                claude -p x
                timeout 60 claude -p y
                """;

        PatchResult result = ScriptPatcher.patch(script, HAIKU_30);

        assertThat(result.newText()).isEqualTo(EXPORT + """
                claude() {
                  command claude%s --output-format json "$@"
                }
                claude -p x
                timeout 60 claude%s -p y
                """.formatted(FLAGS, FLAGS));
    }

    @Test
    void aBinaryHeldInAnArrayIsPatchedAndItsHiddenFlagsAreWarnedAbout() {
        String script = """
                cmd=(claude --output-format json)
                "${cmd[@]}" -p x
                """;

        PatchResult result = ScriptPatcher.patch(script, HAIKU_30);

        assertThat(result.newText()).isEqualTo(EXPORT + """
                cmd=(claude --output-format json)
                "${cmd[@]}"%s -p x
                """.formatted(FLAGS));
        assertThat(result.before().findings()).filteredOn(f -> f.code().equals("arguments-from-variable"))
                .extracting(Finding::line).containsExactly(2);
        assertThat(result.after().calls()).extracting(ClaudeCall::line).containsExactly(3);
    }

    @Test
    void aContinuationRightAfterTheBinaryStaysWhereItWas() {
        String script = "claude\\\n  -p x\n";

        PatchResult result = ScriptPatcher.patch(script, HAIKU_30);

        assertThat(result.before().calls().get(0).command()).isEqualTo("claude");
        assertThat(result.newText()).isEqualTo(EXPORT + "claude" + FLAGS + "\\\n  -p x\n");
    }

    @Test
    void existingCapsAndModelsAreRewrittenAndRepeatsRemoved() {
        String script = """
                claude --max-turns=100 -p a --model=opus
                claude --max-turns 5 -p b --max-turns 9 --model "$MODEL"
                ANTHROPIC_MODEL=claude-opus-4-1 claude --max-turns "$TURNS" -p c
                """;

        PatchResult result = ScriptPatcher.patch(script, HAIKU_30);

        assertThat(result.newText()).isEqualTo(EXPORT + """
                claude --max-turns=30 -p a --model=claude-haiku-4-5
                claude --max-turns 30 -p b --model claude-haiku-4-5
                ANTHROPIC_MODEL=claude-opus-4-1 claude --model claude-haiku-4-5 --max-turns 30 -p c
                """);
        assertThat(result.changes()).contains("line 2: removed the repeated --max-turns 9",
                "line 1: --max-turns=100 -> --max-turns=30", "line 2: --model \"$MODEL\" -> claude-haiku-4-5");
    }

    @Test
    void aRemovedRepeatLeavesNoStrayBlank() {
        String script = """
                x=$(claude -p g --max-turns 5 --max-turns 7)
                claude --max-turns 5 --max-turns=7 -p h
                claude \\
                  --max-turns 5 \\
                  --max-turns 7 \\
                  -p i
                claude --max-turns 5 \\
                  --max-turns 7
                """;

        PatchResult result = ScriptPatcher.patch(script, HAIKU_30);

        assertThat(result.newText()).isEqualTo(EXPORT + """
                x=$(claude --model claude-haiku-4-5 -p g --max-turns 30)
                claude --model claude-haiku-4-5 --max-turns 30 -p h
                claude --model claude-haiku-4-5 \\
                  --max-turns 30 \\
                  -p i
                claude --model claude-haiku-4-5 --max-turns 30
                """);
        PatchedTextCheck.assertOnlyIntendedChanges(script, result.newText(), HAIKU_30);
    }

    @Test
    void coprocessesFindExecsAndDefaultedBinariesGetTheFlagsAfterTheBinary() {
        String script = """
                coproc claude -p a
                find "$Q" -exec claude -p {} \\; -print
                find . -execdir claude -p {} +
                "${CLAUDE_BIN:-claude}" -p c
                ${VAR-claude} -p d
                """;

        PatchResult result = ScriptPatcher.patch(script, HAIKU_30);

        assertThat(result.newText()).isEqualTo(EXPORT + """
                coproc claude%s -p a
                find "$Q" -exec claude%s -p {} \\; -print
                find . -execdir claude%s -p {} +
                "${CLAUDE_BIN:-claude}"%s -p c
                ${VAR-claude}%s -p d
                """.formatted(FLAGS, FLAGS, FLAGS, FLAGS, FLAGS));
        assertThat(result.after().sessionCalls()).allMatch(call -> call.satisfies(30, "claude-haiku-4-5"));
        PatchedTextCheck.assertOnlyIntendedChanges(script, result.newText(), HAIKU_30);
    }

    @Test
    void callsInSubstitutionsFunctionsAndConditionsArePatchedAndMentionsAreNot() {
        String script = """
                #!/bin/bash
                # claude -p "a comment"
                run() {
                  claude -p "$1"
                }
                echo "claude -p in a string"
                out=$(claude -p x | tee f)
                if ! claude -p y; then echo failed; fi
                cat <<EOF
                claude -p in a here-document
                EOF
                """;

        PatchResult result = ScriptPatcher.patch(script, HAIKU_30);

        assertThat(result.newText()).isEqualTo("""
                #!/bin/bash
                # claude -p "a comment"
                %srun() {
                  claude%s -p "$1"
                }
                echo "claude -p in a string"
                out=$(claude%s -p x | tee f)
                if ! claude%s -p y; then echo failed; fi
                cat <<EOF
                claude -p in a here-document
                EOF
                """.formatted(EXPORT, FLAGS, FLAGS, FLAGS));
    }

    @Test
    void anExistingExportIsRewrittenInPlace() {
        String script = """
                #!/bin/bash
                export ANTHROPIC_MODEL="${ANTHROPIC_MODEL:-claude-sonnet-4-20250514}"
                claude -p x
                """;

        PatchResult result = ScriptPatcher.patch(script, HAIKU_30);

        assertThat(result.newText()).isEqualTo("""
                #!/bin/bash
                export ANTHROPIC_MODEL=claude-haiku-4-5
                claude%s -p x
                """.formatted(FLAGS));
    }

    @Test
    void theGuardGoesAfterTheStatementWhoseStatusTheShellActsOn() {
        String script = """
                set -eo pipefail
                for f in q/*.task; do
                  out=$(claude -p x | tee f)
                  claude -p "$f" >> "$LOG" # the session
                  claude -p again && mv "$f" "$f.done"
                  claude -p tolerated || true
                done
                """;

        PatchResult result = ScriptPatcher.patch(script, GUARDED);

        String guard = ScriptPatcher.GUARD;
        assertThat(result.newText()).isEqualTo("""
                set -eo pipefail
                %sfor f in q/*.task; do
                  out=$(claude%s -p x | tee f)%s
                  claude%s -p "$f" >> "$LOG"%s # the session
                  claude%s -p again%s && mv "$f" "$f.done"
                  claude%s -p tolerated || true
                done
                """.formatted(EXPORT, FLAGS, guard, FLAGS, guard, FLAGS, guard, FLAGS));
        assertThat(result.after().calls()).extracting(ClaudeCall::exitEffect).containsOnly(ExitEffect.NONE);
    }

    @Test
    void aGuardAskedForButNotNeededIsSaidSo() {
        String handled = "#!/bin/bash\nwhile true; do\n  claude -p x || true\ndone\n";
        String underSetE = "#!/bin/bash\nset -e\nwhile true; do\n  claude -p x\ndone\n";

        PatchResult notNeeded = ScriptPatcher.patch(handled, GUARDED);
        PatchResult added = ScriptPatcher.patch(underSetE, GUARDED);
        PatchResult again = ScriptPatcher.patch(added.newText(), GUARDED);
        PatchResult unasked = ScriptPatcher.patch(underSetE, HAIKU_30);

        assertThat(notNeeded.guardAdded()).isFalse();
        assertThat(notNeeded.guardReason()).startsWith("no guard needed: ").contains("set -e");
        assertThat(notNeeded.newText()).doesNotContain("burnwatch guard");
        assertThat(added.guardAdded()).isTrue();
        assertThat(added.guardReason()).isNull();
        assertThat(again.guardAdded()).isFalse();
        assertThat(again.guardReason()).startsWith("no guard needed: ").contains("already guarded");
        assertThat(unasked.guardAdded()).isFalse();
        assertThat(unasked.guardReason()).isNull();
    }

    @Test
    void theGuardIsNeverAddedUnasked() throws Exception {
        String script = Files.readString(FixtureScriptsPatchAndRunTest.fixtures().resolve("agent_daemon.sh"));

        PatchResult result = ScriptPatcher.patch(script, HAIKU_30);

        assertThat(result.newText()).doesNotContain("burnwatch guard");
        assertThat(result.after().findings()).extracting(Finding::code).contains("exit-ends-loop");
    }

    @Test
    void anIfConditionThatMarksTheTaskDoneIsLeftAsItIsAndSaidSo() {
        String script = """
                for f in q/*.task; do
                  if claude -p x; then mv "$f" "$f.done"; fi
                done
                """;

        PatchResult result = ScriptPatcher.patch(script, GUARDED);

        assertThat(result.newText()).doesNotContain("burnwatch guard");
        assertThat(result.changes()).anyMatch(change -> change.startsWith("line 2: left unguarded"));
    }

    @Test
    void theDailyStopIsCheckedInTheLoopsAroundTheCallEvenThroughAFunction() {
        String script = """
                #!/bin/bash
                run_task() {
                \tclaude -p "$1"
                }
                while true; do
                \tfor f in q/*.task; do run_task "$f"; done
                \tsleep 5
                done""";
        PatchSettings settings = PatchSettings.of("30", "claude-haiku-4-5", "23:59", null, false);

        PatchResult result = ScriptPatcher.patch(script, settings);

        String check = ScriptPatcher.STOP_CHECK;
        assertThat(result.newText()).isEqualTo("""
                #!/bin/bash
                %s# burnwatch: daily stop at 23:59 UTC (after the current task; systemd starts it again)
                burnwatch_stop_at=$(date -u +%%s); burnwatch_stop_at=$(( burnwatch_stop_at + (86340 \
                - burnwatch_stop_at \
                %% 86400 + 86399) %% 86400 + 1 ))
                run_task() {
                \tclaude%s -p "$1"
                }
                while true; do
                \t%s
                \tfor f in q/*.task; do %s; run_task "$f"; done
                \tsleep 5
                done""".formatted(EXPORT, FLAGS, check, check));
        assertThat(result.after().dailyStop()).hasValueSatisfying(stop -> {
            assertThat(stop.timeUtc()).hasToString("23:59");
            assertThat(stop.deadlineBased()).isTrue();
        });
    }

    @Test
    void anotherStopTimeReplacesTheOldOneWithoutAddingChecks() throws Exception {
        String script = Files.readString(FixtureScriptsPatchAndRunTest.fixtures().resolve("agent_daemon.sh"));
        String at4 = ScriptPatcher.patch(script, PatchSettings.of("30", "haiku", "04:00", null, false)).newText();

        PatchResult at530 = ScriptPatcher.patch(at4, PatchSettings.of("30", "haiku", "05:30", null, false));

        assertThat(at530.changed()).isTrue();
        assertThat(at530.after().dailyStop().get().timeUtc()).hasToString("05:30");
        assertThat(at530.newText().split("burnwatch_stop_at=\\$\\(date", -1)).hasSize(2);
        assertThat(at530.newText().split("daily stop at ", -1)).hasSize(2);
        assertThat(at530.newText().lines().filter(line -> line.strip().equals(ScriptPatcher.STOP_CHECK)))
                .hasSize(2);
        assertThat(at530.newText().lines().count()).isEqualTo(at4.lines().count());
    }

    @Test
    void aBudgetIsSetOnEveryCallOnlyWhenAsked() {
        String script = """
                claude -p a --max-budget-usd 10
                claude -p b
                """;
        PatchSettings budget = PatchSettings.of("30", "claude-haiku-4-5", null, "2.50", false);

        String without = ScriptPatcher.patch(script, HAIKU_30).newText();
        String with = ScriptPatcher.patch(script, budget).newText();

        assertThat(without).contains("--max-budget-usd 10").doesNotContain("2.50");
        assertThat(with).isEqualTo(EXPORT + """
                claude%s -p a --max-budget-usd 2.50
                claude%s --max-budget-usd 2.50 -p b
                """.formatted(FLAGS, FLAGS));
    }

    @Test
    void callsThatStartNoSessionAreLeftAlone() {
        String script = """
                claude --version
                claude -p work
                """;

        PatchResult result = ScriptPatcher.patch(script, HAIKU_30);

        assertThat(result.newText()).isEqualTo(EXPORT + "claude --version\nclaude" + FLAGS + " -p work\n");
    }

    @Test
    void windowsLineEndingsAreRefusedWithWhatToDo() {
        String script = "#!/bin/bash\nwhile true; do\r\n  claude -p x\r\ndone\r\n";

        assertThatThrownBy(() -> ScriptPatcher.patch(script, HAIKU_30))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("CRLF")
                .hasMessageContaining("line 2")
                .hasMessageContaining("dos2unix");
    }

    @Test
    void aScriptWithoutACallIsRefused() {
        String script = "#!/bin/bash\necho \"claude is not run here\"\n";

        assertThatThrownBy(() -> ScriptPatcher.patch(script, HAIKU_30))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("No call of the claude CLI found in the script");
    }

    @Test
    void aDailyStopWithoutALoopIsRefused() {
        String script = "#!/bin/bash\nclaude -p once\n";

        assertThatThrownBy(() -> ScriptPatcher.patch(script, PatchSettings.of("30", "haiku", "04:00", null, false)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("not inside one");
    }

    @Test
    void theDiffShowsTheChangeAndAMissingFinalNewline() throws Exception {
        String script = Files.readString(FixtureScriptsPatchAndRunTest.fixtures().resolve("agent_daemon.sh"));
        script = script.substring(0, script.length() - 1);

        String diff = ScriptPatcher.patch(script, GUARDED).unifiedDiff("agent_daemon.sh");

        assertThat(diff).startsWith("--- a/agent_daemon.sh\n+++ b/agent_daemon.sh\n@@ -1,6 +1,7 @@\n")
                .contains("\n-    claude \"$task_prompt\"\n+    claude --max-turns 30 --model claude-haiku-4-5"
                        + " \"$task_prompt\"" + ScriptPatcher.GUARD + "\n")
                .contains("\n+export ANTHROPIC_MODEL=claude-haiku-4-5\n")
                .doesNotContain("No newline");
    }

    @Test
    void theDiffMarksALastLineWithoutNewlineWhenThatLineChanges() {
        String diff = ScriptPatcher.patch("claude -p x", HAIKU_30).unifiedDiff("d.sh");

        assertThat(diff).isEqualTo("""
                --- a/d.sh
                +++ b/d.sh
                @@ -1,1 +1,2 @@
                -claude -p x
                \\ No newline at end of file
                +export ANTHROPIC_MODEL=claude-haiku-4-5
                +claude --max-turns 30 --model claude-haiku-4-5 -p x
                \\ No newline at end of file
                """);
    }

    @Test
    void anUnchangedScriptHasAnEmptyDiff() {
        String script = EXPORT + "claude" + FLAGS + " -p x\n";

        PatchResult result = ScriptPatcher.patch(script, HAIKU_30);

        assertThat(result.changed()).isFalse();
        assertThat(result.changes()).isEmpty();
        assertThat(result.unifiedDiff("d.sh")).isEmpty();
    }
}
