package dev.burnwatch.daemon.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the analyzer sees in scripts written the many ways daemons are written. */
class ScriptAnalyzerTest {

    private static List<ClaudeCall> calls(String script) {
        return ScriptAnalyzer.analyze(script).calls();
    }

    private static List<Integer> callLines(String script) {
        return calls(script).stream().map(ClaudeCall::line).toList();
    }

    private static List<String> findingCodes(ScriptAnalysis analysis) {
        return analysis.findings().stream().map(Finding::code).toList();
    }

    @Test
    void mentionsInCommentsStringsEchoAndHereDocumentsAreNotCalls() {
        String script = """
                #!/bin/bash
                # claude -p "a comment"
                echo "run claude now"
                echo claude -p x
                printf 'claude %s\\n' x
                note='claude -p "quoted"'
                msg="claude -p $x"
                cat <<EOF
                claude -p "in a here-document"
                EOF
                cat <<'QUOTED'
                claude -p $(not run either)
                QUOTED
                \tcat <<-TABS
                \t\tclaude -p tabbed
                \tTABS
                logger -t daemon "claude failed" # claude
                [[ $x == claude ]] && echo claude
                """;

        assertThat(calls(script)).isEmpty();
        assertThat(findingCodes(ScriptAnalyzer.analyze(script))).contains("no-call");
    }

    @Test
    void mentionsFixtureHasExactlyTheOneRealCall() throws Exception {
        String script = Files.readString(FixtureScriptsPatchAndRunTest.fixtures().resolve("variants/03-mentions.sh"));

        assertThat(callLines(script)).containsExactly(17);
    }

    @Test
    void wrappersRunTheCliAndAreReported() {
        String script = """
                timeout 300 claude -p a
                timeout -s KILL --kill-after=10 5m claude -p b
                sudo -u agent claude -p c
                sudo -E -u agent -- claude -p d
                env ANTHROPIC_MODEL=claude-opus-4-1 claude -p e
                nohup claude -p f > out.log 2>&1 &
                exec claude -p g
                command claude -p h
                nice -n 10 ionice -c 3 claude -p i
                xargs -0 -n 1 claude -p < list
                """;

        List<ClaudeCall> calls = calls(script);

        assertThat(calls).extracting(ClaudeCall::line).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(calls.get(0).wrappers()).containsExactly("timeout 300");
        assertThat(calls.get(1).wrappers()).containsExactly("timeout -s KILL --kill-after=10 5m");
        assertThat(calls.get(2).wrappers()).containsExactly("sudo -u agent");
        assertThat(calls.get(2).modelSource()).isEqualTo(ModelSource.CLEARED);
        assertThat(calls.get(3).modelSource()).isEqualTo(ModelSource.ENVIRONMENT);
        assertThat(calls.get(4).prefixModel()).contains("claude-opus-4-1");
        assertThat(calls.get(4).effectiveModel()).contains("claude-opus-4-1");
        assertThat(calls.get(8).wrappers()).containsExactly("nice -n 10", "ionice -c 3");
    }

    @Test
    void lookingTheBinaryUpIsNotACall() {
        String script = """
                command -v claude >/dev/null || exit 1
                which claude
                type claude
                hash claude
                CLAUDE=$(command -v claude)
                """;

        assertThat(calls(script)).isEmpty();
    }

    @Test
    void pathsAndVariablesHoldingTheBinaryAreCalls() {
        String script = """
                CLAUDE_BIN=/usr/local/bin/claude
                CLI="${CLI:-$HOME/.local/bin/claude}"
                FOUND=$(command -v claude)
                /usr/local/bin/claude -p a
                ~/.local/bin/claude -p b
                "$HOME/.local/bin/claude" -p c
                "$CLAUDE_BIN" -p d
                ${CLAUDE_BIN} -p e
                $CLI -p f
                "$FOUND" -p g
                "$EDITOR" notes.txt
                """;

        List<ClaudeCall> calls = calls(script);

        assertThat(calls).extracting(ClaudeCall::line).containsExactly(4, 5, 6, 7, 8, 9, 10);
        assertThat(calls.get(3).command()).isEqualTo("\"$CLAUDE_BIN\"");
    }

    @Test
    void callsInConditionsListsPipelinesAndSubstitutionsAreCalls() {
        String script = """
                if ! claude -p a; then echo failed; fi
                while claude -p b; do :; done
                out=$(claude -p c | tee f)
                claude -p d || true
                [[ -n $x ]] && claude -p e
                n=`claude -p f`
                case $mode in
                  fast) claude --model haiku -p g ;;
                  *) claude -p h ;;
                esac
                cat <<EOF
                summary: $(claude -p i)
                EOF
                for f in $(ls); do claude -p "$f"; done
                """;

        List<ClaudeCall> calls = calls(script);

        assertThat(calls).extracting(ClaudeCall::line).containsExactly(1, 2, 3, 4, 5, 6, 8, 9, 12, 14);
        assertThat(calls.get(2).inSubstitution()).isTrue();
        assertThat(calls.get(5).inSubstitution()).isTrue();
        assertThat(calls.get(6).modelFlag()).contains("haiku");
        assertThat(calls.get(8).inSubstitution()).as("a $(...) in an unquoted here-document runs").isTrue();
    }

    @Test
    void aCallInsideAFunctionIsTheCallNotTheFunctionsCallers() {
        String script = """
                run_claude() {
                  claude -p "$1" --output-format json
                }
                function ask {
                  claude "$@"
                }
                run_claude "fix it"
                ask -p "again"
                """;

        List<ClaudeCall> calls = calls(script);

        assertThat(calls).extracting(ClaudeCall::line).containsExactly(2, 5);
        assertThat(calls.get(0).function()).contains("run_claude");
        assertThat(calls.get(1).function()).contains("ask");
        assertThat(findingCodes(ScriptAnalyzer.analyze(script))).contains("arguments-from-variable");
    }

    @Test
    void flagsAreReadInBothFormsAcrossContinuedLines() {
        String script = """
                claude \\
                  --max-turns=40 \\
                  --model claude-sonnet-4-5 \\
                  --max-budget-usd 2.5 \\
                  -p "x" >> "$LOG"
                """;

        ClaudeCall call = calls(script).get(0);

        assertThat(call.line()).isEqualTo(1);
        assertThat(call.endLine()).isEqualTo(5);
        assertThat(call.maxTurns()).contains(40);
        assertThat(call.modelFlag()).contains("claude-sonnet-4-5");
        assertThat(call.maxBudgetUsd().map(Object::toString)).contains("2.5");
        assertThat(call.flags()).extracting(CallFlag::name)
                .containsExactly("--max-turns", "--model", "--max-budget-usd", "-p");
        assertThat(call.flags()).extracting(CallFlag::line).containsExactly(2, 3, 4, 5);
    }

    @Test
    void callsThatStartNoSessionAreNotSessions() {
        String script = """
                claude --version
                claude mcp list
                claude -p "work"
                """;

        ScriptAnalysis analysis = ScriptAnalyzer.analyze(script);

        assertThat(analysis.calls()).extracting(ClaudeCall::session).containsExactly(false, false, true);
        assertThat(analysis.sessionCalls()).extracting(ClaudeCall::line).containsExactly(3);
    }

    @Test
    void theModelComesFromTheFlagThenThePrefixThenTheExport() {
        String script = """
                export ANTHROPIC_MODEL=claude-haiku-4-5
                claude --model claude-opus-4-1 -p a
                ANTHROPIC_MODEL=claude-sonnet-4-5 claude -p b
                claude -p c
                """;

        ScriptAnalysis analysis = ScriptAnalyzer.analyze(script);

        assertThat(analysis.calls()).extracting(ClaudeCall::effectiveModel).containsExactly(
                Optional.of("claude-opus-4-1"), Optional.of("claude-sonnet-4-5"), Optional.of("claude-haiku-4-5"));
        assertThat(analysis.calls()).extracting(ClaudeCall::modelSource)
                .containsExactly(ModelSource.FLAG, ModelSource.PREFIX, ModelSource.EXPORT);
        assertThat(analysis.pinnedModel()).isEmpty();
        assertThat(analysis.exportedModel()).contains("claude-haiku-4-5");
        assertThat(findingCodes(analysis)).contains("model-flag-defeats-pin", "prefix-overrides-pin");
    }

    @Test
    void anUnexportedModelVariableDoesNotReachTheCli() {
        String script = """
                ANTHROPIC_MODEL=claude-haiku-4-5
                claude -p a
                """;

        ScriptAnalysis analysis = ScriptAnalyzer.analyze(script);

        assertThat(analysis.calls().get(0).effectiveModel()).isEmpty();
        assertThat(findingCodes(analysis)).contains("model-not-exported", "unpinned-model");
    }

    @Test
    void underSetETheCallsExitEndsTheLoopUnlessTheStatusIsHandled() {
        String script = """
                #!/bin/bash
                set -euo pipefail
                claude -p a
                claude -p b || true
                if ! claude -p c; then echo failed; fi
                out=$(claude -p d | tee f)
                claude -p e | tee -a log
                echo "$(claude -p f)"
                claude -p g &
                claude -p h && mv "$f" "$f.done"
                """;

        List<ClaudeCall> calls = calls(script);

        assertThat(calls).extracting(ClaudeCall::exitEffect).containsExactly(ExitEffect.ENDS_SCRIPT, ExitEffect.NONE,
                ExitEffect.NONE, ExitEffect.ENDS_SCRIPT, ExitEffect.ENDS_SCRIPT, ExitEffect.NONE, ExitEffect.NONE,
                ExitEffect.SKIPS_MARK_DONE);
    }

    @Test
    void withoutPipefailAPipedCallsExitIsLost() {
        String script = """
                set -e
                out=$(claude -p a | tee f)
                claude -p b | tee -a log
                """;

        assertThat(calls(script)).extracting(ClaudeCall::exitEffect).containsOnly(ExitEffect.NONE);
    }

    @Test
    void aCallThatDecidesWhetherTheTaskIsMarkedDoneIsReported() {
        String script = """
                for f in q/*.task; do
                  if claude -p "$(cat "$f")"; then
                    mv "$f" "$f.done"
                  fi
                  claude -p again || continue
                  mv "$f" "$f.done"
                done
                """;

        ScriptAnalysis analysis = ScriptAnalyzer.analyze(script);

        assertThat(analysis.calls()).extracting(ClaudeCall::exitEffect)
                .containsExactly(ExitEffect.DECIDES_BRANCH, ExitEffect.SKIPS_MARK_DONE);
        assertThat(findingCodes(analysis)).contains("exit-decides-branch", "exit-skips-mark-done");
    }

    @Test
    void theAgentDaemonFixtureIsReadAsAnOperatorWouldDescribeIt() throws Exception {
        String script = Files.readString(FixtureScriptsPatchAndRunTest.fixtures().resolve("agent_daemon.sh"));

        ScriptAnalysis analysis = ScriptAnalyzer.analyze(script);

        assertThat(analysis.calls()).hasSize(1);
        ClaudeCall call = analysis.calls().get(0);
        assertThat(call.line()).isEqualTo(21);
        assertThat(call.text()).isEqualTo("claude \"$task_prompt\"");
        assertThat(call.maxTurns()).isEmpty();
        assertThat(call.effectiveModelText()).isEqualTo("the environment's default model");
        assertThat(call.exitEffect()).isEqualTo(ExitEffect.ENDS_SCRIPT);
        assertThat(analysis.turnCap()).isEmpty();
        assertThat(analysis.pinnedModel()).isEmpty();
        assertThat(analysis.dailyStop()).isEmpty();
        assertThat(analysis.errexit()).isTrue();
        assertThat(findingCodes(analysis)).containsExactlyInAnyOrder("no-daily-stop", "uncapped-call",
                "unpinned-model", "exit-ends-loop");
        Finding exit = analysis.findings().stream().filter(f -> f.code().equals("exit-ends-loop")).findFirst().get();
        assertThat(exit.explanation()).contains("retried forever");
        assertThat(exit.suggestedFix()).contains("--guard-exit");
    }

    @Test
    void aModelDefaultedFromTheEnvironmentIsReportedAsOverridable() throws Exception {
        String script = Files.readString(
                FixtureScriptsPatchAndRunTest.fixtures().resolve("variants/05-model-exported.sh"));

        ScriptAnalysis analysis = ScriptAnalyzer.analyze(script);

        assertThat(analysis.pinnedModel()).contains("claude-sonnet-4-20250514");
        assertThat(analysis.calls().get(0).modelSource()).isEqualTo(ModelSource.EXPORT_DEFAULT);
        assertThat(analysis.calls().get(0).exitEffect()).isEqualTo(ExitEffect.NONE);
        assertThat(findingCodes(analysis)).contains("model-overridable");
    }

    @Test
    void callsRunThroughAnotherShellAreFlaggedNotCounted() {
        String script = """
                bash -c "claude -p hidden"
                ssh worker 'cd /srv && claude -p remote'
                bash <<'EOF'
                claude -p fed
                EOF
                claude -p visible
                """;

        ScriptAnalysis analysis = ScriptAnalyzer.analyze(script);

        assertThat(analysis.calls()).extracting(ClaudeCall::line).containsExactly(6);
        assertThat(analysis.findings()).filteredOn(f -> f.code().equals("hidden-call"))
                .extracting(Finding::line).containsExactly(1, 2, 4);
    }

    @Test
    void coprocessesFindExecsAndDefaultedBinariesAreCalls() {
        String script = """
                coproc claude -p a
                coproc WORKER { claude -p b; }
                find "$Q" -name '*.task' -exec claude -p {} \\; -print
                find . -execdir timeout 60 claude -p {} +
                "${CLAUDE_BIN:-claude}" -p c
                ${VAR-/opt/claude/bin/claude} -p d
                find . -exec echo claude {} \\;
                "${EDITOR:-vi}" notes.txt
                """;

        ScriptAnalysis analysis = ScriptAnalyzer.analyze(script);

        assertThat(analysis.calls()).extracting(ClaudeCall::line).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(analysis.calls().get(2).arguments()).containsExactly("-p", "{}");
        assertThat(analysis.calls().get(2).wrappers()).containsExactly("find \"$Q\" -name '*.task' -exec");
        assertThat(analysis.calls().get(3).wrappers()).containsExactly("find . -execdir", "timeout 60");
        assertThat(analysis.calls().get(4).command()).isEqualTo("\"${CLAUDE_BIN:-claude}\"");
        assertThat(findingCodes(analysis)).doesNotContain("hidden-call");
    }

    @Test
    void aCoprocessOrAFindExecWithSemicolonNeverEndsTheLoop() {
        String script = """
                set -e
                while true; do
                  coproc claude -p a
                  find . -name '*.task' -exec claude -p {} \\;
                  find . -name '*.task' -exec claude -p {} +
                done
                """;

        List<ClaudeCall> calls = calls(script);

        assertThat(calls).extracting(ClaudeCall::exitEffect)
                .containsExactly(ExitEffect.NONE, ExitEffect.NONE, ExitEffect.ENDS_SCRIPT);
    }

    @Test
    void aCommandWordThatOnlyRunsClaudeAtRunTimeIsAHiddenCall() {
        String script = """
                $(which claude) -p a
                `command -v claude` -p b
                sudo -u agent bash -c "claude -p c"
                find . -exec sh -c 'claude -p "$1"' _ {} \\;
                timeout 60 eval "claude -p d"
                "$(dirname "$0")/claude-notify.sh" done
                "$(dirname "$0")/claude" -p e
                """;

        ScriptAnalysis analysis = ScriptAnalyzer.analyze(script);

        assertThat(analysis.calls()).extracting(ClaudeCall::line).containsExactly(7);
        List<Finding> hidden = analysis.findings().stream().filter(f -> f.code().equals("hidden-call")).toList();
        assertThat(hidden).extracting(Finding::line).containsExactly(1, 2, 3, 4, 5);
        assertThat(hidden.get(0).message()).contains("$(which claude)").contains("cannot see that call");
        assertThat(hidden.get(2).message()).contains("command string (bash)");
        assertThat(hidden.get(0).explanation()).contains("cannot be proven capped");
    }

    @Test
    void aModelOnlyKnownAtRunTimeIsSaidInWords() {
        String script = """
                claude --model "$MODEL" -p a
                claude -p b
                sudo -u agent claude -p c
                """;

        ScriptAnalysis analysis = ScriptAnalyzer.analyze(script);

        assertThat(analysis.calls()).extracting(ClaudeCall::effectiveModelText).containsExactly(
                "a model set at run time (--model \"$MODEL\")", "the environment's default model",
                "the CLI's default model: a wrapper clears the environment");
        assertThat(analysis.findings()).filteredOn(f -> f.code().equals("unpinned-model"))
                .extracting(Finding::message).containsExactly(
                        "The call on line 1 runs on a model set at run time (--model \"$MODEL\").",
                        "The call on line 2 runs on the environment's default model.",
                        "The call on line 3 runs on the CLI's default model: a wrapper clears the environment.");
        assertThat(analysis.findings()).filteredOn(f -> f.code().equals("unpinned-model")
                        || f.code().equals("uncapped-call"))
                .extracting(Finding::suggestedFix).containsOnly(
                        "burnwatch patch TARGET --max-turns 30 --model claude-haiku-4-5");
    }

    @Test
    void aMinuteComparingDailyStopIsRecognisedAndWarnedAbout() {
        String script = """
                while true; do
                  [[ $(date -u +%H:%M) == 04:00 ]] && exit 0
                  claude -p work
                done
                """;

        ScriptAnalysis analysis = ScriptAnalyzer.analyze(script);

        assertThat(analysis.dailyStop()).hasValueSatisfying(stop -> {
            assertThat(stop.timeUtc()).hasToString("04:00");
            assertThat(stop.deadlineBased()).isFalse();
            assertThat(stop.line()).isEqualTo(2);
        });
        assertThat(findingCodes(analysis)).contains("minute-daily-stop");
    }

    @Test
    void windowsLineEndingsAreReportedAndTheCallsStillFound() {
        String script = "#!/bin/bash\r\nwhile true; do\r\n  claude -p x\r\ndone\r\n";

        ScriptAnalysis analysis = ScriptAnalyzer.analyze(script);

        assertThat(analysis.crlf()).isTrue();
        assertThat(analysis.calls()).extracting(ClaudeCall::line).containsExactly(3);
        assertThat(analysis.findings()).filteredOn(finding -> finding.code().equals("crlf"))
                .extracting(Finding::line).containsExactly(1);
    }

    @Test
    void brokenShellNeverStopsTheReading() {
        String script = """
                if [[ -e x ]]; then
                  claude -p "unterminated
                fi )) ;; esac done
                claude -p after $(
                """;

        ScriptAnalysis analysis = ScriptAnalyzer.analyze(script);

        assertThat(analysis.calls()).isNotEmpty();
    }
}
