package dev.burnwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoClockTest {

    private static final Instant NINE_AM = Instant.parse("2026-12-03T09:00:00Z");

    @TempDir
    Path dir;

    private final AtomicLong real = new AtomicLong(1_000_000);

    @Test
    void aNewClockStartsAtItsFirstStartAndRunsAtItsSpeed() throws IOException {
        DemoClock clock = DemoClock.start(dir.resolve("clock"), NINE_AM, 60, real::get);

        real.addAndGet(24 * 60 * 1000);

        assertThat(clock.now()).isEqualTo(NINE_AM.plus(Duration.ofDays(1)));
        assertThat(clock.toReal(Duration.ofHours(3))).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void aPausedClockResumesWhereItStoodHoweverLongItWasStopped() throws IOException {
        DemoClock first = DemoClock.start(dir.resolve("clock"), NINE_AM, 60, real::get);
        real.addAndGet(60_000);
        first.pause();

        real.addAndGet(8 * 3_600_000);
        DemoClock second = DemoClock.start(dir.resolve("clock"), Instant.EPOCH, 120, real::get);

        assertThat(second.now()).isEqualTo(NINE_AM.plus(Duration.ofHours(1)));
        real.addAndGet(1000);
        assertThat(second.now()).isEqualTo(NINE_AM.plus(Duration.ofHours(1)).plusSeconds(120));
    }

    @Test
    void aHostThatDiedWithoutStoppingResumesFromItsLastCheckpoint() throws IOException {
        DemoClock crashed = DemoClock.start(dir.resolve("clock"), NINE_AM, 60, real::get);
        real.addAndGet(10_000);
        crashed.checkpoint();

        real.addAndGet(3_600_000);
        DemoClock next = DemoClock.start(dir.resolve("clock"), Instant.EPOCH, 60, real::get);

        assertThat(next.now()).isEqualTo(NINE_AM.plusSeconds(600));
    }

    @Test
    void theClockFileIsTheLineTheShellCommandsRead() throws IOException {
        DemoClock.start(dir.resolve("clock"), NINE_AM, 60, real::get);

        String line = Files.readString(dir.resolve("clock"));

        assertThat(line).isEqualTo("1000000 " + NINE_AM.toEpochMilli() + " 60000 " + NINE_AM.toEpochMilli() + "\n");
    }

    @Test
    void aDamagedClockFileSaysWhatToDo() throws IOException {
        Files.writeString(dir.resolve("clock"), "garbage\n");

        assertThatThrownBy(() -> DemoClock.start(dir.resolve("clock"), NINE_AM, 60, real::get))
                .isInstanceOf(IOException.class).hasMessageContaining("damaged").hasMessageContaining("reset");
    }

    @Test
    void aFasterClockKeepsTheTurnPaceInDemoTime() {
        DemoOptions fast = DemoOptions.atSpeed(600);

        assertThat(DemoOptions.atSpeed(60)).isEqualTo(DemoOptions.defaults());
        assertThat(fast.turnPause()).isEqualTo(Duration.ofMillis(90));
        assertThat(DemoOptions.atSpeed(10_000).turnPause()).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void speedsOutsideTheSupportedRangeAreRefused() {
        assertThatThrownBy(() -> DemoOptions.defaults().withSpeed(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("demo speed");
        assertThatThrownBy(() -> DemoOptions.defaults().withSpeed(1e6)).isInstanceOf(IllegalArgumentException.class);
    }
}
