package dev.burnwatch.demo;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signals to whole process groups, through bash's own {@code kill} (the JDK can signal
 * single processes only). The demo's daemon runs in a group of its own, so a stop reaches
 * every process it started, the ones started while the stop is under way included.
 */
final class ProcessGroups {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessGroups.class);
    private static final String[] SIGNALS = {"", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
        "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM"};

    private ProcessGroups() {
    }

    /** True while any process of the group lives. */
    static boolean isAlive(long groupId) {
        return kill("0", groupId);
    }

    /**
     * TERM to the group; KILL after {@code grace} if any of it still runs; waits for the
     * group leader's parent ({@code wrapper}) to end. Returns false if KILL was needed.
     */
    static boolean terminate(long groupId, Process wrapper, Duration grace) {
        kill("TERM", groupId);
        if (awaitGone(groupId, wrapper, grace)) {
            return true;
        }
        kill("KILL", groupId);
        if (!awaitGone(groupId, wrapper, Duration.ofSeconds(5))) {
            LOG.warn("Process group {} of the demo daemon did not end after KILL", groupId);
        }
        return false;
    }

    /** KILL to whatever is left of a group whose leader has exited. */
    static void killGroup(long groupId) {
        if (isAlive(groupId)) {
            kill("KILL", groupId);
        }
    }

    /** Sends {@code signal} (a name such as TERM) to the group; false if no process of it could be signalled. */
    static boolean signal(String signal, long groupId) {
        return kill(signal, groupId);
    }

    static String signalName(int signal) {
        return signal > 0 && signal < SIGNALS.length ? SIGNALS[signal] : Integer.toString(signal);
    }

    private static boolean awaitGone(long groupId, Process wrapper, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!wrapper.isAlive() && !isAlive(groupId)) {
                    return true;
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !wrapper.isAlive() && !isAlive(groupId);
    }

    private static boolean kill(String signal, long groupId) {
        try {
            Process kill = new ProcessBuilder("bash", "-c", "kill -" + signal + " -- \"-$1\" 2>/dev/null", "kill",
                    Long.toString(groupId)).redirectErrorStream(true).start();
            kill.getInputStream().readAllBytes();
            return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            LOG.warn("Could not signal process group {}: {}", groupId, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
