package dev.burnwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.host.LocalHost;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SessionWatchTest {

    private static final String HAIKU = "claude-haiku-4-5-20251001";
    private static final String SONNET = "claude-sonnet-4-20250514";

    private final Instant restart = Instant.now().minusSeconds(600);

    @Test
    void sessionsWithinAtAndJustOverTheCapOnThePinPass() throws Exception {
        List<ObservedSession> sessions = List.of(
                session("before", -60, 80, SONNET),
                session("a", 10, 12, HAIKU),
                session("b", 60, 30, HAIKU),
                session("c", 120, 31, HAIKU),
                session("d", 180, 5, HAIKU));

        WatchResult result = watch(3, () -> sessions);

        assertThat(result.passed()).isTrue();
        assertThat(result.sessions()).extracting(v -> v.session().sessionId()).containsExactly("a", "b", "c", "d");
        assertThat(result.sessions()).extracting(SessionVerdict::cap).containsExactly(SessionVerdict.Cap.WITHIN,
                SessionVerdict.Cap.HIT_CAP, SessionVerdict.Cap.OVER_CAP, SessionVerdict.Cap.WITHIN);
        assertThat(result.sessions().get(2).describe(30)).contains("over the cap of 30 by 1")
                .contains("the CLI's own overrun");
        assertThat(result.finished()).hasSize(3);
        assertThat(result.sessions().get(3).finished()).isFalse();
    }

    @Test
    void aSessionOnAnotherModelFailsAtOnceAndIsNamed() throws Exception {
        List<ObservedSession> sessions = List.of(session("a", 10, 3, HAIKU, SONNET));

        WatchResult result = watch(3, () -> sessions);

        assertThat(result.passed()).isFalse();
        assertThat(result.timedOut()).isFalse();
        assertThat(result.sessions().get(0).otherModels()).containsExactly(SONNET);
        assertThat(result.sessions().get(0).describe(30)).contains("NOT on the pinned model: " + SONNET);
    }

    @Test
    void aSessionFarOverTheCapFailsEvenWhileStillRunning() throws Exception {
        WatchResult result = watch(3, () -> List.of(session("a", 10, 45, HAIKU)));

        assertThat(result.passed()).isFalse();
        assertThat(result.sessions().get(0).overBy()).isEqualTo(15);
        assertThat(result.sessions().get(0).finished()).isFalse();
    }

    @Test
    void tooFewSessionsBeforeTheTimeoutIsNotAProof() throws Exception {
        WatchResult result = watch(2, () -> List.of(session("a", 10, 30, HAIKU)));

        assertThat(result.timedOut()).isTrue();
        assertThat(result.passed()).isFalse();
    }

    @Test
    void theWatchReportsProgressUntilTheWantedSessionsHaveEnded() throws Exception {
        Deque<List<ObservedSession>> polls = new ConcurrentLinkedDeque<>(List.of(
                List.of(),
                List.of(session("a", 10, 4, HAIKU)),
                List.of(session("a", 10, 30, HAIKU), session("b", 40, 2, HAIKU))));
        List<WatchResult> progress = new ArrayList<>();
        SessionWatch watch = new SessionWatch(new LocalHost(), () -> polls.size() > 1 ? polls.poll() : polls.peek(),
                new SessionWatch.Settings(30, "claude-haiku-4-5", 1, Duration.ofSeconds(10), Duration.ofMillis(10),
                        Duration.ofHours(1)));

        WatchResult result = watch.watch(restart, progress::add);

        assertThat(result.passed()).isTrue();
        assertThat(progress).hasSize(3);
        assertThat(progress.get(1).sessions()).singleElement().extracting(SessionVerdict::finished).isEqualTo(false);
    }

    @Test
    void cancellingStopsTheWatchWithWhatItSaw() throws Exception {
        SessionWatch watch = new SessionWatch(new LocalHost(), () -> List.of(session("a", 10, 3, HAIKU)),
                new SessionWatch.Settings(30, HAIKU, 5, Duration.ofMinutes(5), Duration.ofMinutes(1),
                        Duration.ofHours(1)));
        CompletableFuture<WatchResult> running = CompletableFuture.supplyAsync(() -> {
            try {
                return watch.watch(restart, progress -> { });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);

        watch.cancel();
        WatchResult result = running.get(5, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(result.cancelled()).isTrue();
        assertThat(result.passed()).isFalse();
        assertThat(result.sessions()).hasSize(1);
    }

    @Test
    void aSessionQuietForThreeMinutesWithNoLaterSessionIsNotYetJudged() {
        SessionWatch watch = new SessionWatch(new LocalHost(), List::of,
                SessionWatch.Settings.of(30, HAIKU, 1, Duration.ofMinutes(30)));
        ObservedSession running = new ObservedSession("a", List.of(HAIKU), 19, restart.plusSeconds(10),
                restart.plusSeconds(600));

        List<SessionVerdict> threeQuietMinutes = watch.judge(List.of(running), restart, restart.plusSeconds(780));
        List<SessionVerdict> sixQuietMinutes = watch.judge(List.of(running), restart, restart.plusSeconds(960));

        assertThat(threeQuietMinutes).singleElement().extracting(SessionVerdict::finished).isEqualTo(false);
        assertThat(sixQuietMinutes).singleElement().extracting(SessionVerdict::finished).isEqualTo(true);
    }

    @Test
    void aLaterSessionStartingAfterTheLastApiCallEndsTheSessionAtOnce() {
        SessionWatch watch = new SessionWatch(new LocalHost(), List::of,
                SessionWatch.Settings.of(30, HAIKU, 1, Duration.ofMinutes(30)));
        ObservedSession first = new ObservedSession("a", List.of(HAIKU), 30, restart.plusSeconds(10),
                restart.plusSeconds(600));
        ObservedSession next = new ObservedSession("b", List.of(HAIKU), 1, restart.plusSeconds(610),
                restart.plusSeconds(610));

        List<SessionVerdict> verdicts = watch.judge(List.of(first, next), restart, restart.plusSeconds(620));

        assertThat(verdicts).extracting(SessionVerdict::finished).containsExactly(true, false);
    }

    @Test
    void aSessionThatStartedWhileTheFirstStillRanDoesNotEndIt() {
        SessionWatch watch = new SessionWatch(new LocalHost(), List::of,
                SessionWatch.Settings.of(30, HAIKU, 1, Duration.ofMinutes(30)));
        ObservedSession first = new ObservedSession("a", List.of(HAIKU), 19, restart.plusSeconds(10),
                restart.plusSeconds(600));
        ObservedSession overlapping = new ObservedSession("b", List.of(HAIKU), 3, restart.plusSeconds(300),
                restart.plusSeconds(610));

        List<SessionVerdict> verdicts = watch.judge(List.of(first, overlapping), restart, restart.plusSeconds(620));

        assertThat(verdicts).extracting(SessionVerdict::finished).containsExactly(false, false);
    }

    private WatchResult watch(int wanted, SessionWatch.SessionSource source) throws Exception {
        SessionWatch watch = new SessionWatch(new LocalHost(), source, new SessionWatch.Settings(30, "haiku",
                wanted, Duration.ofMillis(50), Duration.ofMillis(10), Duration.ofHours(1)));
        return watch.watch(restart, progress -> { });
    }

    private ObservedSession session(String id, int startSeconds, long turns, String... models) {
        Instant first = restart.plusSeconds(startSeconds);
        return new ObservedSession(id, List.of(models), turns, first, first.plusSeconds(20));
    }
}
