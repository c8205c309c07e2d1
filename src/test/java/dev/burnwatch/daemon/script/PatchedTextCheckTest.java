package dev.burnwatch.daemon.script;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The "nothing else changes" check itself: it must catch a change in the wrong place. */
class PatchedTextCheckTest {

    private static final PatchSettings SETTINGS = PatchSettings.of("30", "claude-haiku-4-5", null, null, true);
    private static final String ORIGINAL = """
            #!/bin/bash
            set -e
            while true; do
              claude -p "$t"
              mv "$t" "$t.done"
            done
            """;
    private static final String PATCHED = """
            #!/bin/bash
            set -e
            export ANTHROPIC_MODEL=claude-haiku-4-5
            while true; do
              claude --max-turns 30 --model claude-haiku-4-5 -p "$t"%s
              mv "$t" "$t.done"
            done
            """.formatted(ScriptPatcher.GUARD);

    @Test
    void thePatchersOwnResultPasses() {
        assertThatCode(() -> PatchedTextCheck.assertOnlyIntendedChanges(ORIGINAL,
                ScriptPatcher.patch(ORIGINAL, SETTINGS).newText(), SETTINGS)).doesNotThrowAnyException();
        assertThatCode(() -> PatchedTextCheck.assertOnlyIntendedChanges(ORIGINAL, PATCHED, SETTINGS))
                .doesNotThrowAnyException();
    }

    @Test
    void aFlagMovedToTheEndOfTheCallFails() {
        String moved = PATCHED.replace("claude --max-turns 30 --model claude-haiku-4-5 -p \"$t\"",
                "claude -p \"$t\" --max-turns 30 --model claude-haiku-4-5");

        assertThatThrownBy(() -> PatchedTextCheck.assertOnlyIntendedChanges(ORIGINAL, moved, SETTINGS))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void aFlagOnAnotherCommandFails() {
        String elsewhere = PATCHED.replace("mv \"$t\"", "mv --model claude-haiku-4-5 \"$t\"");

        assertThatThrownBy(() -> PatchedTextCheck.assertOnlyIntendedChanges(ORIGINAL, elsewhere, SETTINGS))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void theExportOnAnotherLineFails() {
        String misplaced = PATCHED.replace("export ANTHROPIC_MODEL=claude-haiku-4-5\n", "")
                .replace("done\n", "done\nexport ANTHROPIC_MODEL=claude-haiku-4-5\n");

        assertThatThrownBy(() -> PatchedTextCheck.assertOnlyIntendedChanges(ORIGINAL, misplaced, SETTINGS))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void aGuardThatWasNotAskedForFails() {
        PatchSettings unguarded = PatchSettings.of("30", "claude-haiku-4-5", null, null, false);

        assertThatThrownBy(() -> PatchedTextCheck.assertOnlyIntendedChanges(ORIGINAL, PATCHED, unguarded))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void aChangedIndentationFails() {
        String reindented = PATCHED.replace("  mv ", "\tmv ");

        assertThatThrownBy(() -> PatchedTextCheck.assertOnlyIntendedChanges(ORIGINAL, reindented, SETTINGS))
                .isInstanceOf(AssertionError.class);
    }
}
