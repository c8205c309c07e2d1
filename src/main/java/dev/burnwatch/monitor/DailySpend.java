package dev.burnwatch.monitor;

import dev.burnwatch.usage.ApiCall;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Spend per calendar day, every day from the first to the last present (quiet days as zero). */
public final class DailySpend {

    private DailySpend() {
    }

    public static List<DaySpend> byDay(List<ApiCall> calls, List<SessionRecord> sessions, Pricing pricing,
                                       ZoneId zone) {
        TreeMap<LocalDate, BigDecimal> cost = new TreeMap<>();
        Map<LocalDate, Long> tokens = new TreeMap<>();
        Map<LocalDate, Integer> started = new TreeMap<>();
        for (ApiCall call : calls) {
            LocalDate day = call.timestamp().atZone(zone).toLocalDate();
            cost.merge(day, pricing.cost(call.model(), call.tokens()).orElse(BigDecimal.ZERO), BigDecimal::add);
            tokens.merge(day, call.tokens().total(), Long::sum);
        }
        for (SessionRecord session : sessions) {
            started.merge(session.firstTimestamp().atZone(zone).toLocalDate(), 1, Integer::sum);
        }
        if (cost.isEmpty()) {
            return List.of();
        }

        List<DaySpend> days = new ArrayList<>();
        LocalDate last = cost.lastKey();
        for (LocalDate day = cost.firstKey(); !day.isAfter(last);
                day = day.plusDays(1)) {
            days.add(new DaySpend(day, cost.getOrDefault(day, BigDecimal.ZERO), started.getOrDefault(day, 0),
                    tokens.getOrDefault(day, 0L)));
        }
        return days;
    }
}
