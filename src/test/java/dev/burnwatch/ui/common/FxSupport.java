package dev.burnwatch.ui.common;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;

/** Starts the JavaFX toolkit (headless in tests) once, and runs code on its thread. */
public final class FxSupport {

    private static boolean started;

    private FxSupport() {
    }

    public static synchronized void startToolkit() {
        if (started) {
            return;
        }
        // Started the way TestFX starts it, so that a TestFX test running later in the same JVM
        // finds the toolkit as it would have made it: started by Platform.startup instead,
        // the robot's clicks in a later console test never reached the window.
        try {
            org.testfx.api.FxToolkit.registerPrimaryStage();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("The JavaFX toolkit did not start", e);
        }
        Platform.setImplicitExit(false);
        started = true;
    }

    public static <T> T onFx(Callable<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(action.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(20, TimeUnit.SECONDS);
    }

    /** Waits until {@code condition}, checked on the JavaFX thread, holds (at most 20 s). */
    public static void waitFor(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!onFx(condition::getAsBoolean)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(25);
        }
    }
}
