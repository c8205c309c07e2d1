package dev.burnwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnwatch.BadInputException;
import dev.burnwatch.daemon.script.PatchSettings;
import dev.burnwatch.host.LocalHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every shared daemon fixture patched through the safe path, recorded, verified and applied again. */
class ScriptPatchTest {

    private static final PatchSettings SETTINGS = PatchSettings.of("30", "claude-haiku-4-5", null, null, true);

    @TempDir
    Path dir;

    static List<String> fixtures() throws IOException {
        Path daemon = Path.of(System.getProperty("burnwatch.fixtures"), "daemon");
        try (Stream<Path> variants = Files.list(daemon.resolve("variants"))) {
            return Stream.concat(Stream.of("agent_daemon.sh"),
                    variants.map(p -> "variants/" + p.getFileName()).sorted()).toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void eachFixtureIsPatchedRecordedVerifiedAndThenUnchanged(String fixture) throws Exception {
        Path script = dir.resolve("agent_daemon.sh");
        Files.copy(Path.of(System.getProperty("burnwatch.fixtures"), "daemon", fixture), script);
        String original = Files.readString(script);
        ChangeHistory history = new ChangeHistory(dir.resolve("history.sqlite"));
        ScriptPatch patch = new ScriptPatch(new LocalHost(), history);

        PatchPreview preview = patch.preview(script.toString(), SETTINGS);
        String afterPreview = Files.readString(script);
        ChangeResult applied = patch.apply(preview);
        ChangeResult again = patch.apply(patch.preview(script.toString(), SETTINGS));

        assertThat(afterPreview).as("check mode writes nothing").isEqualTo(original);
        assertThat(preview.diff()).startsWith("--- a/agent_daemon.sh\n+++ b/agent_daemon.sh\n");
        assertThat(applied.changed()).isTrue();
        assertThat(Files.readString(Path.of(applied.outcome().backupPath()))).isEqualTo(original);
        assertThat(again.changed()).isFalse();
        assertThat(again.record()).isNull();
        assertThat(history.list(null)).singleElement().satisfies(record -> {
            assertThat(record.settings()).contains("\"maxTurns\":30").contains("\"guardExit\":true");
            assertThat(record.diff()).isEqualTo(preview.diff());
        });
        assertThat(new Verifier(new LocalHost()).verify(script.toString(), 30, "claude-haiku-4-5").passed())
                .isTrue();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".bak"))).hasSize(1);
        }
    }

    @Test
    void aScriptWithCrlfLineEndingsIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path script = dir.resolve("agent_daemon.sh");
        Files.writeString(script, "#!/bin/bash\r\nclaude \"$t\"\r\n");
        ScriptPatch patch = new ScriptPatch(new LocalHost(), new ChangeHistory(dir.resolve("history.sqlite")));

        assertThatThrownBy(() -> patch.preview(script.toString(), SETTINGS))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("CRLF");
        assertThat(Files.readString(script)).isEqualTo("#!/bin/bash\r\nclaude \"$t\"\r\n");
    }

    @Test
    void aChangeThatCouldNotBeRecordedIsNotWritten() throws Exception {
        Path script = dir.resolve("agent_daemon.sh");
        Files.copy(Path.of(System.getProperty("burnwatch.fixtures"), "daemon", "agent_daemon.sh"), script);
        String original = Files.readString(script);
        Path notAFolder = Files.writeString(dir.resolve("data"), "");
        ScriptPatch patch = new ScriptPatch(new LocalHost(), new ChangeHistory(notAFolder.resolve("history.sqlite")));
        PatchPreview preview = patch.preview(script.toString(), SETTINGS);

        assertThatThrownBy(() -> patch.apply(preview))
                .isInstanceOf(ChangeRefusedException.class)
                .hasMessageContaining(notAFolder + " is a file, not a folder")
                .hasMessageContaining("nothing was changed")
                .extracting(e -> ((ChangeRefusedException) e).reason())
                .isEqualTo(ChangeRefusedException.Reason.HISTORY_NOT_WRITABLE);
        assertThat(Files.readString(script)).isEqualTo(original);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("agent_daemon.sh",
                    "data");
        }
    }

    @Test
    void aScriptThatIsAlreadyInvalidIsRefusedInCheckModeAndWhenWritten() throws Exception {
        Path script = dir.resolve("agent_daemon.sh");
        String broken = "#!/bin/bash\nwhile true; do\n  claude \"$t\"\n  if then\ndone\n";
        Files.writeString(script, broken);
        ScriptPatch patch = new ScriptPatch(new LocalHost(), new ChangeHistory(dir.resolve("history.sqlite")));
        ScriptFile read = new SafeApply(new LocalHost()).read(script.toString());

        assertThatThrownBy(() -> patch.preview(script.toString(), SETTINGS))
                .isInstanceOf(ChangeRefusedException.class)
                .hasMessageContaining("already not valid bash")
                .hasMessageContaining("line 4");
        assertThatThrownBy(() -> new ChangeWriter(new LocalHost(), new ChangeHistory(dir.resolve("history.sqlite")))
                .write(read, broken.replace("claude ", "claude --max-turns 30 "), ChangeRecord.Kind.PATCH, "{}"))
                .isInstanceOf(ChangeRefusedException.class)
                .hasMessageContaining("already not valid bash")
                .hasMessageNotContaining("rejected the new version");
        assertThat(Files.readString(script)).isEqualTo(broken);
    }

    @Test
    void theSettingsAreRecordedInOneShapeWithTheBudgetAsWritten() {
        PatchSettings settings = PatchSettings.of("30", "haiku", "04:00", "2.50", true);

        assertThat(ScriptPatch.settingsJson(settings)).isEqualTo("{\"maxTurns\":30,\"model\":\"haiku\","
                + "\"guardExit\":true,\"hardStopUtc\":\"04:00\",\"maxBudgetUsd\":\"2.50\"}");
    }
}
