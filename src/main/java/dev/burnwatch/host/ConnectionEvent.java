package dev.burnwatch.host;

/**
 * Something that happened to an SSH connection, reported to listeners so that a dropped
 * connection never goes unnoticed (the console shows it; the CLI logs it).
 *
 * @param hostId the host, as {@link Host#id()}
 * @param type what happened
 * @param attempt the reconnect attempt (1-based) for {@link Type#RECONNECTING}, else 0
 * @param message one line for the operator
 */
public record ConnectionEvent(String hostId, Type type, int attempt, String message) {

    /** The kinds of event. */
    public enum Type { CONNECTED, DROPPED, RECONNECTING, RECONNECTED, GAVE_UP, CLOSED }
}
