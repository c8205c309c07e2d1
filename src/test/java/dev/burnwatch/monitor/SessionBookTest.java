package dev.burnwatch.monitor;

import static dev.burnwatch.monitor.Calls.HAIKU;
import static dev.burnwatch.monitor.Calls.PRICES;
import static dev.burnwatch.monitor.Calls.SONNET;
import static dev.burnwatch.monitor.Calls.call;
import static dev.burnwatch.monitor.Calls.sidechain;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionBookTest {

    @Test
    void groupsCallsIntoSessionsWithTurnsFromTheMainThreadOnly() {
        var calls = List.of(
                call("s1", SONNET, "2026-01-05T10:00:00Z", 1_000_000, 0),
                sidechain("s1", HAIKU, "2026-01-05T10:01:00Z", 1_000_000, 0),
                call("s1", SONNET, "2026-01-05T10:02:00Z", 0, 100_000),
                call("s2", HAIKU, "2026-01-05T11:00:00Z", 10, 0));

        List<SessionRecord> sessions = SessionBook.sessions(calls, PRICES);

        assertThat(sessions).extracting(SessionRecord::sessionId).containsExactly("s2", "s1");
        SessionRecord s1 = sessions.get(1);
        assertThat(s1.apiCalls()).isEqualTo(3);
        assertThat(s1.turns()).isEqualTo(2);
        assertThat(s1.turnTokens()).containsExactly(1_000_000L, 100_000L);
        assertThat(s1.models()).containsExactly(SONNET, HAIKU);
        assertThat(s1.costUsd()).isEqualByComparingTo(new BigDecimal("5.5"));
        assertThat(s1.duration()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void leavesUnpricedModelsOutOfTheCostButCountsTheirTokens() {
        var calls = List.of(call("s1", "some-future-model", "2026-01-05T10:00:00Z", 500, 0));

        SessionRecord session = SessionBook.sessions(calls, PRICES).get(0);

        assertThat(session.costUsd()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(session.tokens().total()).isEqualTo(500);
    }

    @Test
    void aSessionHitsTheCapWhenItsTurnsReachIt() {
        var calls = List.of(call("s1", SONNET, "2026-01-05T10:00:00Z", 1, 0),
                call("s1", SONNET, "2026-01-05T10:00:10Z", 1, 0));

        SessionRecord session = SessionBook.sessions(calls, PRICES).get(0);

        assertThat(session.hitTheCap(2)).isTrue();
        assertThat(session.hitTheCap(3)).isFalse();
        assertThat(session.hitTheCap(0)).isFalse();
    }
}
