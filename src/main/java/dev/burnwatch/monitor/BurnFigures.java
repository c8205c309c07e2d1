package dev.burnwatch.monitor;

import java.math.BigDecimal;

/**
 * The figures on a dashboard's tiles, for one host or all, as of the host's own clock.
 *
 * @param spendToday what today's API calls cost so far
 * @param projection today's spend by midnight if the recent rate holds
 * @param budgetUsd the daily budget it is held against
 * @param dollarsPerHour the recent burn rate in USD
 * @param tokensPerMinute the recent burn rate in tokens
 * @param sessionsToday sessions that started today
 * @param averageTurns mean turns of today's sessions (0 without sessions)
 * @param sessionsAtCap today's sessions whose turns reached the cap (0 without a cap)
 * @param cap the turn cap they were held against (0: none known)
 */
public record BurnFigures(BigDecimal spendToday, BigDecimal projection, BigDecimal budgetUsd,
                          BigDecimal dollarsPerHour, double tokensPerMinute, int sessionsToday,
                          double averageTurns, int sessionsAtCap, int cap) {

    /** True when today's spend is heading past the budget. */
    public boolean projectedOverBudget() {
        return budgetUsd.signum() > 0 && projection.compareTo(budgetUsd) > 0;
    }

    /** The projection as a fraction of the budget (1.0 = exactly on budget). */
    public double projectionShare() {
        return budgetUsd.signum() > 0 ? projection.doubleValue() / budgetUsd.doubleValue() : 0;
    }
}
