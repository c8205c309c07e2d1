package dev.burnwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.host.LocalHost;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierTest {

    @TempDir
    Path dir;

    @Test
    void aCappedAndPinnedScriptPassesEveryCallAndShowsTheGrepLines() throws Exception {
        Path script = write("#!/bin/bash\nexport ANTHROPIC_MODEL=claude-haiku-4-5\n"
                + "# claude --max-turns 99 is only a comment\n"
                + "while true; do\n  claude --max-turns 30 -p \"$t\" || true\n  sleep 5\ndone\n");

        VerifyReport report = new Verifier(new LocalHost()).verify(script.toString(), 30, "claude-haiku-4-5");

        assertThat(report.passed()).isTrue();
        assertThat(report.calls()).singleElement().satisfies(call -> {
            assertThat(call.line()).isEqualTo(5);
            assertThat(call.cap()).isEqualTo("--max-turns 30");
            assertThat(call.model()).startsWith("claude-haiku-4-5");
        });
        assertThat(report.capGrep().lines()).containsExactly("3:# claude --max-turns 99 is only a comment",
                "5:  claude --max-turns 30 -p \"$t\" || true");
        assertThat(report.modelGrep().lines()).containsExactly("2:export ANTHROPIC_MODEL=claude-haiku-4-5");
    }

    @Test
    void theUnpatchedFixtureFailsForCapAndModel() throws Exception {
        Path script = dir.resolve("agent_daemon.sh");
        Files.copy(Path.of(System.getProperty("burnwatch.fixtures"), "daemon", "agent_daemon.sh"), script);

        VerifyReport report = new Verifier(new LocalHost()).verify(script.toString(), 30, "claude-haiku-4-5");

        assertThat(report.passed()).isFalse();
        assertThat(report.calls()).singleElement().satisfies(call -> {
            assertThat(call.capPassed()).isFalse();
            assertThat(call.cap()).isEqualTo("no --max-turns");
            assertThat(call.modelPassed()).isFalse();
        });
        assertThat(report.capGrep().lines()).isEmpty();
    }

    @Test
    void aModelFlagThatDefeatsThePinFailsThatCallOnly() throws Exception {
        Path script = write("#!/bin/bash\nexport ANTHROPIC_MODEL=claude-haiku-4-5\n"
                + "claude --max-turns 30 -p a\nclaude --max-turns 30 --model opus -p b\n");

        VerifyReport report = new Verifier(new LocalHost()).verify(script.toString(), 30, "claude-haiku-4-5");

        assertThat(report.passed()).isFalse();
        assertThat(report.calls()).extracting(CallCheck::modelPassed).containsExactly(true, false);
        assertThat(report.calls().get(1).model()).contains("opus");
    }

    @Test
    void aCallBurnwatchCannotSeeFailsTheScriptAsItCannotBeProvenCapped() throws Exception {
        Path script = write("#!/bin/bash\nexport ANTHROPIC_MODEL=claude-haiku-4-5\n"
                + "claude --max-turns 30 -p a\nbash -c \"claude -p b\"\n$(which claude) -p c\n");

        VerifyReport report = new Verifier(new LocalHost()).verify(script.toString(), 30, "claude-haiku-4-5");

        assertThat(report.calls()).singleElement().satisfies(call -> assertThat(call.passed()).isTrue());
        assertThat(report.passed()).isFalse();
        assertThat(report.problems()).hasSize(2).allSatisfy(problem -> assertThat(problem)
                .contains("cannot be proven capped"));
        assertThat(report.problems().get(0)).startsWith("Line 4 ");
        assertThat(report.problems().get(1)).startsWith("Line 5 ").contains("$(which claude)");
    }

    @Test
    void aScriptWithoutCallsFails() throws Exception {
        Path script = write("#!/bin/bash\necho 'claude is not called here'\n");

        VerifyReport report = new Verifier(new LocalHost()).verify(script.toString(), 30, "claude-haiku-4-5");

        assertThat(report.passed()).isFalse();
        assertThat(report.problems()).singleElement().asString().contains("No call of the claude CLI");
    }

    private Path write(String text) throws Exception {
        Path script = dir.resolve("agent_daemon.sh");
        Files.writeString(script, text);
        return script;
    }
}
