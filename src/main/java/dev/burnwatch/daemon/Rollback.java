package dev.burnwatch.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a recorded backup of a daemon script back in place, through the same safe path as a
 * patch (fingerprint check, {@code bash -n}, a backup of the version it replaces, atomic
 * rename), and records that as a change of its own.
 *
 * <p>Without a named backup it steps back one patch: it takes the newest recorded patch
 * that produced the file as it is now, and restores what that patch replaced. Done again,
 * it steps back further (rollbacks themselves are not stepped into, so it never toggles).
 * A file that Burnwatch did not write last (edited by hand since) is refused: the operator
 * names the backup with {@code --to}.
 */
public final class Rollback {

    private static final Logger LOG = LoggerFactory.getLogger(Rollback.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Host host;
    private final ChangeHistory history;

    public Rollback(Host host, ChangeHistory history) {
        this.host = host;
        this.history = history;
    }

    /**
     * Works out what a rollback of {@code path} would restore, without writing anything.
     *
     * @param backup a recorded backup's path or file name, or null for one step back
     * @throws ChangeRefusedException when nothing recorded fits, or the backup is gone or altered
     */
    public RollbackPlan plan(String path, String backup) throws HostException, IOException, ChangeRefusedException {
        SafeApply safe = new SafeApply(host);
        ScriptFile current = safe.read(path);
        List<ChangeRecord> changes = history.forFile(host.id(), current.path());
        ChangeRecord source = backup == null ? lastChangeTo(current, changes) : named(current, changes, backup);

        String backupText = readBackup(source);
        return new RollbackPlan(current, source, backupText,
                Diffs.unified(current.fileName(), current.text(), backupText));
    }

    /** Restores the planned backup and records it; a file already equal to it is left alone. */
    public ChangeResult apply(RollbackPlan plan) throws HostException, IOException, ChangeRefusedException {
        ObjectNode settings = JSON.createObjectNode()
                .put("restored", plan.source().backupPath())
                .put("undoes", plan.source().id());
        ChangeResult result = new ChangeWriter(host, history).write(plan.current(), plan.backupText(),
                ChangeRecord.Kind.ROLLBACK, settings.toString());
        if (result.changed()) {
            LOG.info("Rolled back {} on {} to {}", plan.current().path(), host.id(), plan.source().backupPath());
        }
        return result;
    }

    private ChangeRecord lastChangeTo(ScriptFile current, List<ChangeRecord> changes) throws ChangeRefusedException {
        if (changes.isEmpty()) {
            throw new ChangeRefusedException(ChangeRefusedException.Reason.NO_BACKUP, "Burnwatch has recorded no"
                    + " change to " + current.path() + " on " + host.id() + ", so there is nothing to roll back.");
        }
        Optional<ChangeRecord> last = changes.stream()
                .filter(change -> change.kind() == ChangeRecord.Kind.PATCH && change.backupPath() != null)
                .filter(change -> change.afterSha256().equals(current.sha256()))
                .findFirst();
        if (last.isEmpty()) {
            throw new ChangeRefusedException(ChangeRefusedException.Reason.NO_BACKUP, current.path() + " on "
                    + host.id() + " is not a version Burnwatch wrote (it was edited since, or already rolled back"
                    + " as far as the history goes). Name the backup to restore with --to; recorded backups: "
                    + backupList(changes));
        }
        return last.get();
    }

    private ChangeRecord named(ScriptFile current, List<ChangeRecord> changes, String backup)
            throws ChangeRefusedException {
        return changes.stream()
                .filter(change -> change.backupPath() != null)
                .filter(change -> change.backupPath().equals(backup) || fileName(change.backupPath()).equals(backup))
                .findFirst()
                .orElseThrow(() -> new ChangeRefusedException(ChangeRefusedException.Reason.NO_BACKUP,
                        "'" + backup + "' is not a backup Burnwatch recorded for " + current.path() + " on "
                        + host.id() + ". Recorded backups: " + backupList(changes)));
    }

    private String readBackup(ChangeRecord source) throws HostException, ChangeRefusedException {
        if (host.stat(source.backupPath()).isEmpty()) {
            throw new ChangeRefusedException(ChangeRefusedException.Reason.NO_BACKUP, "The backup "
                    + source.backupPath() + " is no longer on " + host.id() + "; nothing was changed.");
        }
        byte[] content = host.readAll(source.backupPath(), SafeApply.MAX_SCRIPT_BYTES);
        if (!Hashes.sha256(content).equals(source.beforeSha256())) {
            throw new ChangeRefusedException(ChangeRefusedException.Reason.NO_BACKUP, "The backup "
                    + source.backupPath() + " on " + host.id() + " was altered after Burnwatch made it (its"
                    + " SHA-256 differs from the recorded one), so it is not restored; nothing was changed.");
        }
        return new String(content, StandardCharsets.UTF_8);
    }

    private static String backupList(List<ChangeRecord> changes) {
        String list = changes.stream()
                .map(ChangeRecord::backupPath)
                .filter(backup -> backup != null)
                .map(Rollback::fileName)
                .collect(Collectors.joining(", "));
        return list.isEmpty() ? "none" : list + " (see 'burnwatch history')";
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
