package dev.burnwatch.monitor;

import dev.burnwatch.usage.ApiCall;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Everything the console shows about a host (or all hosts merged), worked out off the UI
 * thread from one reading: sessions, the burn figures and spend per day.
 *
 * @param reading what was read
 * @param sessions its sessions, most recent first
 * @param figures the burn figures at the host's clock
 * @param days spend per day
 */
public record HostFigures(HostReading reading, List<SessionRecord> sessions, BurnFigures figures,
                          List<DaySpend> days) {

    /** Works the figures out for {@code reading}. */
    public static HostFigures of(HostReading reading, Pricing pricing, ZoneId zone, BigDecimal budget, int cap) {
        return of(reading, pricing, zone, budget, cap, (Instant) null);
    }

    /** Works the figures out, with the cap in place since {@code capSince} (null when unknown). */
    public static HostFigures of(HostReading reading, Pricing pricing, ZoneId zone, BigDecimal budget, int cap,
                                 Instant capSince) {
        return of(reading, pricing, zone, budget, cap, session -> capSince == null
                || !session.firstTimestamp().isBefore(capSince) ? cap : 0);
    }

    /**
     * Works the figures out, each session held against the cap in force when it ran
     * ({@code capWhenRan}); {@code cap} is the one in force now.
     */
    public static HostFigures of(HostReading reading, Pricing pricing, ZoneId zone, BigDecimal budget, int cap,
                                 ToIntFunction<SessionRecord> capWhenRan) {
        List<ApiCall> calls = reading.calls();
        List<SessionRecord> sessions = SessionBook.sessions(calls, pricing);
        BurnCalculator calculator = new BurnCalculator(pricing, zone, BurnCalculator.DEFAULT_WINDOW);
        BurnFigures figures = calculator.figures(calls, sessions, reading.hostNow(), budget, cap, capWhenRan);
        return new HostFigures(reading, sessions, figures, DailySpend.byDay(calls, sessions, pricing, zone));
    }

    /** The readings of several hosts as one, "now" being the latest of their clocks. */
    public static HostReading merge(String id, List<HostReading> readings) {
        Instant now = readings.stream().map(HostReading::hostNow).max(Instant::compareTo).orElse(Instant.now());
        List<ApiCall> calls = readings.stream().flatMap(r -> r.calls().stream()).toList();
        long malformed = readings.stream().mapToLong(HostReading::malformedLines).sum();
        return new HostReading(id, calls, now, malformed);
    }

    /** How old the reading is at {@code now}. */
    public Duration age(Instant now) {
        return Duration.between(reading.hostNow(), now);
    }
}
