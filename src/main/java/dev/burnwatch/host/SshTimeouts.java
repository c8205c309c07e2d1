package dev.burnwatch.host;

import java.time.Duration;

/**
 * How long an SSH host waits for things. Nothing waits without a limit.
 *
 * @param connect to open the TCP connection and log in
 * @param operation for one file operation (list, read, write, rename) to finish
 * @param keepAliveInterval silence after which a keepalive is sent
 * @param keepAliveCountMax unanswered keepalives after which the connection counts as dropped
 * @param reconnectAttempts how often a dropped connection is re-established before giving up
 * @param firstBackoff the wait before the first reconnect; it doubles for each further one
 */
public record SshTimeouts(Duration connect, Duration operation, Duration keepAliveInterval, int keepAliveCountMax,
        int reconnectAttempts, Duration firstBackoff) {

    /** 10 s to connect, 60 s per operation, a keepalive every 15 s (3 missed = dropped), 4 reconnects from 0.5 s. */
    public static final SshTimeouts DEFAULTS = new SshTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60),
            Duration.ofSeconds(15), 3, 4, Duration.ofMillis(500));

    public SshTimeouts withOperation(Duration newOperation) {
        return new SshTimeouts(connect, newOperation, keepAliveInterval, keepAliveCountMax, reconnectAttempts,
                firstBackoff);
    }

    public SshTimeouts withReconnect(int attempts, Duration backoff) {
        return new SshTimeouts(connect, operation, keepAliveInterval, keepAliveCountMax, attempts, backoff);
    }
}
