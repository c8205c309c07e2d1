package dev.burnwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnwatch.host.Host;
import dev.burnwatch.host.LocalHost;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollbackTest {

    private static final String V1 = "#!/bin/bash\nclaude \"$t\"\n";
    private static final String V2 = "#!/bin/bash\nclaude --max-turns 30 \"$t\"\n";
    private static final String V3 = "#!/bin/bash\nclaude --max-turns 10 \"$t\"\n";

    @TempDir
    Path dir;

    private final Host host = new LocalHost();
    private ChangeHistory history;
    private Path script;

    @BeforeEach
    void arrange() throws Exception {
        history = new ChangeHistory(dir.resolve("home/history.sqlite"));
        script = dir.resolve("agent_daemon.sh");
        Files.writeString(script, V1);
    }

    @Test
    void aPatchAndItsRollbackAreBothRecordedAndTheFileIsBackWhereItWas() throws Exception {
        ChangeResult patch = patch(V2);
        Rollback rollback = new Rollback(host, history);

        RollbackPlan plan = rollback.plan(script.toString(), null);
        ChangeResult undone = rollback.apply(plan);

        assertThat(plan.diff()).contains("-claude --max-turns 30 \"$t\"").contains("+claude \"$t\"");
        assertThat(Files.readString(script)).isEqualTo(V1);
        assertThat(history.list(null)).extracting(ChangeRecord::kind)
                .containsExactly(ChangeRecord.Kind.PATCH, ChangeRecord.Kind.ROLLBACK);
        assertThat(undone.record().settings()).contains(patch.outcome().backupPath());
        assertThat(Files.readString(Path.of(undone.outcome().backupPath()))).isEqualTo(V2);
    }

    @Test
    void rollingBackAgainStepsFurtherBackThenRefuses() throws Exception {
        patch(V2);
        patch(V3);
        Rollback rollback = new Rollback(host, history);

        rollback.apply(rollback.plan(script.toString(), null));
        String afterFirst = Files.readString(script);
        rollback.apply(rollback.plan(script.toString(), null));

        assertThat(afterFirst).isEqualTo(V2);
        assertThat(Files.readString(script)).isEqualTo(V1);
        assertThatThrownBy(() -> rollback.plan(script.toString(), null))
                .isInstanceOf(ChangeRefusedException.class)
                .hasMessageContaining("--to");
    }

    @Test
    void aNamedBackupIsRestoredByItsFileName() throws Exception {
        ChangeResult first = patch(V2);
        patch(V3);
        Rollback rollback = new Rollback(host, history);
        String name = Path.of(first.outcome().backupPath()).getFileName().toString();

        rollback.apply(rollback.plan(script.toString(), name));

        assertThat(Files.readString(script)).isEqualTo(V1);
    }

    @Test
    void aFileEditedByHandSinceIsNotRolledBackBlindly() throws Exception {
        patch(V2);
        Files.writeString(script, V2 + "# tuned by hand\n");

        assertThatThrownBy(() -> new Rollback(host, history).plan(script.toString(), null))
                .isInstanceOf(ChangeRefusedException.class)
                .hasMessageContaining("not a version Burnwatch wrote")
                .hasMessageContaining(".bak");
        assertThat(Files.readString(script)).endsWith("# tuned by hand\n");
    }

    @Test
    void anAlteredBackupIsRefusedAndNothingChanges() throws Exception {
        ChangeResult patch = patch(V2);
        Files.writeString(Path.of(patch.outcome().backupPath()), "#!/bin/bash\nrm -rf /\n");

        assertThatThrownBy(() -> new Rollback(host, history).plan(script.toString(), null))
                .isInstanceOf(ChangeRefusedException.class)
                .hasMessageContaining("altered");
        assertThat(Files.readString(script)).isEqualTo(V2);
    }

    @Test
    void anUnrecordedBackupNameIsRefusedWithTheRecordedOnes() throws Exception {
        patch(V2);

        assertThatThrownBy(() -> new Rollback(host, history).plan(script.toString(), "/etc/passwd"))
                .isInstanceOf(ChangeRefusedException.class)
                .hasMessageContaining("not a backup Burnwatch recorded")
                .hasMessageContaining("agent_daemon.sh.burnwatch-");
    }

    private ChangeResult patch(String text) throws Exception {
        ScriptFile current = new SafeApply(host).read(script.toString());
        return new ChangeWriter(host, history).write(current, text, ChangeRecord.Kind.PATCH, "{}");
    }
}
