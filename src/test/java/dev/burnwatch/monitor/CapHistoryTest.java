package dev.burnwatch.monitor;

import static dev.burnwatch.monitor.TestChanges.patch;
import static dev.burnwatch.monitor.TestChanges.rollback;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapHistoryTest {

    private static final Instant CAPPED = Instant.parse("2026-01-05T10:30:00Z");
    private static final Instant ROLLED_BACK = Instant.parse("2026-01-05T11:30:00Z");

    @Test
    void aSessionIsHeldAgainstTheCapInForceWhenItStartedEvenAfterARollback() {
        CapHistory caps = CapHistory.of(List.of(rollback(2, ROLLED_BACK, "orig"), patch(1, CAPPED, 30, "orig", "c30")),
                0);

        assertThat(caps.capAt(CAPPED.minusSeconds(1))).isZero();
        assertThat(caps.capAt(CAPPED)).isEqualTo(30);
        assertThat(caps.capAt(ROLLED_BACK.minusSeconds(1))).isEqualTo(30);
        assertThat(caps.capAt(ROLLED_BACK)).isZero();
        assertThat(caps.latest()).isZero();
    }

    @Test
    void aRollbackBringsBackTheCapOfTheVersionItRestores() {
        Instant second = CAPPED.plusSeconds(600);
        CapHistory caps = CapHistory.of(List.of(patch(1, CAPPED, 30, "orig", "c30"),
                patch(2, second, 20, "c30", "c20"), rollback(3, ROLLED_BACK, "c30")), 20);

        assertThat(caps.capAt(second)).isEqualTo(20);
        assertThat(caps.capAt(ROLLED_BACK)).isEqualTo(30);
    }

    @Test
    void theScriptBeforeBurnwatchTakesTheCapItHoldsNowOnlyWhileItIsTheCurrentVersion() {
        CapHistory caps = CapHistory.of(List.of(patch(1, CAPPED, 30, "orig", "c30"),
                rollback(2, ROLLED_BACK, "orig")), 50);

        assertThat(caps.capAt(CAPPED.minusSeconds(1))).isZero();
        assertThat(caps.capAt(ROLLED_BACK)).isEqualTo(50);
    }

    @Test
    void withoutARecordedChangeTheCapOfTheScriptHoldsForEverySession() {
        CapHistory caps = CapHistory.of(List.of(), 30);

        assertThat(caps.capAt(Instant.EPOCH)).isEqualTo(30);
        assertThat(caps.capAt(null)).isZero();
    }
}
