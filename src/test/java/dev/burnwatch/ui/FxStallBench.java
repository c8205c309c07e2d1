package dev.burnwatch.ui;

import dev.burnwatch.config.AppDirs;
import dev.burnwatch.monitor.HostFigures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Measures how long the JavaFX thread is kept from its work while the console loads a
 * transcript folder cold (empty index) and while it refreshes it after a transcript grew.
 * A probe thread posts a tiny task to the FX thread every 2 ms and records how late each
 * one runs; an animation timer records the gaps between pulses. Prints the longest of both
 * per phase. Arguments: the config dir (holding {@code projects/}); it gets one line
 * appended to one transcript for the refresh phase, so pass a copy.
 */
public final class FxStallBench {

    private static final AtomicLong worstLatency = new AtomicLong();
    private static final AtomicLong worstGap = new AtomicLong();
    private static final AtomicLong pulses = new AtomicLong();
    private static volatile long lastPulse;
    private static volatile long fxThreadId;
    private static long fxCpuAtReset;

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args[0]);
        Path home = Files.createTempDirectory("burnwatch-stall");
        AppDirs dirs = new AppDirs(home, home);
        CompletableFuture<ConsoleApp> started = new CompletableFuture<>();

        long t0 = System.nanoTime();
        Platform.startup(() -> {
            fxThreadId = Thread.currentThread().getId();
            ConsoleApp app = new ConsoleApp(dirs, () -> new StallBackend(dirs, corpus));
            Stage stage = new Stage();
            app.start(stage);
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    long previous = lastPulse;
                    lastPulse = now;
                    pulses.incrementAndGet();
                    if (previous != 0) {
                        worstGap.accumulateAndGet(now - previous, Math::max);
                    }
                }
            }.start();
            started.complete(app);
        });
        ConsoleApp app = started.get(60, TimeUnit.SECONDS);
        Thread probe = startProbe();
        System.out.println("load average before: " + loadAverage());

        // The window's first frames (CSS, layout, the first software-rendered paint) cost the
        // same whatever the corpus: measured on their own line, while the load runs behind them.
        reset();
        waitForSteadyPulses();
        long openMillis = (System.nanoTime() - t0) / 1_000_000;
        report("window opens (load running)", openMillis, null);

        reset();
        HostFigures cold = waitForFigures(app, null);
        long coldMillis = (System.nanoTime() - t0) / 1_000_000;
        Thread.sleep(2000);
        report("cold load (until figures shown)", coldMillis, cold);

        appendOneCall(corpus);
        reset();
        long t1 = System.nanoTime();
        Platform.runLater(() -> app.model().refreshAll());
        HostFigures refreshed = waitForFigures(app, cold);
        long refreshMillis = (System.nanoTime() - t1) / 1_000_000;
        Thread.sleep(2000);
        report("refresh after a transcript grew", refreshMillis, refreshed);

        reset();
        Thread.sleep(3000);
        report("idle, for comparison (3 s)", 3000, refreshed);
        System.out.println("load average after: " + loadAverage() + " (a stall on a loaded machine is partly the"
                + " scheduler's: compare with the idle line)");

        probe.interrupt();
        Platform.runLater(() -> {
            app.stop();
            Platform.exit();
        });
    }

    /** The real backend reading the corpus as this machine's transcripts. */
    private static final class StallBackend extends DefaultBackend {
        StallBackend(AppDirs dirs, Path corpus) {
            super(dirs, Map.of("CLAUDE_CONFIG_DIR", corpus.toString()));
        }

        @Override
        public List<dev.burnwatch.ui.common.HostItem> startupHosts() {
            return List.of(localItem());
        }
    }

    private static Thread startProbe() {
        Thread probe = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long posted = System.nanoTime();
                java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
                Platform.runLater(() -> {
                    ran.set(true);
                    worstLatency.accumulateAndGet(System.nanoTime() - posted, Math::max);
                });
                if (Boolean.getBoolean("stall.trace")) {
                    traceIfLate(ran);
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fx-stall-probe");
        probe.setDaemon(true);
        probe.start();
        return probe;
    }

    private static void traceIfLate(java.util.concurrent.atomic.AtomicBoolean ran) {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (ran.get()) {
            return;
        }
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            // The render thread too: the FX thread waits for it at the end of every pulse.
            if (thread.getName().contains("JavaFX Application") || thread.getName().contains("QuantumRenderer")) {
                System.err.println(thread.getName() + ", with the FX thread 100 ms late, at:");
                for (int i = 0; i < Math.min(25, stack.length); i++) {
                    System.err.println("    " + stack[i]);
                }
            }
        });
    }

    private static long fxCpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(fxThreadId);
    }

    private static void reset() {
        fxCpuAtReset = fxCpuNanos();
        worstLatency.set(0);
        worstGap.set(0);
        lastPulse = 0;
    }

    /** Waits until the window has painted and pulses come at their usual pace (30 in a row). */
    private static void waitForSteadyPulses() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        long steadySince = -1;
        while (System.nanoTime() < deadline) {
            long last = lastPulse;
            boolean steady = last != 0 && System.nanoTime() - last < 50_000_000L;
            if (!steady) {
                steadySince = -1;
            } else if (steadySince < 0) {
                steadySince = pulses.get();
            } else if (pulses.get() - steadySince >= 30) {
                return;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("The console's window did not settle within 2 minutes");
    }

    private static HostFigures waitForFigures(ConsoleApp app, HostFigures previous) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            CompletableFuture<HostFigures> now = new CompletableFuture<>();
            Platform.runLater(() -> now.complete(app.model().currentProperty().get()));
            HostFigures figures = now.get(60, TimeUnit.SECONDS);
            if (figures != null && figures != previous) {
                return figures;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("The console showed no figures within 10 minutes");
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static void appendOneCall(Path corpus) throws Exception {
        Path file;
        try (Stream<Path> files = Files.walk(corpus.resolve("projects"))) {
            file = files.filter(p -> p.toString().endsWith(".jsonl")).sorted().findFirst().orElseThrow();
        }
        String line = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("\"assistant\"") && l.contains("\"usage\"")).reduce((a, b) -> b)
                .orElseThrow();
        String fresh = line.replaceFirst("\"id\":\"msg_[^\"]*\"", "\"id\":\"msg_bench" + System.nanoTime() + "\"")
                .replaceFirst("\"requestId\":\"[^\"]*\"", "\"requestId\":\"req_bench" + System.nanoTime() + "\"");
        Files.writeString(file, fresh + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static void report(String phase, long millis, HostFigures figures) {
        String shown = figures == null ? "" : String.format(Locale.ROOT, "  [%d API calls, %d sessions]",
                figures.reading().calls().size(), figures.sessions().size());
        System.out.printf(Locale.ROOT, "%-34s %8d ms  longest FX stall %6.1f ms (runLater latency), longest pulse gap"
                + " %6.1f ms, FX thread CPU %6.0f ms%s%n", phase, millis, worstLatency.get() / 1e6,
                worstGap.get() / 1e6, (fxCpuNanos() - fxCpuAtReset) / 1e6, shown);
    }
}
