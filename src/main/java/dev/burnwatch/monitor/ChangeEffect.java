package dev.burnwatch.monitor;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

/**
 * The effect of a daemon settings change, as numbers: sessions that started before it
 * against those that started after it.
 *
 * @param changedAt when the settings changed
 * @param before sessions that started before the change
 * @param after sessions that started after it
 */
public record ChangeEffect(Instant changedAt, Side before, Side after) {

    /**
     * One side of the change.
     *
     * @param sessions how many sessions
     * @param tokensPerMinute mean of their tokens per minute
     * @param averageTurns mean turns per session
     * @param averageCostUsd mean cost per session
     */
    public record Side(int sessions, double tokensPerMinute, double averageTurns, BigDecimal averageCostUsd) {

        static Side of(List<SessionRecord> sessions) {
            if (sessions.isEmpty()) {
                return new Side(0, 0, 0, BigDecimal.ZERO);
            }
            double rate = sessions.stream().mapToDouble(SessionRecord::tokensPerMinute).average().orElse(0);
            double turns = sessions.stream().mapToInt(SessionRecord::turns).average().orElse(0);
            BigDecimal cost = sessions.stream().map(SessionRecord::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add)
                    .divide(BigDecimal.valueOf(sessions.size()), 6, RoundingMode.HALF_UP);
            return new Side(sessions.size(), rate, turns, cost);
        }
    }

    /** Splits {@code sessions} at {@code changedAt}. */
    public static ChangeEffect of(List<SessionRecord> sessions, Instant changedAt) {
        return of(sessions, changedAt, null);
    }

    /**
     * Sessions that started after {@code changedAt} against those that ran under the settings
     * it replaced: those that started since {@code previousChange} (all before it when null).
     * Without that bound, a rollback's "before" would mix the patched sessions with the
     * unpatched ones from before the patch, and an uncapped daemon could show as a saving.
     */
    public static ChangeEffect of(List<SessionRecord> sessions, Instant changedAt, Instant previousChange) {
        List<SessionRecord> before = sessions.stream().filter(s -> s.firstTimestamp().isBefore(changedAt)
                && (previousChange == null || !s.firstTimestamp().isBefore(previousChange))).toList();
        List<SessionRecord> after = sessions.stream().filter(s -> !s.firstTimestamp().isBefore(changedAt)).toList();
        return new ChangeEffect(changedAt, Side.of(before), Side.of(after));
    }

    /**
     * The relative change of tokens per minute (-0.8 = 80% fewer), or NaN when a side has no
     * session to compare.
     */
    public double tokensPerMinuteChange() {
        if (before.sessions() == 0 || after.sessions() == 0 || before.tokensPerMinute() == 0) {
            return Double.NaN;
        }
        return after.tokensPerMinute() / before.tokensPerMinute() - 1;
    }
}
