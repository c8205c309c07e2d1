package dev.burnwatch.usage;

import dev.burnwatch.pricing.ModelPrice;
import dev.burnwatch.pricing.PriceTable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Sums a {@link UsageSnapshot} by session, day, model or project, and prices it. Costs are
 * exact sums; round them only for display. An unpriced model's tokens are counted and its
 * cost is left out (see {@link #unpricedModels}).
 */
public final class Aggregates {

    private Aggregates() {
    }

    /** One row per session (per host), in the order the sessions started. */
    public static List<SessionSummary> sessions(UsageSnapshot snapshot, PriceTable prices) {
        Map<SessionKey, Group> groups = group(snapshot, call -> new SessionKey(call.host(), call.sessionId()));
        List<SessionSummary> sessions = new ArrayList<>(groups.size());
        for (Group group : groups.values()) {
            ApiCall any = group.sample;
            sessions.add(new SessionSummary(any.host(), any.sessionId(), group.project,
                    List.copyOf(group.perModel.keySet()), group.calls, group.turns, group.tokens(),
                    group.cost(prices), Instant.ofEpochMilli(group.first), Instant.ofEpochMilli(group.last)));
        }
        sessions.sort(Comparator.comparing(SessionSummary::firstTimestamp).thenComparing(SessionSummary::sessionId)
                .thenComparing(SessionSummary::host));
        return sessions;
    }

    /** One row per calendar day in {@code zone} (key {@code YYYY-MM-DD}), oldest first. */
    public static List<UsageRow> byDay(UsageSnapshot snapshot, PriceTable prices, ZoneId zone) {
        DayNames days = new DayNames(zone);
        List<UsageRow> rows = rows(group(snapshot, days::of), prices);
        rows.sort(Comparator.comparing(UsageRow::key));
        return rows;
    }

    /** One row per model id as logged, most expensive first. */
    public static List<UsageRow> byModel(UsageSnapshot snapshot, PriceTable prices) {
        return sortedBySpend(rows(group(snapshot, ApiCall::model), prices));
    }

    /** The same as {@link #byModel(UsageSnapshot, PriceTable)}; the zone plays no part in it. */
    public static List<UsageRow> byModel(UsageSnapshot snapshot, PriceTable prices, ZoneId zone) {
        return byModel(snapshot, prices);
    }

    /** One row per working directory, most expensive first. */
    public static List<UsageRow> byProject(UsageSnapshot snapshot, PriceTable prices) {
        return sortedBySpend(rows(group(snapshot, ApiCall::project), prices));
    }

    /** The same as {@link #byProject(UsageSnapshot, PriceTable)}; the zone plays no part in it. */
    public static List<UsageRow> byProject(UsageSnapshot snapshot, PriceTable prices, ZoneId zone) {
        return byProject(snapshot, prices);
    }

    /** All calls in one row (key {@code total}). */
    public static UsageRow totals(UsageSnapshot snapshot, PriceTable prices) {
        List<UsageRow> rows = rows(group(snapshot, call -> "total"), prices);
        return rows.isEmpty() ? new UsageRow("total", 0, Tokens.ZERO, BigDecimal.ZERO) : rows.get(0);
    }

    /** The models whose calls have no price (their cost is left out of every figure), sorted. */
    public static List<String> unpricedModels(UsageSnapshot snapshot, PriceTable prices) {
        TreeSet<String> unpriced = new TreeSet<>();
        Map<String, Boolean> checked = new LinkedHashMap<>();
        for (ApiCall call : snapshot.calls()) {
            if (!checked.computeIfAbsent(call.model(), model -> prices.find(model).isPresent())) {
                unpriced.add(call.model());
            }
        }
        return List.copyOf(unpriced);
    }

    /** The calendar day of a call in a zone. */
    public static LocalDate dayOf(ApiCall call, ZoneId zone) {
        return LocalDate.ofInstant(call.timestamp(), zone);
    }

    private static List<UsageRow> sortedBySpend(List<UsageRow> rows) {
        rows.sort(Comparator.comparing(UsageRow::costUsd).reversed()
                .thenComparing(Comparator.comparingLong((UsageRow row) -> row.tokens().total()).reversed())
                .thenComparing(UsageRow::key));
        return rows;
    }

    private static List<UsageRow> rows(Map<String, Group> groups, PriceTable prices) {
        List<UsageRow> rows = new ArrayList<>(groups.size());
        for (Map.Entry<String, Group> entry : groups.entrySet()) {
            Group group = entry.getValue();
            rows.add(new UsageRow(entry.getKey(), group.calls, group.tokens(), group.cost(prices)));
        }
        return rows;
    }

    private static <K> Map<K, Group> group(UsageSnapshot snapshot, Function<ApiCall, K> keyOf) {
        Map<K, Group> groups = new LinkedHashMap<>();
        K lastKey = null;
        Group last = null;
        for (ApiCall call : snapshot.calls()) {
            K key = keyOf.apply(call);
            if (last == null || !key.equals(lastKey)) {
                last = groups.computeIfAbsent(key, k -> new Group(call));
                lastKey = key;
            }
            last.add(call);
        }
        return groups;
    }

    private record SessionKey(String host, String sessionId) {
    }

    /** The day of each call as {@code YYYY-MM-DD}, one String per day rather than per call. */
    private static final class DayNames {
        private final ZoneId zone;
        private final Map<Long, String> names = new HashMap<>();

        DayNames(ZoneId zone) {
            this.zone = zone;
        }

        String of(ApiCall call) {
            Instant at = call.timestamp();
            long epochDay = Math.floorDiv(at.getEpochSecond() + zone.getRules().getOffset(at).getTotalSeconds(),
                    86_400L);
            return names.computeIfAbsent(epochDay, day -> LocalDate.ofEpochDay(day).toString());
        }
    }

    /** Running sums of one group; tokens kept per model so each model is priced once. */
    private static final class Group {
        final ApiCall sample;
        final Map<String, long[]> perModel = new LinkedHashMap<>();
        int calls;
        int turns;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        String project = "";
        long projectTime = Long.MAX_VALUE;

        Group(ApiCall sample) {
            this.sample = sample;
        }

        void add(ApiCall call) {
            calls++;
            if (!call.sidechain()) {
                turns++;
            }
            long millis = call.timestamp().toEpochMilli();
            first = Math.min(first, millis);
            last = Math.max(last, millis);
            if (!call.project().isEmpty() && millis < projectTime) {
                project = call.project();
                projectTime = millis;
            }
            long[] sums = perModel.computeIfAbsent(call.model(), model -> new long[5]);
            Tokens tokens = call.tokens();
            sums[0] += tokens.input();
            sums[1] += tokens.output();
            sums[2] += tokens.cacheWrite5m();
            sums[3] += tokens.cacheWrite1h();
            sums[4] += tokens.cacheRead();
        }

        Tokens tokens() {
            Tokens total = Tokens.ZERO;
            for (long[] sums : perModel.values()) {
                total = total.plus(tokensOf(sums));
            }
            return total;
        }

        BigDecimal cost(PriceTable prices) {
            BigDecimal total = BigDecimal.ZERO;
            for (Map.Entry<String, long[]> entry : perModel.entrySet()) {
                Optional<ModelPrice> price = prices.find(entry.getKey());
                if (price.isPresent()) {
                    total = total.add(price.get().cost(tokensOf(entry.getValue())));
                }
            }
            return total;
        }

        private static Tokens tokensOf(long[] sums) {
            return new Tokens(sums[0], sums[1], sums[2], sums[3], sums[4]);
        }
    }
}
