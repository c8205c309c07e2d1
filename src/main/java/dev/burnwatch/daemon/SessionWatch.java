package dev.burnwatch.daemon;

import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostException;
import dev.burnwatch.usage.SessionSummary;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proof in practice: after a restart, watches the next agent sessions' transcripts and
 * reports, for each new session, whether it stayed within the cap of N turns and ran on the
 * pinned model M. A session is judged once it has really ended: when a later session started
 * after its last API call (the daemon runs one at a time), or when it has been quiet for longer
 * than {@link SessionSummary#FINISHED_AFTER_QUIET} by the host's clock, the rule the CloudWatch
 * publisher also uses. A session that is already over the cap or on another model fails at once.
 *
 * <p>Run it off the JavaFX thread; {@link #cancel()} (or interrupting the thread) stops it
 * promptly with what was seen so far.
 *
 * <pre>{@code
 * SessionWatch watch = new SessionWatch(host, source, SessionWatch.Settings.of(30, "claude-haiku-4-5", 3,
 *         Duration.ofMinutes(15)));
 * WatchResult result = watch.watch(restartedAt, progress -> updateTable(progress));
 * }</pre>
 */
public final class SessionWatch {

    /** Where the sessions come from: the usage engine over the host's transcripts. */
    @FunctionalInterface
    public interface SessionSource {

        /** Every session the host's transcripts hold now (only those since the restart matter). */
        List<ObservedSession> sessions() throws HostException, IOException;
    }

    /**
     * What to watch for.
     *
     * @param maxTurns the cap N
     * @param model the pinned model M
     * @param sessions how many finished sessions to wait for
     * @param timeout how long to wait for them at most
     * @param pollInterval how often to read the transcripts
     * @param quietAfter how long without an API call before the last session counts as ended
     */
    public record Settings(int maxTurns, String model, int sessions, Duration timeout, Duration pollInterval,
            Duration quietAfter) {

        /**
         * Reads every 5 s; a session quiet for more than {@link SessionSummary#FINISHED_AFTER_QUIET} has
         * ended. Two quiet minutes were too few: a turn with long tool calls is quiet for longer, and a
         * running session was passed at 19 turns that went on to reach 30.
         */
        public static Settings of(int maxTurns, String model, int sessions, Duration timeout) {
            return new Settings(maxTurns, model, sessions, timeout, Duration.ofSeconds(5),
                    SessionSummary.FINISHED_AFTER_QUIET);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(SessionWatch.class);

    private final Host host;
    private final SessionSource source;
    private final Settings settings;
    private final CountDownLatch cancelled = new CountDownLatch(1);

    public SessionWatch(Host host, SessionSource source, Settings settings) {
        this.host = host;
        this.source = source;
        this.settings = settings;
    }

    /** Stops a running {@link #watch} at its next step; it returns what it saw, marked cancelled. */
    public void cancel() {
        cancelled.countDown();
    }

    /**
     * Watches until enough sessions since {@code since} have ended, one has failed, the
     * timeout passes or the watch is cancelled; {@code progress} gets every new state.
     */
    public WatchResult watch(Instant since, Consumer<WatchResult> progress) throws HostException, IOException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        while (true) {
            // The host's clock first: reading the transcripts takes time (on the demo's fast
            // clock, minutes of it), and a "now" taken after the read would make a running
            // session look quiet for that long.
            Instant now = host.now();
            List<SessionVerdict> verdicts = judge(source.sessions(), since, now);
            boolean timedOut = System.nanoTime() >= deadline;
            boolean stop = cancelled.getCount() == 0;
            WatchResult result = new WatchResult(since, settings.maxTurns(), settings.model(), settings.sessions(),
                    verdicts, false, stop);
            if (result.complete() || timedOut || stop) {
                WatchResult last = new WatchResult(since, settings.maxTurns(), settings.model(), settings.sessions(),
                        verdicts, timedOut && !result.complete(), stop);
                progress.accept(last);
                LOG.info("Watched {} session(s) on {} since {}: {}", verdicts.size(), host.id(), since,
                        last.passed() ? "capped and pinned" : "not proven");
                return last;
            }
            progress.accept(result);
            pause(Math.min(settings.pollInterval().toNanos(), Math.max(0, deadline - System.nanoTime())));
        }
    }

    /** Judges the sessions that began at or after {@code since}, oldest first. */
    List<SessionVerdict> judge(List<ObservedSession> all, Instant since, Instant now) {
        List<ObservedSession> fresh = new ArrayList<>(all.stream()
                .filter(session -> session.firstTimestamp() != null && !session.firstTimestamp().isBefore(since))
                .sorted(Comparator.comparing(ObservedSession::firstTimestamp))
                .toList());
        List<SessionVerdict> verdicts = new ArrayList<>();
        for (ObservedSession session : fresh) {
            verdicts.add(verdict(session, ended(session, fresh, now)));
        }
        return verdicts;
    }

    /**
     * True when {@code session} has ended: another session began after its last API call (a
     * one-at-a-time daemon only starts the next task once this one is over), or its last API call
     * is more than {@code quietAfter} old. A later session that began while this one was still
     * writing proves nothing.
     */
    private boolean ended(ObservedSession session, List<ObservedSession> sessions, Instant now) {
        Instant last = session.lastTimestamp() != null ? session.lastTimestamp() : session.firstTimestamp();
        boolean laterOneStarted = sessions.stream()
                .anyMatch(other -> other != session && other.firstTimestamp().isAfter(last));
        boolean quiet = Duration.between(last, now).compareTo(settings.quietAfter()) > 0;
        return laterOneStarted || quiet;
    }

    private SessionVerdict verdict(ObservedSession session, boolean finished) {
        long n = settings.maxTurns();
        SessionVerdict.Cap cap = session.turns() < n ? SessionVerdict.Cap.WITHIN
                : session.turns() == n ? SessionVerdict.Cap.HIT_CAP : SessionVerdict.Cap.OVER_CAP;
        List<String> others = session.models().stream()
                .filter(model -> !ModelPin.matches(settings.model(), model))
                .toList();
        return new SessionVerdict(session, finished, cap, Math.max(0, session.turns() - n), others);
    }

    private void pause(long nanos) throws HostException {
        try {
            cancelled.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException(HostException.Kind.CANCELLED, "Watching the sessions was cancelled", e);
        }
    }
}
