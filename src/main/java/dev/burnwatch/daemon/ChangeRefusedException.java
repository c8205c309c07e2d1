package dev.burnwatch.daemon;

/**
 * A change to a daemon script was refused, and the script was left as it was. The message
 * says what happened to which file and what to do next; {@link #reason()} lets a caller
 * react (the CLI exits with status 1 for every reason).
 */
public class ChangeRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a change was refused. */
    public enum Reason {
        /** The file changed on the host between reading it and replacing it. */
        CONFLICT,
        /** {@code bash -n} rejected the new text, or the script as it already was. */
        INVALID_SCRIPT,
        /** The login user may not write in the script's folder, where the new version is written first. */
        NOT_WRITABLE,
        /** Burnwatch's own change history cannot be written, so the change could not be recorded. */
        HISTORY_NOT_WRITABLE,
        /** The new file could not be given the owner, group and mode of the old one. */
        ATTRIBUTES,
        /** Nothing recorded to go back to, or the recorded backup is gone or altered. */
        NO_BACKUP,
        /** The backup named to restore is not one Burnwatch recorded for the script: a mistake in the input. */
        UNKNOWN_BACKUP,
    }

    private final Reason reason;

    public ChangeRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
