package dev.burnwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.config.AppDirs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A demo host whose JVM is killed with SIGKILL (no shutdown hook runs) leaves no daemon
 * behind: its launcher's watchdog stops the daemon, and where even that is gone, the next
 * start on the same folder stops what the earlier run left, and only that.
 */
class DemoLeftoversTest {

    /** Slow turns: a session lasts 16 to 24 s, so a leftover daemon is still at work when looked at. */
    private static final long TURN_PAUSE_MS = 400;

    @TempDir
    Path home;

    private final List<Process> started = new ArrayList<>();
    private DemoHost demo;

    @AfterEach
    void stopEverything() {
        if (demo != null) {
            demo.stop();
        }
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void aKilledJvmTakesItsDaemonAndItsSessionWithIt() throws Exception {
        Process jvm = startDemoInChildJvm();
        long group = daemonGroup();
        await("a session of the first daemon", () -> sessionsIn(group) > 0);

        jvm.destroyForcibly();
        jvm.waitFor(30, TimeUnit.SECONDS);

        // left to itself, the group would end with its session, 16 s or more away: the watchdog ends it at once
        await("the daemon's group to end after its JVM was killed", Duration.ofSeconds(8),
                () -> members(group).isEmpty());
    }

    @Test
    void aRestartedDemoHostStopsTheDaemonThatAKilledRunLeftBehind() throws Exception {
        Process jvm = startDemoInChildJvm();
        long leftover = daemonGroup();
        await("a session of the first daemon", () -> sessionsIn(leftover) > 0);
        // frozen first, the JVM cannot see its launcher go (it would stop the daemon's group itself)
        signal("STOP", jvm.pid());
        killLauncherAndWatchdog(leftover);
        jvm.destroyForcibly();
        jvm.waitFor(30, TimeUnit.SECONDS);
        assertThat(members(leftover)).as("the leftover daemon still runs after its JVM and launcher are gone")
                .isNotEmpty();

        demo = DemoHost.start(new AppDirs(home, home), DemoHostTest.fastOptions());
        long current = daemonGroup();

        assertThat(members(leftover)).as("processes of the leftover group").isEmpty();
        String daemon = "bash " + demo.info().scriptPath();
        Set<Long> daemonGroups = processes().stream()
                .filter(p -> p.command().equals(daemon) || p.command().endsWith("/" + daemon))
                .map(Ps::group).collect(Collectors.toSet());
        assertThat(daemonGroups).containsExactly(current);
        assertThat(current).isNotEqualTo(leftover);
    }

    @Test
    void aRecordedGroupThatIsNotTheDemosIsLeftAlone() throws Exception {
        Process stranger = new ProcessBuilder("bash", "-c", "set -m; sleep 300 >/dev/null 2>&1 & echo $!").start();
        long strangerPid = Long.parseLong(new String(stranger.getInputStream().readAllBytes(),
                StandardCharsets.US_ASCII).trim());
        Files.createDirectories(home.resolve("demo"));
        Files.writeString(home.resolve("demo/daemon.pid"), strangerPid + "\n");

        try {
            demo = DemoHost.start(new AppDirs(home, home), DemoHostTest.fastOptions());

            assertThat(ProcessHandle.of(strangerPid)).as("a process that only has the recorded PID").isPresent();
            assertThat(ProcessGroups.isAlive(strangerPid)).isTrue();
        } finally {
            ProcessHandle.of(strangerPid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private Process startDemoInChildJvm() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), DemoHostProcess.class.getName(), home.toString(),
                Long.toString(TURN_PAUSE_MS))
                .redirectError(home.resolve("child.err").toFile());
        Process jvm = builder.start();
        started.add(jvm);
        BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the child JVM's first line; its stderr: %s", childErr()).isEqualTo("READY");
        return jvm;
    }

    private String childErr() {
        try {
            return Files.readString(home.resolve("child.err"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The daemon's process group as the service manager recorded it. */
    private long daemonGroup() throws Exception {
        Path file = home.resolve("demo/daemon.pid");
        await("the recorded daemon group", () -> Files.exists(file));
        return Long.parseLong(Files.readString(file).trim());
    }

    /** The stand-in sessions running in the group. */
    private long sessionsIn(long group) {
        return members(group).stream().filter(p -> p.command().contains("/bin/claude")).count();
    }

    /**
     * As the launcher and its watchdog would be after a crash of theirs: gone without a word.
     * The leader's parent is the launcher; the launcher's other child is the watchdog.
     */
    private static void killLauncherAndWatchdog(long group) {
        ProcessHandle launcher = ProcessHandle.of(group).flatMap(ProcessHandle::parent).orElseThrow();
        List<ProcessHandle> watchdogs = launcher.children().filter(child -> child.pid() != group).toList();
        assertThat(watchdogs).hasSize(1);
        // no waiting for them to end: their parent, the frozen JVM, cannot reap them
        assertThat(watchdogs.get(0).destroyForcibly()).isTrue();
        assertThat(launcher.destroyForcibly()).isTrue();
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    record Ps(long pid, long group, String state, String command) {
    }

    /** Every live process (zombies left out), from ps: the test does not trust the code it checks to list them. */
    private static List<Ps> processes() {
        try {
            Process ps = new ProcessBuilder("ps", "-A", "-o", "pid=,pgid=,stat=,args=").start();
            String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ps.waitFor(10, TimeUnit.SECONDS);
            List<Ps> table = new ArrayList<>();
            for (String line : out.split("\n")) {
                String[] fields = line.trim().split("\\s+", 4);
                if (fields.length == 4 && !fields[2].startsWith("Z")) {
                    table.add(new Ps(Long.parseLong(fields[0]), Long.parseLong(fields[1]), fields[2], fields[3]));
                }
            }
            return table;
        } catch (IOException e) {
            throw new AssertionError("ps failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<Ps> members(long group) {
        return processes().stream().filter(p -> p.group() == group).toList();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, Duration.ofSeconds(60), condition);
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what);
            }
            Thread.sleep(100);
        }
    }
}
