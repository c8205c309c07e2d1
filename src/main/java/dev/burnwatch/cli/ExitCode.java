package dev.burnwatch.cli;

/** Exit statuses every command shares (see CONVENTIONS.md). */
public final class ExitCode {

    /** Done. */
    public static final int OK = 0;
    /** A check failed or an operation was refused: verify failed, conflict, over budget. */
    public static final int CHECK_FAILED = 1;
    /** Bad input or usage. */
    public static final int BAD_INPUT = 2;
    /** Could not reach or trust the host: connection, authentication, host key. */
    public static final int HOST_UNREACHABLE = 3;

    private ExitCode() {
    }
}
