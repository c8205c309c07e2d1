package dev.burnwatch.host;

/**
 * A host operation failed. The message is for the operator: what happened, to which host
 * or file, and what to do next. {@link #kind()} lets callers react (retry, ask to trust a
 * key, map to an exit code).
 */
public class HostException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a host operation failed. */
    public enum Kind {
        /** Host name did not resolve, or no route, or connection refused / timed out. */
        UNREACHABLE(true),
        /** The server refused our key, user or password; or a passphrase is needed. */
        AUTHENTICATION(true),
        /** The host key is not known yet: the operator must decide whether to trust it. */
        HOST_KEY_UNKNOWN(true),
        /** The host key differs from the trusted one. */
        HOST_KEY_CHANGED(true),
        /** The connection dropped in the middle of an operation. */
        DISCONNECTED(true),
        /** The operation did not finish in time. */
        TIMEOUT(true),
        /** Permission denied on a file, or sudo wants a password. */
        PERMISSION(false),
        /** No such file or folder. */
        NOT_FOUND(false),
        /** The operation was cancelled (thread interrupted). */
        CANCELLED(false),
        /** Anything else. */
        OTHER(false);

        private final boolean connection;

        Kind(boolean connection) {
            this.connection = connection;
        }

        /** True where the host could not be reached or trusted (CLI exit status 3). */
        public boolean isConnection() {
            return connection;
        }
    }

    private final Kind kind;

    public HostException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public HostException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
