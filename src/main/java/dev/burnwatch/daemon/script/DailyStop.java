package dev.burnwatch.daemon.script;

import java.time.LocalTime;

/**
 * A daily stop found in the script.
 *
 * @param timeUtc when the daemon stops each day, in UTC
 * @param line the 1-based line where it is set up
 * @param deadlineBased true for a stop that compares against a deadline computed at start (the form
 *     Burnwatch writes), false for one that compares the current minute and so can be missed
 */
public record DailyStop(LocalTime timeUtc, int line, boolean deadlineBased) {
}
