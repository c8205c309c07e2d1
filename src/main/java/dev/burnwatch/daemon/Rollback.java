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
            alreadyRolledBack(current, changes);
            throw new ChangeRefusedException(ChangeRefusedException.Reason.NO_BACKUP, current.path() + " on "
                    + host.id() + " is not a version Burnwatch wrote (it was edited since, or already rolled back"
                    + " as far as the history goes). Name the backup to restore with --to; recorded backups: "
                    + backupList(changes));
        }
        return last.get();
    }

    /**
     * Refuses a step back from a file that the newest recorded change, a rollback, wrote: rollbacks
     * are not stepped into, so the operator is told which change it undid and which older
     * backups {@code --to} can still restore.
     */
    private void alreadyRolledBack(ScriptFile current, List<ChangeRecord> changes) throws ChangeRefusedException {
        ChangeRecord newest = changes.get(0);
        if (newest.kind() != ChangeRecord.Kind.ROLLBACK || !newest.afterSha256().equals(current.sha256())) {
            return;
        }
        Optional<ChangeRecord> undone = undoneBy(newest, changes);
        long undoneId = undone.map(ChangeRecord::id).orElse(newest.id());
        List<ChangeRecord> older = changes.stream()
                .filter(change -> change.id() < undoneId && change.backupPath() != null)
                .filter(change -> !change.beforeSha256().equals(current.sha256()))
                .toList();
        String what = current.path() + " on " + host.id() + " is already rolled back: change #" + newest.id()
                + " rolled back " + undone.map(change -> "#" + change.id())
                        .orElse("to " + fileName(settingOf(newest, "restored")))
                + ", and a rollback is not itself stepped back (that would only toggle). ";
        String next = older.isEmpty()
                ? "There is no older backup to go back to: this is the version from before Burnwatch's first"
                        + " recorded change to it. To undo the rollback instead, name its backup with --to: "
                        + fileName(newest.backupPath()) + "."
                : "To go further back, name an older backup with --to: " + backupList(older);
        throw new ChangeRefusedException(ChangeRefusedException.Reason.NO_BACKUP, what + next);
    }

    /** The change a rollback undid: by its recorded number, or else by the backup it restored. */
    private static Optional<ChangeRecord> undoneBy(ChangeRecord rollback, List<ChangeRecord> changes) {
        String undoes = settingOf(rollback, "undoes");
        String restored = settingOf(rollback, "restored");
        return changes.stream()
                .filter(change -> change.id() != rollback.id())
                .filter(change -> undoes.equals(Long.toString(change.id()))
                        || undoes.isEmpty() && restored.equals(change.backupPath()))
                .findFirst();
    }

    /** One value of a change's recorded settings, or empty. */
    private static String settingOf(ChangeRecord change, String name) {
        try {
            return JSON.readTree(change.settings()).path(name).asText("");
        } catch (IOException e) {
            return "";
        }
    }

    private ChangeRecord named(ScriptFile current, List<ChangeRecord> changes, String backup)
            throws ChangeRefusedException {
        return changes.stream()
                .filter(change -> change.backupPath() != null)
                .filter(change -> change.backupPath().equals(backup) || fileName(change.backupPath()).equals(backup))
                .findFirst()
                .orElseThrow(() -> new ChangeRefusedException(ChangeRefusedException.Reason.UNKNOWN_BACKUP,
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
