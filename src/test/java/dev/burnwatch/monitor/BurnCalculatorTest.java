package dev.burnwatch.monitor;

import static dev.burnwatch.monitor.Calls.PRICES;
import static dev.burnwatch.monitor.Calls.SONNET;
import static dev.burnwatch.monitor.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnwatch.usage.ApiCall;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class BurnCalculatorTest {

    private final BurnCalculator calculator = new BurnCalculator(PRICES, ZoneOffset.UTC, Duration.ofHours(1));

    @Test
    void projectsTodaysSpendToMidnightAtTheLastHoursRate() {
        List<ApiCall> calls = List.of(
                call("old", SONNET, "2026-01-04T23:00:00Z", 1_000_000, 0),
                call("s1", SONNET, "2026-01-05T08:00:00Z", 1_000_000, 0),
                call("s2", SONNET, "2026-01-05T11:30:00Z", 0, 100_000));
        Instant now = Instant.parse("2026-01-05T12:00:00Z");

        BurnFigures figures = calculator.figures(calls, SessionBook.sessions(calls, PRICES), now,
                BurnCalculator.DEFAULT_BUDGET, 0);

        assertThat(figures.spendToday()).isEqualByComparingTo("4.5");
        assertThat(figures.dollarsPerHour()).isEqualByComparingTo("1.5");
        assertThat(figures.projection()).isEqualByComparingTo("22.5");
        assertThat(figures.tokensPerMinute()).isEqualTo(100_000 / 60.0);
        assertThat(figures.projectedOverBudget()).isTrue();
        assertThat(figures.projectionShare()).isEqualTo(4.5);
    }

    @Test
    void countsTodaysSessionsTheirAverageTurnsAndThoseThatHitTheCap() {
        List<ApiCall> calls = List.of(
                call("yesterday", SONNET, "2026-01-04T22:00:00Z", 1, 0),
                call("a", SONNET, "2026-01-05T09:00:00Z", 1, 0),
                call("a", SONNET, "2026-01-05T09:01:00Z", 1, 0),
                call("a", SONNET, "2026-01-05T09:02:00Z", 1, 0),
                call("b", SONNET, "2026-01-05T10:00:00Z", 1, 0));

        BurnFigures figures = calculator.figures(calls, SessionBook.sessions(calls, PRICES),
                Instant.parse("2026-01-05T12:00:00Z"), BigDecimal.TEN, 3);

        assertThat(figures.sessionsToday()).isEqualTo(2);
        assertThat(figures.averageTurns()).isEqualTo(2.0);
        assertThat(figures.sessionsAtCap()).isEqualTo(1);
        assertThat(figures.projectedOverBudget()).isFalse();
    }

    @Test
    void countsOnlySessionsStartedOnceTheCapWasInPlaceAsAtTheCap() {
        List<ApiCall> calls = new java.util.ArrayList<>();
        for (int turn = 0; turn < 3; turn++) {
            calls.add(call("before-the-fix", SONNET, "2026-01-05T08:0" + turn + ":00Z", 1, 0));
            calls.add(call("after-the-fix", SONNET, "2026-01-05T11:0" + turn + ":00Z", 1, 0));
        }

        BurnFigures figures = calculator.figures(calls, SessionBook.sessions(calls, PRICES),
                Instant.parse("2026-01-05T12:00:00Z"), BigDecimal.TEN, 3, Instant.parse("2026-01-05T10:00:00Z"));

        assertThat(figures.sessionsAtCap()).isEqualTo(1);
        assertThat(figures.sessionsToday()).isEqualTo(2);
    }

    @Test
    void aQuietHourProjectsTodaysSpendAsItIs() {
        List<ApiCall> calls = List.of(call("s1", SONNET, "2026-01-05T02:00:00Z", 1_000_000, 0));

        BurnFigures figures = calculator.figures(calls, SessionBook.sessions(calls, PRICES),
                Instant.parse("2026-01-05T12:00:00Z"), BurnCalculator.DEFAULT_BUDGET, 0);

        assertThat(figures.dollarsPerHour()).isEqualByComparingTo("0");
        assertThat(figures.projection()).isEqualByComparingTo("3");
    }

    @Test
    void refusesAnEmptyWindow() {
        assertThatThrownBy(() -> new BurnCalculator(PRICES, ZoneOffset.UTC, Duration.ZERO))
                .hasMessageContaining("window must be positive");
    }
}
