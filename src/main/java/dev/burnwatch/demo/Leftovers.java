package dev.burnwatch.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an earlier run of the demo host left running when its JVM ended without stopping it
 * (kill -9, a crash, a closed terminal that took the JVM but not its children): the daemon's
 * process group, its stand-in {@code claude}, commands of SSH clients. Left alone, such a
 * daemon keeps taking tasks from the queue with the script it started with, beside the new
 * run's daemon, and every proof after a restart fails.
 *
 * <p>Every process of a demo host carries {@link #MARKER} in its environment, set to the demo
 * folder; the service manager records the daemon's process group in {@code daemon.pid}. A
 * start stops what is recorded there, but only where the group is really the demo's (a
 * member carries the marker, or elsewhere than Linux, runs a command from the sandbox): the
 * PID may belong to somebody else's process by now.
 */
final class Leftovers {

    /** The variable in every demo process's environment; its value is the demo folder. */
    static final String MARKER = "BURNWATCH_DEMO_HOST";

    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final Path PROC = Path.of("/proc");

    private Leftovers() {
    }

    /** One process: its id, its process group and whether it belongs to this demo folder. */
    record Proc(long pid, long group, boolean ours) {
    }

    /**
     * Stops every process an earlier run on {@code demoDir} left behind and forgets the
     * recorded group. Call it holding the demo folder's lock, so that no live run is touched.
     *
     * @return how many processes were found and stopped
     */
    static int stop(Path demoDir, Path groupFile, Path sandboxRoot) {
        Optional<Long> recorded = readGroup(groupFile);
        List<Proc> table = processes(demoDir, sandboxRoot);
        Set<Long> spared = selfAndAncestors();
        int stopped = 0;

        if (recorded.isPresent() && table.stream().anyMatch(p -> p.group() == recorded.get() && p.ours())) {
            long group = recorded.get();
            stopped += (int) table.stream().filter(p -> p.group() == group).count();
            LOG.info("Stopping the demo daemon (process group {}) that an earlier Burnwatch left running", group);
            ProcessGroups.signal("TERM", group);
            if (!awaitGroupGone(group, GRACE)) {
                ProcessGroups.signal("KILL", group);
            }
        }

        for (Proc proc : table) {
            if (proc.ours() && !spared.contains(proc.pid()) && recorded.map(g -> g != proc.group()).orElse(true)) {
                Optional<ProcessHandle> handle = ProcessHandle.of(proc.pid());
                if (handle.isPresent() && handle.get().destroyForcibly()) {
                    stopped++;
                }
            }
        }
        if (stopped > 0) {
            LOG.info("Stopped {} process(es) of the demo host in {} that an earlier Burnwatch left running",
                    stopped, demoDir);
        }
        try {
            Files.deleteIfExists(groupFile);
        } catch (IOException e) {
            LOG.debug("could not remove {}: {}", groupFile, e.toString());
        }
        return stopped;
    }

    /** The environment entry that marks the processes of the demo host on {@code demoDir}. */
    static String markerValue(Path demoDir) {
        try {
            return demoDir.toRealPath().toString();
        } catch (IOException e) {
            return demoDir.toAbsolutePath().normalize().toString();
        }
    }

    /** The processes this user can see, each with its group and whether it is of this demo folder. */
    static List<Proc> processes(Path demoDir, Path sandboxRoot) {
        if (Files.isDirectory(PROC.resolve("self"))) {
            return fromProc(MARKER + "=" + markerValue(demoDir));
        }
        return fromPs(sandboxRoot.toString() + "/");
    }

    /** Linux: the group from {@code /proc/PID/stat}, ownership from the marker in {@code /proc/PID/environ}. */
    private static List<Proc> fromProc(String marker) {
        byte[] entry = (marker + "\0").getBytes(StandardCharsets.UTF_8);
        List<Proc> table = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path dir : entries) {
                long pid;
                try {
                    pid = Long.parseLong(dir.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                long group = groupOf(dir);
                if (group > 0) {
                    table.add(new Proc(pid, group, holds(dir.resolve("environ"), entry)));
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not list the processes in /proc to find what an earlier demo host left: {}",
                    e.toString());
        }
        return table;
    }

    /** Field 5 of {@code stat}, counted after the command name in parentheses (which may hold anything). */
    private static long groupOf(Path dir) {
        try {
            String stat = Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean holds(Path environ, byte[] entry) {
        byte[] env;
        try {
            env = Files.readAllBytes(environ);
        } catch (IOException e) {
            return false;
        }
        for (int start = 0; start + entry.length <= env.length; start++) {
            if ((start == 0 || env[start - 1] == 0) && regionEquals(env, start, entry)) {
                return true;
            }
        }
        return false;
    }

    private static boolean regionEquals(byte[] env, int start, byte[] entry) {
        for (int i = 0; i < entry.length; i++) {
            if (env[start + i] != entry[i]) {
                return false;
            }
        }
        return true;
    }

    /** Elsewhere (macOS): {@code ps}, and a process is ours when it runs something from the sandbox. */
    private static List<Proc> fromPs(String sandboxPrefix) {
        List<Proc> table = new ArrayList<>();
        try {
            Process ps = new ProcessBuilder("ps", "-A", "-o", "pid=,pgid=,command=").redirectErrorStream(true).start();
            String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ps.waitFor(10, TimeUnit.SECONDS)) {
                ps.destroyForcibly();
            }
            for (String line : out.split("\n")) {
                String[] fields = line.trim().split("\\s+", 3);
                if (fields.length == 3 && fields[0].matches("\\d+") && fields[1].matches("\\d+")) {
                    table.add(new Proc(Long.parseLong(fields[0]), Long.parseLong(fields[1]),
                            fields[2].contains(sandboxPrefix)));
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not run ps to find what an earlier demo host left: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return table;
    }

    private static Optional<Long> readGroup(Path groupFile) {
        try {
            String text = Files.readString(groupFile, StandardCharsets.US_ASCII).trim();
            return text.matches("\\d+") ? Optional.of(Long.parseLong(text)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Set<Long> selfAndAncestors() {
        Set<Long> pids = new HashSet<>();
        Optional<ProcessHandle> process = Optional.of(ProcessHandle.current());
        while (process.isPresent()) {
            pids.add(process.get().pid());
            process = process.get().parent();
        }
        return pids;
    }

    private static boolean awaitGroupGone(long group, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!ProcessGroups.isAlive(group)) {
                    return true;
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !ProcessGroups.isAlive(group);
    }
}
