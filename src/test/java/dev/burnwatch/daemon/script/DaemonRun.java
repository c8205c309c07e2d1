package dev.burnwatch.daemon.script;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a daemon script with real bash against a temporary queue, with a stand-in {@code claude} on
 * PATH that records its arguments and ANTHROPIC_MODEL (and can exit non-zero, as a capped session
 * does), and optionally a stand-in {@code date} that reads a clock file the test controls.
 */
final class DaemonRun implements AutoCloseable {

    /** What one call of the stand-in saw. */
    record Call(String environmentModel, List<String> arguments) {

        long count(String flag) {
            return arguments.stream().filter(arg -> arg.equals(flag) || arg.startsWith(flag + "=")).count();
        }

        /** The value of the last {@code flag} (the CLI's own rule for a repeated option). */
        String value(String flag) {
            String found = null;
            for (int i = 0; i < arguments.size(); i++) {
                String arg = arguments.get(i);
                if (arg.equals(flag) && i + 1 < arguments.size()) {
                    found = arguments.get(i + 1);
                } else if (arg.startsWith(flag + "=")) {
                    found = arg.substring(flag.length() + 1);
                }
            }
            return found;
        }

        /** The model the CLI would run on: the --model flag beats the environment. */
        String effectiveModel() {
            String flag = value("--model");
            return flag != null ? flag : environmentModel;
        }
    }

    static final String ENVIRONMENT_MODEL = "model-from-the-environment";

    final Path dir;
    final Path queue;
    final Path records;
    final Path log;
    final Path clock;
    final Path stderr;
    private final Path bin;
    private Process process;

    DaemonRun(Path dir) throws IOException {
        this.dir = dir;
        this.queue = Files.createDirectories(dir.resolve("queue"));
        this.records = Files.createDirectories(dir.resolve("records"));
        this.bin = Files.createDirectories(dir.resolve("bin"));
        this.log = dir.resolve("daemon.log");
        this.clock = dir.resolve("clock");
        this.stderr = dir.resolve("stderr.txt");
        Path context = Files.createDirectories(dir.resolve("context"));
        Files.writeString(context.resolve("ACTIVE.md"), "# Active work\nKeep the build green.\n");
        Files.writeString(context.resolve("crew_manifest.md"), "# Crew\nagent-1\n");
        Files.createDirectories(dir.resolve("tmp"));
        executable(bin.resolve("claude"), """
                #!/bin/bash
                record=$(mktemp "$RECORD_DIR/call.XXXXXX")
                { printf '%s\\0' "${ANTHROPIC_MODEL-<unset>}"; printf '%s\\0' "$@"; } > "$record"
                if [[ -n ${CLOCK_ADVANCE:-} ]]; then
                  echo $(( $(cat "$FAKE_CLOCK") + CLOCK_ADVANCE )) > "$FAKE_CLOCK"
                fi
                exit "${CLAUDE_EXIT:-0}"
                """);
    }

    /** Puts a stand-in {@code date} first on PATH that tells the time held in {@link #clock}. */
    DaemonRun withFakeClock(long epochSeconds) throws IOException {
        setClock(epochSeconds);
        executable(bin.resolve("date"), """
                #!/bin/bash
                exec /usr/bin/date -d "@$(cat "$FAKE_CLOCK")" "$@"
                """);
        return this;
    }

    void setClock(long epochSeconds) throws IOException {
        Path next = dir.resolve("clock.next");
        Files.writeString(next, epochSeconds + "\n");
        Files.move(next, clock, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    void queueTasks(int count) throws IOException {
        for (int i = 1; i <= count; i++) {
            Files.writeString(queue.resolve("task-" + i + ".task"), "Fix issue " + i + "\n");
        }
    }

    static int bashSyntaxCheck(Path script) throws IOException, InterruptedException {
        Process check = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        check.getInputStream().readAllBytes();
        return check.waitFor(30, TimeUnit.SECONDS) ? check.exitValue() : -1;
    }

    /** Starts the script in its own process group so that it and its children can be stopped together. */
    void start(Path script, Map<String, String> extraEnvironment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("setsid", "bash", script.toString())
                .directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(stderr.toFile());
        Map<String, String> env = builder.environment();
        env.put("PATH", bin + ":/usr/local/bin:/usr/bin:/bin");
        env.put("QUEUE_DIR", queue.toString());
        env.put("LOG", log.toString());
        env.put("POLL_SECONDS", "1");
        env.put("CONTEXT_DIR", dir.resolve("context").toString());
        env.put("RECORD_DIR", records.toString());
        env.put("FAKE_CLOCK", clock.toString());
        env.put("TMPDIR", dir.resolve("tmp").toString());
        env.put("HOME", dir.toString());
        env.put("ANTHROPIC_MODEL", ENVIRONMENT_MODEL);
        env.remove("BURNWATCH_HOME");
        env.putAll(extraEnvironment);
        process = builder.start();
    }

    /** Waits until every queued task is renamed *.done, or the script ends, or the time is up. */
    boolean waitUntilDrained(int tasks, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (doneCount() == tasks && pendingCount() == 0) {
                return true;
            }
            if (!process.isAlive()) {
                return doneCount() == tasks && pendingCount() == 0;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Waits for the script to end by itself; null when it is still running at the end of the timeout. */
    Integer waitForExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    long doneCount() throws IOException {
        try (Stream<Path> files = Files.list(queue)) {
            return files.filter(file -> file.toString().endsWith(".task.done")).count();
        }
    }

    long pendingCount() throws IOException {
        try (Stream<Path> files = Files.list(queue)) {
            return files.filter(file -> file.toString().endsWith(".task")).count();
        }
    }

    List<Call> calls() throws IOException {
        List<Call> calls = new ArrayList<>();
        try (Stream<Path> files = Files.list(records)) {
            for (Path file : files.sorted().toList()) {
                String content = Files.readString(file, StandardCharsets.UTF_8);
                List<String> parts = new ArrayList<>(Arrays.asList(content.split("\0", -1)));
                parts.remove(parts.size() - 1);
                calls.add(new Call(parts.get(0), List.copyOf(parts.subList(1, parts.size()))));
            }
        }
        return calls;
    }

    String stderrText() throws IOException {
        return Files.exists(stderr) ? Files.readString(stderr) : "";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        Process kill = new ProcessBuilder("kill", "-TERM", "--", "-" + process.pid()).start();
        kill.waitFor(10, TimeUnit.SECONDS);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid()).start().waitFor(10, TimeUnit.SECONDS);
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void executable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
