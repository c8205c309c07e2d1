package dev.burnwatch.ui.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's one way to run work off the JavaFX thread. Every host operation goes
 * through it as a {@link Task}, so that failures are logged in one place, the status bar
 * can show what runs (with progress) and offer to cancel it, and results come back on
 * the JavaFX thread through the task's handlers.
 */
public final class UiExecutor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UiExecutor.class);

    private final ExecutorService executor;
    private final ObservableList<Task<?>> running = FXCollections.observableArrayList();
    private final ReadOnlyIntegerWrapper runningCount = new ReadOnlyIntegerWrapper();

    public UiExecutor() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, "burnwatch-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.executor = Executors.newCachedThreadPool(threads);
    }

    /** The executor itself, for parts of the core that schedule their own work on it. */
    public ExecutorService service() {
        return executor;
    }

    /**
     * Runs {@code task} in the background. Failures are logged here; {@code onFailure}
     * receives them on the JavaFX thread (cancellation is not a failure).
     */
    public <T> Task<T> run(Task<T> task, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        task.setOnSucceeded(event -> onSuccess.accept(task.getValue()));
        task.setOnFailed(event -> {
            Throwable error = task.getException();
            LOG.warn("{} failed: {}", task.getTitle(), error == null ? "unknown" : error.getMessage(), error);
            onFailure.accept(error);
        });
        track(task);
        executor.execute(task);
        return task;
    }

    /**
     * Runs {@code task} on the calling background thread (a refresh the scheduler started),
     * shown in the status bar like any other task and cancellable from there; returns its
     * value or throws what it threw.
     */
    public <T> T runHere(Task<T> task) throws Exception {
        track(task);
        task.run();
        try {
            return task.get();
        } catch (java.util.concurrent.CancellationException e) {
            throw new InterruptedException(task.getTitle() + " was cancelled");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Tasks that are running now, for the status bar. */
    public ObservableList<Task<?>> runningTasks() {
        return running;
    }

    public ReadOnlyIntegerProperty runningCountProperty() {
        return runningCount.getReadOnlyProperty();
    }

    /** Runs {@code action} on the JavaFX thread: now if already there, else soon. */
    public static void onFx(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
            return;
        }
        Platform.runLater(action);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private void track(Task<?> task) {
        onFx(() -> {
            running.add(task);
            runningCount.set(running.size());
        });
        task.stateProperty().addListener((obs, old, state) -> {
            if (state == Worker.State.SUCCEEDED || state == Worker.State.FAILED
                    || state == Worker.State.CANCELLED) {
                running.remove(task);
                runningCount.set(running.size());
            }
        });
    }
}
