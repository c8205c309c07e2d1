package dev.burnwatch.daemon;

import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a new version of a script in place through {@link SafeApply} and records it in the
 * {@link ChangeHistory}: the one path by which patches and rollbacks change a file.
 */
public final class ChangeWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeWriter.class);

    private final Host host;
    private final ChangeHistory history;

    public ChangeWriter(Host host, ChangeHistory history) {
        this.host = host;
        this.history = history;
    }

    /**
     * Replaces {@code original} with {@code newText} and records the change; when the text is
     * the same nothing is written or recorded. Before anything is written it checks that the change
     * can be recorded and, for a patch, that the script is valid bash as it is.
     *
     * @param settings what was asked for, as a JSON object (kept in the history)
     */
    public ChangeResult write(ScriptFile original, String newText, ChangeRecord.Kind kind, String settings)
            throws HostException, IOException, ChangeRefusedException {
        return write(original, newText, kind, settings, Diffs.unified(original.fileName(), original.text(), newText));
    }

    /** As {@link #write(ScriptFile, String, ChangeRecord.Kind, String)}, recording the given diff. */
    public ChangeResult write(ScriptFile original, String newText, ChangeRecord.Kind kind, String settings,
            String diff) throws HostException, IOException, ChangeRefusedException {
        SafeApply safe = new SafeApply(host);
        if (!newText.equals(original.text())) {
            history.requireWritable();
            if (kind == ChangeRecord.Kind.PATCH) {
                safe.requireValidBash(original);
            }
        }
        ApplyOutcome outcome = safe.apply(original, newText);
        if (!outcome.changed()) {
            return new ChangeResult(outcome, null);
        }
        ChangeRecord record;
        try {
            record = history.record(new ChangeRecord(0, host.id(), outcome.path(), host.now(), kind, settings,
                    diff, outcome.backupPath(), outcome.beforeSha256(), outcome.afterSha256()));
        } catch (IOException e) {
            throw new IOException("The new version of " + outcome.path() + " is in place (backup "
                    + outcome.backupPath() + "), but it could not be recorded: " + e.getMessage(), e);
        }
        LOG.info("Recorded {} #{} of {} on {}", kind.name().toLowerCase(java.util.Locale.ROOT), record.id(),
                outcome.path(), host.id());
        return new ChangeResult(outcome, record);
    }
}
