package dev.burnwatch.daemon;

/**
 * A restart of the daemon's unit did not happen or could not be proven (the main PID and
 * start time did not both change). The message says what the host answered and what to do;
 * the CLI exits with status 1.
 */
public class RestartFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient RestartReport report;

    public RestartFailedException(String message, RestartReport report) {
        super(message);
        this.report = report;
    }

    /** What was seen before giving up (the unit's states and journal), or null if nothing ran. */
    public RestartReport report() {
        return report;
    }
}
