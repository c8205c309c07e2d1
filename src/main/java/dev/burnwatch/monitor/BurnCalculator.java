package dev.burnwatch.monitor;

import dev.burnwatch.usage.ApiCall;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Works out the burn: today's spend, the recent rate, where today ends at that rate, and
 * how today's sessions behaved. "Today" and "now" are the host's, in the operator's zone.
 */
public final class BurnCalculator {

    /** The default daily budget in USD. */
    public static final BigDecimal DEFAULT_BUDGET = new BigDecimal("5");

    /** How far back the recent rate looks. */
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);

    private final Pricing pricing;
    private final ZoneId zone;
    private final Duration window;

    public BurnCalculator(Pricing pricing, ZoneId zone, Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("The burn-rate window must be positive, not " + window);
        }
        this.pricing = pricing;
        this.zone = zone;
        this.window = window;
    }

    /**
     * The figures at {@code now} for {@code calls} and their {@code sessions}.
     *
     * @param budgetUsd the daily budget
     * @param cap the turn cap in effect, 0 when none is known
     */
    public BurnFigures figures(List<ApiCall> calls, List<SessionRecord> sessions, Instant now,
                               BigDecimal budgetUsd, int cap) {
        return figures(calls, sessions, now, budgetUsd, cap, (Instant) null);
    }

    /**
     * The figures, counting a session at the cap only when it started once the cap was in
     * place ({@code capSince}, null when unknown): a long session from before the fix did
     * not hit a cap that did not exist yet.
     */
    public BurnFigures figures(List<ApiCall> calls, List<SessionRecord> sessions, Instant now,
                               BigDecimal budgetUsd, int cap, Instant capSince) {
        return figures(calls, sessions, now, budgetUsd, cap, session -> capSince == null
                || !session.firstTimestamp().isBefore(capSince) ? cap : 0);
    }

    /**
     * The figures, counting a session at the cap against the cap in force when it ran
     * ({@code capWhenRan}, 0 for none): a session that hit a cap of 30 still hit it after the cap
     * was rolled back, and one from before any cap hit none.
     *
     * @param cap the cap in force now, which the figures name
     */
    public BurnFigures figures(List<ApiCall> calls, List<SessionRecord> sessions, Instant now,
                               BigDecimal budgetUsd, int cap, ToIntFunction<SessionRecord> capWhenRan) {
        LocalDate today = now.atZone(zone).toLocalDate();
        Instant midnight = today.plusDays(1).atStartOfDay(zone).toInstant();
        Instant windowStart = now.minus(window);

        BigDecimal spendToday = BigDecimal.ZERO;
        BigDecimal recentCost = BigDecimal.ZERO;
        long recentTokens = 0;
        for (ApiCall call : calls) {
            if (call.timestamp().isAfter(now)) {
                continue;
            }
            BigDecimal cost = pricing.cost(call.model(), call.tokens()).orElse(BigDecimal.ZERO);
            if (call.timestamp().atZone(zone).toLocalDate().equals(today)) {
                spendToday = spendToday.add(cost);
            }
            if (call.timestamp().isAfter(windowStart)) {
                recentCost = recentCost.add(cost);
                recentTokens += call.tokens().total();
            }
        }

        double windowHours = window.toMillis() / 3_600_000.0;
        BigDecimal perHour = recentCost.divide(BigDecimal.valueOf(windowHours), 6, RoundingMode.HALF_UP);
        double hoursLeft = Math.max(0, Duration.between(now, midnight).toMillis() / 3_600_000.0);
        BigDecimal projection = spendToday.add(perHour.multiply(BigDecimal.valueOf(hoursLeft)))
                .setScale(6, RoundingMode.HALF_UP);
        double tokensPerMinute = recentTokens / (window.toMillis() / 60_000.0);

        int sessionsToday = 0;
        long turnsToday = 0;
        int atCap = 0;
        for (SessionRecord session : sessions) {
            if (!isOn(session.firstTimestamp(), today)) {
                continue;
            }
            sessionsToday++;
            turnsToday += session.turns();
            if (session.hitTheCap(capWhenRan.applyAsInt(session))) {
                atCap++;
            }
        }
        double averageTurns = sessionsToday == 0 ? 0 : (double) turnsToday / sessionsToday;

        return new BurnFigures(spendToday.setScale(6, RoundingMode.HALF_UP), projection, budgetUsd, perHour,
                tokensPerMinute, sessionsToday, averageTurns, atCap, Math.max(cap, 0));
    }

    private boolean isOn(Instant instant, LocalDate day) {
        return instant != null && ZonedDateTime.ofInstant(instant, zone).toLocalDate().equals(day);
    }
}
