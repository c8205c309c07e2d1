package dev.burnwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnwatch.host.HostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RefreshSchedulerTest {

    private final ExecutorService worker = Executors.newFixedThreadPool(2);
    private final List<String> states = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        worker.shutdownNow();
    }

    @Test
    void refreshesAtOnceThenEveryIntervalAndMarksTheHostLive() throws Exception {
        CountDownLatch twice = new CountDownLatch(2);
        try (RefreshScheduler scheduler = scheduler()) {

            scheduler.watch("h1", twice::countDown);

            assertThat(twice.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(scheduler.state("h1")).isEqualTo(HostState.LIVE);
            assertThat(states).startsWith("h1 CONNECTING", "h1 LIVE");
        }
    }

    @Test
    void marksAHostDownWithTheReasonWhenItsRefreshFails() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        try (RefreshScheduler scheduler = scheduler()) {

            scheduler.watch("h1", () -> {
                failed.countDown();
                throw new HostException(HostException.Kind.UNREACHABLE, "Connection refused by 10.0.0.9:22.");
            });

            assertThat(failed.await(5, TimeUnit.SECONDS)).isTrue();
            waitFor(() -> scheduler.state("h1") == HostState.DOWN);
            assertThat(states).contains("h1 DOWN Connection refused by 10.0.0.9:22.");
        }
    }

    @Test
    void neverRunsTwoRefreshesOfOneHostAtOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        try (RefreshScheduler scheduler = scheduler()) {

            scheduler.watch("h1", () -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                Thread.sleep(300);
                running.decrementAndGet();
                runs.incrementAndGet();
            });
            for (int i = 0; i < 10; i++) {
                scheduler.refreshNow("h1");
                Thread.sleep(50);
            }
            waitFor(() -> runs.get() >= 2);

            assertThat(most.get()).isEqualTo(1);
        }
    }

    @Test
    void marksAHostStaleWhenItsRefreshHangsPastTwoIntervals() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (RefreshScheduler scheduler = scheduler()) {

            scheduler.watch("h1", () -> {
                if (runs.incrementAndGet() > 1) {
                    Thread.sleep(60_000);
                }
            });

            waitFor(() -> scheduler.state("h1") == HostState.STALE);
            assertThat(states).anyMatch(s -> s.startsWith("h1 STALE No fresh figures for"));
        }
    }

    @Test
    void keepsRefreshingAHostAfterTheOperatorCancelledOneSlowRefresh() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (RefreshScheduler scheduler = scheduler()) {

            scheduler.watch("h1", () -> {
                if (runs.incrementAndGet() == 1) {
                    throw new HostException(HostException.Kind.CANCELLED, "Reading h1 was cancelled.");
                }
            });

            waitFor(() -> runs.get() >= 2);
            assertThat(scheduler.state("h1")).isEqualTo(HostState.LIVE);
            assertThat(states).noneMatch(s -> s.contains("DOWN"));
        }
    }

    @Test
    void refusesAnIntervalUnderASecond() {
        assertThatThrownBy(() -> new RefreshScheduler(worker, Duration.ofMillis(10), Clock.systemUTC(),
                (h, s, r) -> { })).hasMessageContaining("at least one second");
    }

    private RefreshScheduler scheduler() {
        return new RefreshScheduler(worker, Duration.ofSeconds(1), Clock.systemUTC(),
                (host, state, reason) -> states.add(host + " " + state + (reason == null ? "" : " " + reason)));
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 15 s");
            }
            Thread.sleep(20);
        }
    }
}
