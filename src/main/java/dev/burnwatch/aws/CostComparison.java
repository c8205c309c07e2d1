package dev.burnwatch.aws;

import dev.burnwatch.pricing.PriceTable;
import dev.burnwatch.usage.Aggregates;
import dev.burnwatch.usage.ApiCall;
import dev.burnwatch.usage.UsageRow;
import dev.burnwatch.usage.UsageSnapshot;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Billed spend per day beside Burnwatch's estimate from the transcripts, with the
 * difference, so an operator sees whether the estimate can be trusted. The billed side is
 * Claude on Bedrock (the per-model Marketplace services summed); days are UTC days, as
 * Cost Explorer counts them. Transcripts log fewer input and output tokens than are billed,
 * so a somewhat low estimate is expected; incomplete days (today and yesterday, which Cost
 * Explorer still fills in) are shown but left out of the verdict. Past days that AWS still
 * marks estimated (the whole current month) do count: they change little once a day old.
 *
 * @param rows one per day, oldest first
 * @param verdict what the complete days say about the estimate
 */
public record CostComparison(List<Row> rows, Verdict verdict) {

    /** How far the estimate may be from the bill, in percent, and still count as close. */
    public static final BigDecimal CLOSE_PERCENT = new BigDecimal("10");

    /** What the complete days say about the estimate. */
    public enum Verdict {
        /** Every day is still incomplete: nothing to judge by yet. */
        TOO_EARLY,
        /** The bill shows no Claude on Bedrock on complete days: the agents bill elsewhere, or not at all. */
        NO_BILLED_CLAUDE,
        /** Within {@link #CLOSE_PERCENT} of the bill. */
        CLOSE,
        /** Lower than the bill by more than that. */
        ESTIMATE_LOW,
        /** Higher than the bill by more than that. */
        ESTIMATE_HIGH
    }

    /**
     * One day.
     *
     * @param day the UTC day
     * @param billedClaudeUsd Claude on Bedrock as billed
     * @param billedTotalUsd everything AWS billed that day
     * @param estimatedUsd Burnwatch's estimate from the transcripts
     * @param differenceUsd estimate minus billed Claude (negative: the estimate is low)
     * @param differencePercent the difference as a percentage of billed Claude, or null when nothing was billed
     * @param incomplete the billed figure will still grow (today or yesterday)
     * @param estimated AWS still marks the day estimated
     */
    public record Row(LocalDate day, BigDecimal billedClaudeUsd, BigDecimal billedTotalUsd, BigDecimal estimatedUsd,
                      BigDecimal differenceUsd, BigDecimal differencePercent, boolean incomplete,
                      boolean estimated) {
    }

    /** The comparison of Cost Explorer days with estimates per UTC day (days missing from the estimate count as $0). */
    public static CostComparison of(List<DailyCost> billed, Map<LocalDate, BigDecimal> estimatedByUtcDay) {
        List<Row> rows = new ArrayList<>();
        BigDecimal billedComplete = BigDecimal.ZERO;
        BigDecimal estimatedComplete = BigDecimal.ZERO;
        int completeDays = 0;
        for (DailyCost day : billed) {
            BigDecimal claude = day.claudeOnBedrockUsd();
            BigDecimal estimate = estimatedByUtcDay.getOrDefault(day.day(), BigDecimal.ZERO);
            BigDecimal difference = estimate.subtract(claude);
            rows.add(new Row(day.day(), claude, day.totalUsd(), estimate, difference, percent(difference, claude),
                    day.incomplete(), day.estimated()));
            if (!day.incomplete()) {
                billedComplete = billedComplete.add(claude);
                estimatedComplete = estimatedComplete.add(estimate);
                completeDays++;
            }
        }
        Verdict verdict = completeDays == 0 ? Verdict.TOO_EARLY : verdict(billedComplete, estimatedComplete);
        return new CostComparison(List.copyOf(rows), verdict);
    }

    /** Burnwatch's estimate per UTC day from a usage snapshot. */
    public static Map<LocalDate, BigDecimal> estimateByUtcDay(UsageSnapshot snapshot, PriceTable prices) {
        Map<LocalDate, BigDecimal> byDay = new TreeMap<>();
        for (UsageRow row : Aggregates.byDay(snapshot, prices, ZoneOffset.UTC)) {
            byDay.put(LocalDate.parse(row.key()), row.costUsd());
        }
        return byDay;
    }

    /**
     * Burnwatch's estimate per UTC day from API calls; {@code cost} prices one call (empty for
     * an unpriced model, which is left out).
     */
    public static Map<LocalDate, BigDecimal> estimateByUtcDay(List<ApiCall> calls,
                                                              Function<ApiCall, Optional<BigDecimal>> cost) {
        Map<LocalDate, BigDecimal> byDay = new TreeMap<>();
        for (ApiCall call : calls) {
            Optional<BigDecimal> price = cost.apply(call);
            if (price.isPresent()) {
                byDay.merge(LocalDate.ofInstant(call.timestamp(), ZoneOffset.UTC), price.get(), BigDecimal::add);
            }
        }
        return byDay;
    }

    private static BigDecimal percent(BigDecimal difference, BigDecimal billed) {
        if (billed.signum() == 0) {
            return null;
        }
        return difference.multiply(BigDecimal.valueOf(100)).divide(billed, 1, RoundingMode.HALF_UP);
    }

    private static Verdict verdict(BigDecimal billed, BigDecimal estimated) {
        if (billed.signum() == 0) {
            return Verdict.NO_BILLED_CLAUDE;
        }
        BigDecimal percent = percent(estimated.subtract(billed), billed);
        if (percent.abs().compareTo(CLOSE_PERCENT) <= 0) {
            return Verdict.CLOSE;
        }
        return percent.signum() < 0 ? Verdict.ESTIMATE_LOW : Verdict.ESTIMATE_HIGH;
    }

    /** All complete days' billed Claude spend. */
    public BigDecimal billedClaudeOnCompleteDays() {
        return rows.stream().filter(r -> !r.incomplete()).map(Row::billedClaudeUsd)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** All complete days' estimate. */
    public BigDecimal estimatedOnCompleteDays() {
        return rows.stream().filter(r -> !r.incomplete()).map(Row::estimatedUsd)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
