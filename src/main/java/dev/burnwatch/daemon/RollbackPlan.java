package dev.burnwatch.daemon;

/**
 * A rollback worked out but not yet done: which recorded backup would come back, and the
 * diff from the file as it is now to that backup.
 *
 * @param current the script as it is on the host now
 * @param source the recorded change whose backup would be restored
 * @param backupText the backup's content (checked against the recorded fingerprint)
 * @param diff unified diff from now to the backup; empty when they are already equal
 */
public record RollbackPlan(ScriptFile current, ChangeRecord source, String backupText, String diff) {

    /** False when the file already equals the backup. */
    public boolean changes() {
        return !diff.isEmpty();
    }
}
