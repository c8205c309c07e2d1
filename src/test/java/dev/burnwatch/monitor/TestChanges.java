package dev.burnwatch.monitor;

import dev.burnwatch.daemon.ChangeRecord;
import java.time.Instant;

/** Recorded daemon changes as the change history returns them, for tests that judge sessions by them. */
public final class TestChanges {

    private TestChanges() {
    }

    /** A patch to {@code maxTurns}, from the version {@code beforeSha} to {@code afterSha}. */
    public static ChangeRecord patch(long id, Instant at, int maxTurns, String beforeSha, String afterSha) {
        return new ChangeRecord(id, "h1", "/home/ubuntu/agent_daemon.sh", at, ChangeRecord.Kind.PATCH,
                "{\"maxTurns\":" + maxTurns + ",\"model\":\"claude-haiku-4-5\",\"guardExit\":false}", "",
                "/home/ubuntu/agent_daemon.sh.bak-" + id, beforeSha, afterSha);
    }

    /** A rollback that put back the version {@code restoredSha}. */
    public static ChangeRecord rollback(long id, Instant at, String restoredSha) {
        return new ChangeRecord(id, "h1", "/home/ubuntu/agent_daemon.sh", at, ChangeRecord.Kind.ROLLBACK,
                "{\"restored\":\"/home/ubuntu/agent_daemon.sh.bak-1\",\"undoes\":1}", "",
                "/home/ubuntu/agent_daemon.sh.bak-" + id, "whatever", restoredSha);
    }
}
