package dev.burnwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.pricing.PriceTable;
import dev.burnwatch.usage.ApiCall;
import dev.burnwatch.usage.Tokens;
import dev.burnwatch.usage.UsageSnapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostComparisonTest {

    private static DailyCost billed(String day, boolean incomplete, String claudeUsd, String otherUsd) {
        return new DailyCost(LocalDate.parse(day), List.of(
                new DailyCost.CostLine(List.of("Claude Sonnet 4.5 (Amazon Bedrock Edition)"),
                        new BigDecimal(claudeUsd)),
                new DailyCost.CostLine(List.of("Amazon Simple Storage Service"), new BigDecimal(otherUsd))),
                incomplete);
    }

    @Test
    void eachDayShowsBilledClaudeBesideTheEstimateWithTheDifference() {
        List<DailyCost> bill = List.of(billed("2026-11-30", false, "10.00", "1.00"),
                billed("2026-12-01", true, "2.00", "0.10"));

        CostComparison comparison = CostComparison.of(bill, Map.of(LocalDate.parse("2026-11-30"),
                new BigDecimal("9.20"), LocalDate.parse("2026-12-01"), new BigDecimal("5.00")));

        CostComparison.Row first = comparison.rows().get(0);
        assertThat(first.billedClaudeUsd()).isEqualByComparingTo("10.00");
        assertThat(first.billedTotalUsd()).isEqualByComparingTo("11.00");
        assertThat(first.differenceUsd()).isEqualByComparingTo("-0.80");
        assertThat(first.differencePercent()).isEqualByComparingTo("-8.0");
        assertThat(comparison.rows().get(1).incomplete()).isTrue();
        assertThat(comparison.verdict()).as("the incomplete day is left out").isEqualTo(CostComparison.Verdict.CLOSE);
    }

    @Test
    void anEstimateFarBelowTheBillIsCalledLow() {
        CostComparison comparison = CostComparison.of(List.of(billed("2026-11-30", false, "10.00", "0")),
                Map.of(LocalDate.parse("2026-11-30"), new BigDecimal("6.00")));

        assertThat(comparison.verdict()).isEqualTo(CostComparison.Verdict.ESTIMATE_LOW);
    }

    @Test
    void withoutClaudeOnTheBillThereIsNothingToTrustOrDistrust() {
        CostComparison comparison = CostComparison.of(List.of(billed("2026-11-30", false, "0", "3.00")),
                Map.of(LocalDate.parse("2026-11-30"), new BigDecimal("6.00")));

        assertThat(comparison.verdict()).isEqualTo(CostComparison.Verdict.NO_BILLED_CLAUDE);
        assertThat(comparison.rows().get(0).differencePercent()).isNull();
    }

    @Test
    void withOnlyIncompleteDaysItIsTooEarlyToJudgeEvenWithClaudeOnTheBill() {
        CostComparison comparison = CostComparison.of(List.of(billed("2026-12-02", true, "4.00", "0"),
                billed("2026-12-03", true, "1.00", "0")), Map.of());

        assertThat(comparison.verdict()).isEqualTo(CostComparison.Verdict.TOO_EARLY);
    }

    @Test
    void aPastDayThatAwsStillMarksEstimatedCountsForTheVerdict() {
        DailyCost estimatedButPast = new DailyCost(LocalDate.parse("2026-11-30"), List.of(new DailyCost.CostLine(
                List.of("Claude Sonnet 4.5 (Amazon Bedrock Edition)"), new BigDecimal("10.00"))), false, true);

        CostComparison comparison = CostComparison.of(List.of(estimatedButPast),
                Map.of(LocalDate.parse("2026-11-30"), new BigDecimal("5.00")));

        assertThat(comparison.rows().get(0).estimated()).isTrue();
        assertThat(comparison.rows().get(0).incomplete()).isFalse();
        assertThat(comparison.verdict()).isEqualTo(CostComparison.Verdict.ESTIMATE_LOW);
    }

    @Test
    void theEstimateIsSummedPerUtcDayFromTheSnapshot() {
        Tokens million = new Tokens(1_000_000, 0, 0, 0, 0);
        UsageSnapshot snapshot = new UsageSnapshot(List.of(
                new ApiCall("local", "s1", "/w", "claude-sonnet-4-5", Instant.parse("2026-11-30T23:30:00Z"), false,
                        million),
                new ApiCall("local", "s1", "/w", "claude-sonnet-4-5", Instant.parse("2026-12-01T00:30:00Z"), false,
                        million)), 0);

        Map<LocalDate, BigDecimal> estimate = CostComparison.estimateByUtcDay(snapshot, PriceTable.bundled());

        assertThat(estimate.get(LocalDate.parse("2026-11-30"))).isEqualByComparingTo("3");
        assertThat(estimate.get(LocalDate.parse("2026-12-01"))).isEqualByComparingTo("3");
    }
}
