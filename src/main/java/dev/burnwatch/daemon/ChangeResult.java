package dev.burnwatch.daemon;

/**
 * What a patch or rollback did on the host, and what the history now says about it.
 *
 * @param outcome what {@link SafeApply} did to the file
 * @param record the history entry, or null when nothing changed (nothing was recorded)
 */
public record ChangeResult(ApplyOutcome outcome, ChangeRecord record) {

    public boolean changed() {
        return outcome.changed();
    }
}
