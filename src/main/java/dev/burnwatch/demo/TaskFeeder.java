package dev.burnwatch.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the daemon busy: drops a task into the queue every {@code interval} of demo time
 * (the first one soon after the start, so that a session runs at once), and checkpoints
 * the demo clock while it is at it.
 */
final class TaskFeeder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskFeeder.class);
    private static final Duration FIRST_TASK = Duration.ofSeconds(1);
    private static final Duration CHECKPOINT = Duration.ofSeconds(5);

    private final Path queue;
    private final DemoClock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "demo-task-feeder");
        thread.setDaemon(true);
        return thread;
    });

    TaskFeeder(Path queue, DemoClock clock, Duration interval) {
        this.queue = queue;
        this.clock = clock;
        long period = clock.toReal(interval).toMillis();
        timer.scheduleAtFixedRate(this::feed, FIRST_TASK.toMillis(), period, TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(this::checkpoint, CHECKPOINT.toMillis(), CHECKPOINT.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void feed() {
        Instant now = clock.now();
        Path task = queue.resolve(now.toEpochMilli() + ".task");
        try {
            SandboxFiles.writeAtomically(task, HistorySeeder.taskText(now).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("Could not queue a demo task at {}: {}", task, e.toString());
        }
    }

    private void checkpoint() {
        try {
            clock.checkpoint();
        } catch (IOException e) {
            LOG.debug("demo clock checkpoint failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
