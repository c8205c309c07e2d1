package dev.burnwatch.monitor;

import static dev.burnwatch.monitor.Calls.PRICES;
import static dev.burnwatch.monitor.Calls.SONNET;
import static dev.burnwatch.monitor.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.usage.ApiCall;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertTrackerTest {

    private static final Instant NOW = Instant.parse("2026-01-05T12:00:00Z");
    private final AlertTracker tracker = new AlertTracker();

    @Test
    void alertsOnceWhenTheProjectionCrossesTheBudgetAndAgainAfterItFellBack() {
        BurnFigures over = figures("20", 0);
        BurnFigures under = figures("2", 0);

        List<Alert> first = tracker.onFigures("h1", over, List.of(), NOW, null);
        List<Alert> repeated = tracker.onFigures("h1", over, List.of(), NOW, null);
        tracker.onFigures("h1", under, List.of(), NOW, null);
        List<Alert> again = tracker.onFigures("h1", over, List.of(), NOW, null);

        assertThat(first).extracting(Alert::kind).containsExactly(Alert.Kind.PROJECTION_OVER_BUDGET);
        assertThat(first.get(0).message()).contains("$20.00", "$5.00");
        assertThat(repeated).isEmpty();
        assertThat(again).hasSize(1);
    }

    @Test
    void saysSoWhenTodaysSpendIsAlreadyOverTheBudget() {
        BurnFigures spent = new BurnFigures(new BigDecimal("6.53"), new BigDecimal("6.53"),
                BurnCalculator.DEFAULT_BUDGET, BigDecimal.ZERO, 0, 0, 0, 0, 0);

        Alert alert = tracker.onFigures("h1", spent, List.of(), NOW, null).get(0);

        assertThat(alert.title()).isEqualTo("Over budget today");
        assertThat(alert.message()).contains("has spent $6.53 today, over its budget of $5.00")
                .doesNotContain("burning $0.00");
    }

    @Test
    void alertsOnceForAnActiveSessionPastTheCapAndNeverForAFinishedOne() {
        List<ApiCall> calls = new ArrayList<>();
        for (int turn = 0; turn < 4; turn++) {
            calls.add(call("running", SONNET, "2026-01-05T11:5" + turn + ":00Z", 1, 0));
            calls.add(call("finished", SONNET, "2026-01-05T08:0" + turn + ":00Z", 1, 0));
        }
        List<SessionRecord> sessions = SessionBook.sessions(calls, PRICES);

        List<Alert> first = tracker.onFigures("h1", figures("1", 3), sessions, NOW, null);
        List<Alert> second = tracker.onFigures("h1", figures("1", 3), sessions, NOW, null);

        assertThat(first).extracting(Alert::kind).containsExactly(Alert.Kind.SESSION_OVER_CAP);
        assertThat(first.get(0).message()).contains("4 turns", "cap of 3");
        assertThat(second).isEmpty();
    }

    @Test
    void aSessionThatStartedBeforeTheCapCameInIsNotPastIt() {
        List<ApiCall> calls = new ArrayList<>();
        for (int turn = 0; turn < 5; turn++) {
            calls.add(call("before-fix", SONNET, "2026-01-05T11:4" + turn + ":00Z", 1, 0));
            calls.add(call("after-fix", SONNET, "2026-01-05T11:5" + turn + ":00Z", 1, 0));
        }
        List<SessionRecord> sessions = SessionBook.sessions(calls, PRICES);
        Instant capCameIn = Instant.parse("2026-01-05T11:45:00Z");

        List<Alert> alerts = tracker.onFigures("h1", figures("1", 3), sessions, NOW, capCameIn);

        assertThat(alerts).extracting(Alert::message).singleElement().asString().contains("after-fi");
    }

    @Test
    void alertsWhenAReachableHostGoesDownButNotWhenItNeverAnswered() {
        Alert neverUp = tracker.onHostState("h2", HostState.DOWN, "refused", NOW);
        tracker.onHostState("h1", HostState.LIVE, null, NOW);
        Alert dropped = tracker.onHostState("h1", HostState.DOWN, "Connection reset.", NOW);
        Alert stillDown = tracker.onHostState("h1", HostState.DOWN, "Connection reset.", NOW);

        assertThat(neverUp).isNull();
        assertThat(dropped.kind()).isEqualTo(Alert.Kind.HOST_DOWN);
        assertThat(dropped.message()).contains("h1", "Connection reset.");
        assertThat(stillDown).isNull();
    }

    private static BurnFigures figures(String projection, int cap) {
        return new BurnFigures(BigDecimal.ONE, new BigDecimal(projection), BurnCalculator.DEFAULT_BUDGET,
                BigDecimal.ONE, 0, 0, 0, 0, cap);
    }
}
