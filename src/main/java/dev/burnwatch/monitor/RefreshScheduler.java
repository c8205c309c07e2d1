package dev.burnwatch.monitor;

import dev.burnwatch.host.HostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes each watched host on its own rhythm and says how current each host's figures
 * are. A refresh runs on the given worker executor (the application's one), never two at
 * once for a host: a tick that finds the previous refresh still running waits for it, and
 * the next one is planned a full interval after a refresh ends, so a slow host is never
 * flooded. A host whose last refresh failed is {@link HostState#DOWN}; one whose figures
 * are older than two intervals is {@link HostState#STALE}: a frozen host is always marked.
 */
public final class RefreshScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RefreshScheduler.class);

    /** Grace added to two intervals before figures count as stale. */
    static final Duration STALE_GRACE = Duration.ofSeconds(5);

    /** One refresh of one host; it publishes its own results. */
    @FunctionalInterface
    public interface Job {
        void run() throws Exception;
    }

    /** Hears about a host's state changes (on the scheduler's threads). */
    @FunctionalInterface
    public interface Listener {
        void stateChanged(String hostId, HostState state, String reason);
    }

    private final ExecutorService worker;
    private final Clock clock;
    private final Listener listener;
    private final ScheduledExecutorService ticker;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private volatile Duration interval;

    public RefreshScheduler(ExecutorService worker, Duration interval, Clock clock, Listener listener) {
        this.worker = Objects.requireNonNull(worker);
        this.clock = Objects.requireNonNull(clock);
        this.listener = Objects.requireNonNull(listener);
        this.interval = checked(interval);
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "burnwatch-refresh-ticker");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(this::checkStaleness, 1, 1, TimeUnit.SECONDS);
    }

    /** Starts refreshing {@code hostId} now and then every interval; replaces an earlier watch. */
    public void watch(String hostId, Job job) {
        unwatch(hostId);
        Watch watch = new Watch(hostId, job);
        watches.put(hostId, watch);
        watch.setState(HostState.CONNECTING, null);
        watch.plan(Duration.ZERO);
    }

    /** Stops refreshing {@code hostId}, cancelling a refresh in progress. */
    public void unwatch(String hostId) {
        Watch watch = watches.remove(hostId);
        if (watch != null) {
            watch.cancel();
        }
    }

    /** Refreshes {@code hostId} as soon as it is not already refreshing. */
    public void refreshNow(String hostId) {
        Watch watch = watches.get(hostId);
        if (watch != null) {
            watch.plan(Duration.ZERO);
        }
    }

    /** Changes the interval of every host; it applies from each host's next plan. */
    public void setInterval(Duration interval) {
        this.interval = checked(interval);
    }

    public Duration interval() {
        return interval;
    }

    /** The state of {@code hostId}, or null when it is not watched. */
    public HostState state(String hostId) {
        Watch watch = watches.get(hostId);
        return watch == null ? null : watch.state;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        watches.values().forEach(Watch::cancel);
        watches.clear();
    }

    private void checkStaleness() {
        Instant now = clock.instant();
        Duration limit = interval.multipliedBy(2).plus(STALE_GRACE);
        for (Watch watch : watches.values()) {
            Instant last = watch.lastSuccess;
            if (watch.state == HostState.LIVE && last != null && Duration.between(last, now).compareTo(limit) > 0) {
                watch.setState(HostState.STALE,
                        "No fresh figures for " + Duration.between(last, now).toSeconds() + " s.");
            }
        }
    }

    private static Duration checked(Duration interval) {
        if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("The refresh interval must be at least one second, not " + interval);
        }
        return interval;
    }

    private final class Watch {
        private final String hostId;
        private final Job job;
        private volatile HostState state;
        private volatile Instant lastSuccess;
        private ScheduledFuture<?> next;
        private Future<?> running;
        private boolean cancelled;

        Watch(String hostId, Job job) {
            this.hostId = hostId;
            this.job = job;
        }

        synchronized void plan(Duration delay) {
            if (cancelled || ticker.isShutdown()) {
                return;
            }
            if (next != null) {
                next.cancel(false);
            }
            next = ticker.schedule(this::start, delay.toMillis(), TimeUnit.MILLISECONDS);
        }

        private synchronized void start() {
            if (cancelled || running != null && !running.isDone()) {
                return;
            }
            try {
                running = worker.submit(this::runOnce);
            } catch (RejectedExecutionException e) {
                LOG.debug("Refresh of {} not started: the application is closing", hostId);
            }
        }

        private void runOnce() {
            try {
                job.run();
                lastSuccess = clock.instant();
                setState(HostState.LIVE, null);
            } catch (InterruptedException e) {
                afterCancel();
                return;
            } catch (HostException e) {
                if (e.kind() == HostException.Kind.CANCELLED) {
                    afterCancel();
                    return;
                }
                LOG.warn("Refresh of {} failed: {}", hostId, e.getMessage());
                setState(HostState.DOWN, e.getMessage());
            } catch (Exception e) {
                LOG.error("Refresh of {} failed", hostId, e);
                setState(HostState.DOWN, e.getMessage());
            }
            plan(interval);
        }

        /**
         * A refresh was cancelled: when the host was unwatched that is the end; when the
         * operator cancelled one slow refresh, the host is refreshed again after an interval.
         */
        private void afterCancel() {
            boolean stopping;
            synchronized (this) {
                stopping = cancelled;
            }
            if (stopping) {
                Thread.currentThread().interrupt();
                return;
            }
            Thread.interrupted();
            plan(interval);
        }

        synchronized void cancel() {
            cancelled = true;
            if (next != null) {
                next.cancel(false);
            }
            if (running != null) {
                running.cancel(true);
            }
        }

        void setState(HostState newState, String reason) {
            HostState old = state;
            state = newState;
            if (old != newState || newState == HostState.DOWN) {
                listener.stateChanged(hostId, newState, reason);
            }
        }
    }
}
