package dev.burnwatch.daemon;

import java.time.Instant;

/**
 * One change Burnwatch made to a daemon script, as kept in the {@link ChangeHistory}.
 *
 * @param id the record's number (0 before it is stored)
 * @param hostId {@link dev.burnwatch.host.Host#id()} of the host
 * @param path the script's path on that host
 * @param time when the new version was put in place, by the host's clock
 * @param kind a patch or a rollback
 * @param settings what was asked for, as a JSON object ({@code {"maxTurns":30,...}} for a
 *     patch, {@code {"restored":"/path/to/backup"}} for a rollback)
 * @param diff the unified diff from the old version to the new one
 * @param backupPath the copy of the old version beside the script
 * @param beforeSha256 fingerprint of the old version (the backup's content)
 * @param afterSha256 fingerprint of the new version
 */
public record ChangeRecord(long id, String hostId, String path, Instant time, Kind kind, String settings,
        String diff, String backupPath, String beforeSha256, String afterSha256) {

    /** What kind of change it was. */
    public enum Kind { PATCH, ROLLBACK }

    /** The same record with the number the history gave it. */
    ChangeRecord withId(long newId) {
        return new ChangeRecord(newId, hostId, path, time, kind, settings, diff, backupPath, beforeSha256,
                afterSha256);
    }
}
