package dev.burnwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.jcraft.jsch.ChannelSftp;
import dev.burnwatch.config.AppDirs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The story the console tells, driven at the core: burn, patch, restart, capped Haiku sessions, clean stop. */
class DemoStoryTest {

    private static final String PIN = "export ANTHROPIC_MODEL=claude-haiku-4-5-20251001";

    @TempDir
    Path home;

    private DemoHost demo;

    @AfterEach
    void stopDemoHost() {
        if (demo != null) {
            demo.stop();
        }
    }

    private DemoHost startDemo() throws IOException {
        System.setProperty("burnwatch.home", home.toString());
        DemoOptions options = DemoHostTest.fastOptions().withTurnPause(Duration.ofMillis(20))
                .withTaskInterval(Duration.ofMinutes(20)).withTurns(40, 50);
        demo = DemoHost.start(new AppDirs(home, home), options);
        return demo;
    }

    @Test
    void afterTheCapAndThePinNewSessionsStopAtThirtyTurnsOnHaikuAndTasksKeepCompleting() throws Exception {
        DemoHost.Info info = startDemo().info();
        Path config = Path.of(info.transcriptsConfigDir());
        Instant liveFrom = demo.now();
        await(() -> completedSince(config, liveFrom) >= 1, Duration.ofSeconds(60));
        List<Transcripts.Session> before = sessionsSince(config, liveFrom).stream()
                .filter(Transcripts.Session::complete).toList();

        try (SshClient ssh = SshClient.connect(info)) {
            patchOverSftp(ssh, info.scriptPath());
            assertThat(ssh.exec("bash -n " + info.scriptPath()).status()).isZero();
            String oldPid = ssh.run("systemctl show -p MainPID --value agent-daemon").trim();
            ssh.run("sudo -n systemctl restart agent-daemon");
            String newPid = ssh.run("systemctl show -p MainPID --value agent-daemon").trim();
            Instant restartedAt = activeEnter(ssh.run("systemctl show -p ActiveEnterTimestamp --value agent-daemon"));
            long doneBefore = doneTasks(info);

            await(() -> completedSince(config, restartedAt) >= 2, Duration.ofSeconds(60));

            assertThat(newPid).isNotEqualTo(oldPid);
            List<Transcripts.Session> after = sessionsSince(config, restartedAt).stream()
                    .filter(Transcripts.Session::complete).toList();
            assertThat(after).hasSizeGreaterThanOrEqualTo(2).allSatisfy(session -> {
                assertThat(session.turns()).isEqualTo(30);
                assertThat(session.models()).containsExactly("claude-haiku-4-5-20251001");
            });
            await(() -> doneTasks(info) >= doneBefore + 2, Duration.ofSeconds(30));
            assertThat(ssh.run("systemctl is-active agent-daemon").trim()).isEqualTo("active");
            assertThat(ssh.run("journalctl -u agent-daemon -n 200 --no-pager"))
                    .contains("Error: reached max turns (30)");
        }
        assertThat(before).allSatisfy(session -> {
            assertThat(session.turns()).isBetween(40, 50);
            assertThat(session.models()).containsExactly(HistorySeeder.DEFAULT_MODEL);
        });
    }

    @Test
    void aDaemonThatExitsIsStartedAgainAfterRestartSec() throws Exception {
        DemoHost.Info info = startDemo().info();
        try (SshClient ssh = SshClient.connect(info)) {
            long firstPid = Long.parseLong(ssh.run("systemctl show -p MainPID --value agent-daemon").trim());

            ProcessHandle.of(firstPid).orElseThrow().destroy();
            await(() -> restarts(ssh) == 1, Duration.ofSeconds(10));

            long secondPid = Long.parseLong(ssh.run("systemctl show -p MainPID --value agent-daemon").trim());
            assertThat(secondPid).isNotEqualTo(firstPid).isNotZero();
            assertThat(ssh.run("journalctl -u agent-daemon -n 20 --no-pager"))
                    .contains("agent-daemon.service: Main process exited, code=killed, status=15/TERM")
                    .contains("Scheduled restart job, restart counter is at 1.");
        }
    }

    @Test
    void stoppingTheHostLeavesNoProcessAndNoOpenPortBehind() throws Exception {
        DemoHost.Info info = startDemo().info();
        long daemonPid;
        try (SshClient ssh = SshClient.connect(info)) {
            daemonPid = Long.parseLong(ssh.run("systemctl show -p MainPID --value agent-daemon").trim());
        }
        String sandbox = Path.of(info.homeDir()).getParent().toString();
        await(() -> processesUnder(sandbox) > 1, Duration.ofSeconds(20));

        demo.stop();

        assertThat(ProcessHandle.of(daemonPid)).isEmpty();
        assertThat(ProcessGroups.isAlive(daemonPid)).isFalse();
        assertThat(processesUnder(sandbox)).isZero();
        assertThat(refusesConnections(info.port())).isTrue();
        assertThat(demo.isRunning()).isFalse();
    }

    @Test
    void resetStartsOverWithTheUnpatchedScriptAndKeepsTheHostKey() throws Exception {
        DemoHost.Info first = startDemo().info();
        Files.writeString(Path.of(first.scriptPath()), "#!/usr/bin/env bash\nexit 0\n");

        demo.reset();

        DemoHost.Info second = demo.info();
        assertThat(second.knownHostsLine()).isEqualTo(first.knownHostsLine());
        assertThat(Files.readString(Path.of(second.scriptPath())))
                .contains("claude \"$task_prompt\"").doesNotContain("exit 0");
        try (SshClient ssh = SshClient.connect(second)) {
            assertThat(ssh.run("systemctl is-active agent-daemon").trim()).isEqualTo("active");
        }
    }

    @Test
    void theDemoClockStandsStillWhileStoppedAndResumesWhereItWas() throws Exception {
        startDemo();
        demo.stop();
        Instant stoppedAt = Instant.ofEpochMilli(Long.parseLong(Files.readString(
                home.resolve("demo/sandbox/run/clock")).trim().split(" ")[1]));

        Thread.sleep(1000);
        demo = DemoHost.start(new AppDirs(home, home), DemoHostTest.fastOptions());

        Duration jump = Duration.between(stoppedAt, demo.now());
        assertThat(jump).isBetween(Duration.ZERO, Duration.ofSeconds((long) DemoHostTest.SPEED));
    }

    private static void patchOverSftp(SshClient ssh, String script) throws Exception {
        String text = new String(ssh.read(script), StandardCharsets.UTF_8);
        String patched = text.replace("set -euo pipefail\n", "set -euo pipefail\n" + PIN + "\n")
                .replace("    claude \"$task_prompt\"\n", "    claude --max-turns 30 \"$task_prompt\" || true\n");
        assertThat(patched).isNotEqualTo(text);
        ChannelSftp sftp = ssh.sftp();
        sftp.put(new ByteArrayInputStream(patched.getBytes(StandardCharsets.UTF_8)), script + ".new");
        sftp.chmod(0755, script + ".new");
        sftp.rename(script + ".new", script);
        sftp.disconnect();
    }

    private static Instant activeEnter(String systemdTimestamp) {
        DateTimeFormatter format = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm:ss zzz", Locale.US)
                .withZone(ZoneId.systemDefault());
        return ZonedDateTime.parse(systemdTimestamp.trim(), format).toInstant();
    }

    private static List<Transcripts.Session> sessionsSince(Path config, Instant from) throws IOException {
        return Transcripts.read(config).stream().filter(s -> !s.start().isBefore(from)).toList();
    }

    private static long completedSince(Path config, Instant from) {
        try {
            return sessionsSince(config, from).stream().filter(Transcripts.Session::complete).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long doneTasks(DemoHost.Info info) {
        Path queue = Path.of(info.homeDir()).resolveSibling("queue");
        try (Stream<Path> files = Files.list(queue)) {
            return files.filter(f -> f.toString().endsWith(".task.done")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static int restarts(SshClient ssh) {
        try {
            return Integer.parseInt(ssh.run("systemctl show -p NRestarts --value agent-daemon").trim());
        } catch (Exception e) {
            return -1;
        }
    }

    private static long processesUnder(String sandbox) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(line -> line.contains(sandbox)).orElse(false))
                .count();
    }

    private static boolean refusesConnections(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return true;
        }
    }

    static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(100);
        }
    }
}
