package dev.burnwatch.daemon;

import java.time.Instant;
import java.util.List;

/**
 * What watching the sessions after a restart has shown so far.
 *
 * @param since the restart time (host clock): only sessions that began later count
 * @param maxTurns the cap N
 * @param model the pinned model M
 * @param wanted how many finished sessions the watch waits for
 * @param sessions every session since the restart, oldest first
 * @param timedOut true when the watch gave up before {@code wanted} sessions finished
 * @param cancelled true when the watch was cancelled
 */
public record WatchResult(Instant since, int maxTurns, String model, int wanted, List<SessionVerdict> sessions,
        boolean timedOut, boolean cancelled) {

    /** The sessions that have ended. */
    public List<SessionVerdict> finished() {
        return sessions.stream().filter(SessionVerdict::finished).toList();
    }

    /** True once enough sessions finished, or one has already failed (no need to wait longer). */
    public boolean complete() {
        return finished().size() >= wanted || sessions.stream().anyMatch(s -> !s.passed());
    }

    /** True when enough sessions finished and every session seen stayed within the cap on the pin. */
    public boolean passed() {
        return finished().size() >= wanted && sessions.stream().allMatch(SessionVerdict::passed);
    }
}
