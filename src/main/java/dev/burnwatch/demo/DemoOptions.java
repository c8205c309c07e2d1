package dev.burnwatch.demo;

import java.time.Duration;
import java.time.Instant;

/**
 * How the demo host runs. The defaults tell the story at the pace of a presentation: the
 * demo clock runs 60 times faster than real time (a demo day passes in 24 minutes), a new
 * turn is written about every second, and a task arrives every three demo hours.
 *
 * <pre>{@code
 * DemoHost host = DemoHost.start(AppDirs.fromEnvironment(), DemoOptions.defaults().withSpeed(120));
 * }</pre>
 *
 * @param speed demo seconds per real second
 * @param turnPause real time between two turns of a session
 * @param taskInterval demo time between two tasks the feeder puts into the queue
 * @param restartDelay real time the service manager waits before it restarts an exited daemon
 *     ({@code RestartSec})
 * @param pollInterval real time the daemon sleeps between looks at its queue ({@code POLL_SECONDS})
 * @param historyDays demo days of history written into a new sandbox before the clock starts
 * @param turnsMin shortest natural length of a session, in turns
 * @param turnsMax longest natural length of a session, in turns
 * @param contextTokens context the daemon injects into every session's first turn
 * @param startAt the demo time a new sandbox starts at; null for 09:00 today (this machine's zone)
 * @param port the port to listen on; 0 for the last one used, or a free one
 */
public record DemoOptions(double speed, Duration turnPause, Duration taskInterval, Duration restartDelay,
        Duration pollInterval, int historyDays, int turnsMin, int turnsMax, int contextTokens, Instant startAt,
        int port) {

    /** The clock of a presentation: a demo day in 24 minutes. */
    public static final double DEFAULT_SPEED = 60;

    /**
     * A turn about every real second at the default speed (54 demo seconds of pause): well
     * inside the five quiet minutes after which a watcher takes a session for ended.
     */
    public static final Duration DEFAULT_TURN_PAUSE = Duration.ofMillis(900);

    /** The slowest clock the demo accepts: ten real seconds for one demo second. */
    public static final double MIN_SPEED = 0.1;

    /** The fastest clock the demo accepts: a demo day in under nine real seconds. */
    public static final double MAX_SPEED = 10_000;

    public DemoOptions {
        if (!(speed >= MIN_SPEED && speed <= MAX_SPEED)) {
            throw new IllegalArgumentException("The demo speed must be from " + MIN_SPEED + " to " + (int) MAX_SPEED
                    + " (demo seconds per real second), not " + speed);
        }
        requirePositive(turnPause, "turn pause");
        requirePositive(taskInterval, "task interval");
        requirePositive(restartDelay, "restart delay");
        requirePositive(pollInterval, "poll interval");
        if (historyDays < 0 || historyDays > 30) {
            throw new IllegalArgumentException("The demo history must be 0 to 30 days, not " + historyDays);
        }
        if (turnsMin < 1 || turnsMax < turnsMin) {
            throw new IllegalArgumentException("Session lengths must satisfy 1 <= min <= max, not "
                    + turnsMin + ".." + turnsMax);
        }
        if (contextTokens < 0) {
            throw new IllegalArgumentException("The context size cannot be negative: " + contextTokens);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("Not a TCP port: " + port);
        }
    }

    /** The pace of a presentation (see the class description). */
    public static DemoOptions defaults() {
        return new DemoOptions(DEFAULT_SPEED, DEFAULT_TURN_PAUSE, Duration.ofHours(3), Duration.ofSeconds(5),
                Duration.ofSeconds(2), 3, 30, 100, 25_000, null, 0);
    }

    /**
     * The defaults at another clock speed, with the same volumes in demo time: a turn still
     * takes about a demo minute, so a demo day holds as many sessions and dollars at 600x
     * as at 60x (turns come faster in real time, down to one every 10 ms).
     */
    public static DemoOptions atSpeed(double speed) {
        DemoOptions defaults = defaults().withSpeed(speed);
        long pause = Math.round(DEFAULT_TURN_PAUSE.toMillis() * DEFAULT_SPEED / speed);
        return defaults.withTurnPause(Duration.ofMillis(Math.max(10, Math.min(pause, 60_000))));
    }

    public DemoOptions withSpeed(double value) {
        return new DemoOptions(value, turnPause, taskInterval, restartDelay, pollInterval, historyDays, turnsMin,
                turnsMax, contextTokens, startAt, port);
    }

    public DemoOptions withTurnPause(Duration value) {
        return new DemoOptions(speed, value, taskInterval, restartDelay, pollInterval, historyDays, turnsMin,
                turnsMax, contextTokens, startAt, port);
    }

    public DemoOptions withTaskInterval(Duration value) {
        return new DemoOptions(speed, turnPause, value, restartDelay, pollInterval, historyDays, turnsMin,
                turnsMax, contextTokens, startAt, port);
    }

    public DemoOptions withRestartDelay(Duration value) {
        return new DemoOptions(speed, turnPause, taskInterval, value, pollInterval, historyDays, turnsMin,
                turnsMax, contextTokens, startAt, port);
    }

    public DemoOptions withPollInterval(Duration value) {
        return new DemoOptions(speed, turnPause, taskInterval, restartDelay, value, historyDays, turnsMin,
                turnsMax, contextTokens, startAt, port);
    }

    public DemoOptions withHistoryDays(int value) {
        return new DemoOptions(speed, turnPause, taskInterval, restartDelay, pollInterval, value, turnsMin,
                turnsMax, contextTokens, startAt, port);
    }

    public DemoOptions withTurns(int min, int max) {
        return new DemoOptions(speed, turnPause, taskInterval, restartDelay, pollInterval, historyDays, min, max,
                contextTokens, startAt, port);
    }

    public DemoOptions withStartAt(Instant value) {
        return new DemoOptions(speed, turnPause, taskInterval, restartDelay, pollInterval, historyDays, turnsMin,
                turnsMax, contextTokens, value, port);
    }

    public DemoOptions withPort(int value) {
        return new DemoOptions(speed, turnPause, taskInterval, restartDelay, pollInterval, historyDays, turnsMin,
                turnsMax, contextTokens, startAt, value);
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("The demo " + name + " must be positive, not " + value);
        }
    }
}
