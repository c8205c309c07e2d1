package dev.burnwatch.monitor;

import static dev.burnwatch.monitor.Calls.HAIKU;
import static dev.burnwatch.monitor.Calls.PRICES;
import static dev.burnwatch.monitor.Calls.SONNET;
import static dev.burnwatch.monitor.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeEffectTest {

    @Test
    void comparesTokensPerMinuteOfSessionsStartedBeforeAndAfterTheChange() {
        var calls = List.of(
                call("before", SONNET, "2026-01-05T10:00:00Z", 600_000, 0),
                call("before", SONNET, "2026-01-05T10:10:00Z", 600_000, 0),
                call("after", HAIKU, "2026-01-05T13:00:00Z", 60_000, 0),
                call("after", HAIKU, "2026-01-05T13:10:00Z", 60_000, 0));

        ChangeEffect effect = ChangeEffect.of(SessionBook.sessions(calls, PRICES),
                Instant.parse("2026-01-05T12:00:00Z"));

        assertThat(effect.before().sessions()).isEqualTo(1);
        assertThat(effect.before().tokensPerMinute()).isEqualTo(120_000.0);
        assertThat(effect.after().tokensPerMinute()).isEqualTo(12_000.0);
        assertThat(effect.tokensPerMinuteChange()).isCloseTo(-0.9, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void hasNoChangeFigureUntilASessionRanAfterTheChange() {
        var calls = List.of(call("before", SONNET, "2026-01-05T10:00:00Z", 600_000, 0));

        ChangeEffect effect = ChangeEffect.of(SessionBook.sessions(calls, PRICES),
                Instant.parse("2026-01-05T12:00:00Z"));

        assertThat(effect.after().sessions()).isZero();
        assertThat(effect.tokensPerMinuteChange()).isNaN();
    }

    @Test
    void aRollbackIsComparedWithTheSessionsOfThePatchItUndidNotWithEverythingBefore() {
        var calls = List.of(
                call("unpatched", SONNET, "2026-01-05T08:00:00Z", 600_000, 0),
                call("unpatched", SONNET, "2026-01-05T08:10:00Z", 600_000, 0),
                call("patched", HAIKU, "2026-01-05T10:00:00Z", 60_000, 0),
                call("patched", HAIKU, "2026-01-05T10:10:00Z", 60_000, 0),
                call("rolled-back", SONNET, "2026-01-05T13:00:00Z", 300_000, 0),
                call("rolled-back", SONNET, "2026-01-05T13:10:00Z", 300_000, 0));

        ChangeEffect effect = ChangeEffect.of(SessionBook.sessions(calls, PRICES),
                Instant.parse("2026-01-05T12:00:00Z"), Instant.parse("2026-01-05T09:00:00Z"));

        assertThat(effect.before().sessions()).isEqualTo(1);
        assertThat(effect.before().tokensPerMinute()).isEqualTo(12_000.0);
        assertThat(effect.tokensPerMinuteChange()).as("the rollback costs more, it saves nothing").isPositive();
    }
}
