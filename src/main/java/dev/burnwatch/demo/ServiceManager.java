package dev.burnwatch.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo host's service manager for one unit, {@code agent-daemon}, with the semantics of
 * its systemd unit: the daemon script runs as the main process in its own process group;
 * a stop ends the whole group (TERM, then KILL after a grace period); a main process that
 * exits for any reason is started again after {@code RestartSec} ({@code Restart=always}).
 * Every start is a new process with a new PID and a new start time, logged to the journal
 * as systemd logs it.
 */
final class ServiceManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceManager.class);
    /**
     * Job control gives the daemon its own process group; its PID goes to stderr, its output to
     * stdout. The launcher ignores the terminal's Ctrl-C, which is for Burnwatch: a unit's
     * processes never see it, and the host's shutdown stops them in order. The launcher's
     * stdin is a pipe from Burnwatch that nothing writes to: it reaches its end when Burnwatch
     * ends, however it ends (kill -9 included), and then a watchdog stops the daemon's group
     * as systemd would, TERM and KILL after a grace. Once the daemon has ended, what is left
     * of its group goes too, so no stand-in outlives it.
     */
    private static final String LAUNCHER = String.join("\n",
            "trap '' INT QUIT",
            "set -m",
            "\"$1\" </dev/null 2>&1 &",
            "main=$!",
            "echo \"$main\" >&2",
            "( while read -r _; do :; done",
            "  kill -TERM -- \"-$main\"; sleep 5; kill -KILL -- \"-$main\" ) 2>/dev/null &",
            "watchdog=$!",
            "wait \"$main\"",
            "status=$?",
            "kill -KILL -- \"-$main\" 2>/dev/null",
            "kill \"$watchdog\" 2>/dev/null",
            "exit \"$status\"");
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final String SYSTEMD = "systemd[1]";

    private final Sandbox sandbox;
    private final DemoClock clock;
    private final Journal journal;
    private final DemoOptions options;
    private final Map<String, String> environment;
    private final Path groupFile;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "demo-service-manager");
        thread.setDaemon(true);
        return thread;
    });

    private MainProcess running;
    private ScheduledFuture<?> pendingRestart;
    private final long bootNanos = System.nanoTime();
    private Instant activeEnter;
    private Instant inactiveEnter;
    private long activeEnterMonotonic;
    private long inactiveEnterMonotonic;
    private int restarts;
    private int lastExitStatus;
    private boolean closed;

    /**
     * @param groupFile where the running daemon's process group is recorded, so that a later
     *     run can stop it if this JVM ends without stopping it ({@link Leftovers})
     */
    ServiceManager(Sandbox sandbox, DemoClock clock, Journal journal, DemoOptions options,
            Map<String, String> hostEnvironment, Path groupFile) {
        this.sandbox = sandbox;
        this.groupFile = groupFile;
        this.clock = clock;
        this.journal = journal;
        this.options = options;
        this.environment = unitEnvironment(hostEnvironment);
    }

    /**
     * What systemctl and journalctl tell about the unit. The monotonic times are microseconds
     * since the service manager started, as systemd counts them since boot.
     */
    record Status(String activeState, String subState, long mainPid, Instant activeEnter, Instant inactiveEnter,
            int restarts, int lastExitStatus, long activeEnterMonotonic, long inactiveEnterMonotonic) {

        boolean isActive() {
            return "active".equals(activeState);
        }
    }

    private record MainProcess(Process wrapper, long pid, Instant started) {
    }

    private Map<String, String> unitEnvironment(Map<String, String> hostEnvironment) {
        Map<String, String> env = new LinkedHashMap<>(hostEnvironment);
        env.put("QUEUE_DIR", sandbox.queueDir().toString());
        env.put("CONTEXT_DIR", sandbox.contextDir().toString());
        env.put("LOG", sandbox.logFile().toString());
        env.put("POLL_SECONDS", seconds(options.pollInterval()));
        env.put("SIM_TURN_SECONDS", seconds(options.turnPause()));
        env.put("SIM_TURNS_MIN", Integer.toString(options.turnsMin()));
        env.put("SIM_TURNS_MAX", Integer.toString(options.turnsMax()));
        env.put("SIM_CONTEXT_TOKENS", Integer.toString(options.contextTokens()));
        return env;
    }

    private static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.3f", duration.toMillis() / 1000.0);
    }

    /** Writes the unit file, as {@code systemctl cat} shows it. */
    void writeUnitFile() throws IOException {
        StringBuilder unit = new StringBuilder()
                .append("[Unit]\nDescription=").append(Sandbox.UNIT_DESCRIPTION).append("\n\n[Service]\n")
                .append("User=").append(environment.getOrDefault("USER", "")).append('\n')
                .append("WorkingDirectory=").append(sandbox.home()).append('\n');
        for (String name : new String[] {"QUEUE_DIR", "CONTEXT_DIR", "LOG", "POLL_SECONDS"}) {
            unit.append("Environment=").append(name).append('=').append(environment.get(name)).append('\n');
        }
        unit.append("ExecStart=").append(sandbox.script()).append('\n')
                .append("Restart=always\nRestartSec=").append(options.restartDelay().toSeconds()).append("\n\n")
                .append("[Install]\nWantedBy=multi-user.target\n");
        SandboxFiles.writeAtomically(sandbox.unitFile(), unit.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code systemctl start}: starts the daemon unless it runs. */
    synchronized void start() {
        if (closed || running != null) {
            return;
        }
        cancelPendingRestart();
        launch();
    }

    /** {@code systemctl stop}: ends the daemon's whole process group; no automatic restart follows. */
    synchronized void stop() {
        cancelPendingRestart();
        if (running == null) {
            return;
        }
        terminateLogged();
    }

    /** {@code systemctl restart}: stops the daemon (if it runs) and starts a new one. */
    synchronized void restart() {
        if (closed) {
            return;
        }
        cancelPendingRestart();
        if (running != null) {
            terminateLogged();
        }
        launch();
    }

    synchronized Status status() {
        if (running != null) {
            return new Status("active", "running", running.pid(), activeEnter, inactiveEnter, restarts,
                    lastExitStatus, activeEnterMonotonic, inactiveEnterMonotonic);
        }
        String state = pendingRestart != null ? "activating" : "inactive";
        String subState = pendingRestart != null ? "auto-restart" : "dead";
        return new Status(state, subState, 0, activeEnter, inactiveEnter, restarts, lastExitStatus,
                activeEnterMonotonic, inactiveEnterMonotonic);
    }

    Duration restartDelay() {
        return options.restartDelay();
    }

    Map<String, String> environment() {
        return environment;
    }

    /** Stops the daemon for good: used when the demo host stops. */
    @Override
    public synchronized void close() {
        closed = true;
        stop();
        timer.shutdownNow();
        try {
            Files.deleteIfExists(groupFile);
        } catch (IOException e) {
            LOG.debug("could not remove {}: {}", groupFile, e.toString());
        }
    }

    private void launch() {
        String unitName = Sandbox.UNIT + ".service";
        // stdin stays a pipe, open as long as this JVM lives: the launcher's watchdog reads it
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", LAUNCHER, Sandbox.UNIT, sandbox.script().toString())
                .directory(sandbox.home().toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            Process wrapper = builder.start();
            BufferedReader errors = new BufferedReader(new InputStreamReader(wrapper.getErrorStream(),
                    StandardCharsets.UTF_8));
            String pidLine = errors.readLine();
            if (pidLine == null || !pidLine.trim().matches("\\d+")) {
                throw new IOException("the launcher printed no process id (" + pidLine + ")");
            }
            MainProcess main = new MainProcess(wrapper, Long.parseLong(pidLine.trim()), clock.now());
            running = main;
            recordGroup(main.pid());
            activeEnter = main.started();
            activeEnterMonotonic = monotonicAfter(activeEnterMonotonic);
            journal.append(Sandbox.UNIT, SYSTEMD, "Started " + unitName + " - " + Sandbox.UNIT_DESCRIPTION + ".");
            LOG.debug("Demo daemon started (PID {})", main.pid());
            pump(wrapper.getInputStream(), main.pid(), true);
            pump(wrapper.getErrorStream(), main.pid(), false);
            wrapper.onExit().thenRun(() -> mainExited(main));
        } catch (IOException e) {
            LOG.warn("Could not start the demo daemon: {}", e.toString());
            journal.append(Sandbox.UNIT, SYSTEMD, "Failed to start " + unitName + " - " + Sandbox.UNIT_DESCRIPTION
                    + ": " + e.getMessage());
            scheduleRestart();
        }
    }

    /** The daemon's PID is its process group's id (job control made it the leader). */
    private void recordGroup(long pid) {
        try {
            SandboxFiles.writeAtomically(groupFile, (pid + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            LOG.warn("Could not record the demo daemon's process group in {}: {}", groupFile, e.toString());
        }
    }

    /** Copies the daemon's output into the journal (stdout) or drops the launcher's job notices (stderr). */
    private void pump(InputStream stream, long pid, boolean toJournal) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (toJournal) {
                        journal.append(Sandbox.UNIT, Sandbox.SCRIPT_NAME + "[" + pid + "]", line);
                    }
                }
            } catch (IOException e) {
                LOG.debug("daemon output ended: {}", e.toString());
            }
        }, "demo-daemon-output-" + pid);
        thread.setDaemon(true);
        thread.start();
    }

    private void mainExited(MainProcess main) {
        synchronized (this) {
            if (running != main) {
                return;
            }
            running = null;
        }
        ProcessGroups.killGroup(main.pid());
        int status = main.wrapper().exitValue();
        synchronized (this) {
            lastExitStatus = status;
            inactiveEnter = clock.now();
            inactiveEnterMonotonic = monotonicAfter(inactiveEnterMonotonic);
            String unitName = Sandbox.UNIT + ".service";
            if (status == 0) {
                journal.append(Sandbox.UNIT, SYSTEMD, unitName + ": Deactivated successfully.");
            } else if (status > 128) {
                journal.append(Sandbox.UNIT, SYSTEMD, unitName + ": Main process exited, code=killed, status="
                        + (status - 128) + "/" + ProcessGroups.signalName(status - 128));
                journal.append(Sandbox.UNIT, SYSTEMD, unitName + ": Failed with result 'signal'.");
            } else {
                journal.append(Sandbox.UNIT, SYSTEMD, unitName + ": Main process exited, code=exited, status="
                        + status + "/FAILURE");
                journal.append(Sandbox.UNIT, SYSTEMD, unitName + ": Failed with result 'exit-code'.");
            }
            LOG.debug("Demo daemon (PID {}) exited with status {}", main.pid(), status);
            if (!closed) {
                scheduleRestart();
            }
        }
    }

    /** Microseconds since the service manager started, always past {@code previous}. */
    private long monotonicAfter(long previous) {
        return Math.max(previous + 1, (System.nanoTime() - bootNanos) / 1000);
    }

    private void scheduleRestart() {
        if (closed) {
            return;
        }
        pendingRestart = timer.schedule(this::autoRestart, options.restartDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void autoRestart() {
        pendingRestart = null;
        if (closed || running != null) {
            return;
        }
        restarts++;
        String unitName = Sandbox.UNIT + ".service";
        journal.append(Sandbox.UNIT, SYSTEMD, unitName + ": Scheduled restart job, restart counter is at "
                + restarts + ".");
        journal.append(Sandbox.UNIT, SYSTEMD, "Stopped " + unitName + " - " + Sandbox.UNIT_DESCRIPTION + ".");
        launch();
    }

    private void cancelPendingRestart() {
        if (pendingRestart != null) {
            pendingRestart.cancel(false);
            pendingRestart = null;
        }
    }

    private void terminateLogged() {
        String unitName = Sandbox.UNIT + ".service";
        MainProcess main = running;
        running = null;
        journal.append(Sandbox.UNIT, SYSTEMD, "Stopping " + unitName + " - " + Sandbox.UNIT_DESCRIPTION + "...");
        boolean clean = ProcessGroups.terminate(main.pid(), main.wrapper(), STOP_GRACE);
        if (!clean) {
            journal.append(Sandbox.UNIT, SYSTEMD, unitName + ": State 'stop-sigterm' timed out. Killing.");
        }
        lastExitStatus = 0;
        inactiveEnter = clock.now();
        inactiveEnterMonotonic = monotonicAfter(inactiveEnterMonotonic);
        journal.append(Sandbox.UNIT, SYSTEMD, unitName + ": Deactivated successfully.");
        journal.append(Sandbox.UNIT, SYSTEMD, "Stopped " + unitName + " - " + Sandbox.UNIT_DESCRIPTION + ".");
        LOG.debug("Demo daemon (PID {}) stopped", main.pid());
    }
}
