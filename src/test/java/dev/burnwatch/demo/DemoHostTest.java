package dev.burnwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import dev.burnwatch.config.AppDirs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The demo host as a client sees it: a Linux host behind real SSH, driven with plain shell commands. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoHostTest {

    static final double SPEED = 600;

    @TempDir
    static Path home;

    private DemoHost demo;
    private DemoHost.Info info;
    private SshClient ssh;

    /** Fast enough for tests: a demo day in 144 s, a turn every 50 ms, a task every real second. */
    static DemoOptions fastOptions() {
        return DemoOptions.defaults().withSpeed(SPEED).withTurnPause(Duration.ofMillis(50))
                .withTaskInterval(Duration.ofMinutes(10)).withRestartDelay(Duration.ofMillis(300))
                .withPollInterval(Duration.ofMillis(200)).withTurns(40, 60).withHistoryDays(1);
    }

    @BeforeAll
    void startDemoHost() throws Exception {
        System.setProperty("burnwatch.home", home.toString());
        demo = DemoHost.start(new AppDirs(home, home), fastOptions());
        info = demo.info();
        ssh = SshClient.connect(info);
    }

    @AfterAll
    void stopDemoHost() {
        if (ssh != null) {
            ssh.close();
        }
        if (demo != null) {
            demo.stop();
        }
    }

    @Test
    void aClientThatTrustsOnlyThePrintedKnownHostsLineLogsInWithTheClientKey() throws Exception {
        try (SshClient client = SshClient.connect(info, info.knownHostsFile(), info.privateKey())) {
            String whoami = client.run("whoami; echo $HOME; pwd");

            assertThat(whoami.split("\n")).containsExactly(info.user(), info.homeDir(), info.homeDir());
        }
        assertThat(info.knownHostsLine()).startsWith("[127.0.0.1]:" + info.port() + " ecdsa-sha2-nistp256 ");
        assertThat(Files.readString(info.knownHostsFile()).trim()).isEqualTo(info.knownHostsLine());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(info.privateKey())))
                .isEqualTo("rw-------");
        assertThat(Files.readString(info.privateKey())).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
    }

    @Test
    void anUnknownHostKeyIsRefusedUnderStrictChecking(@TempDir Path other) throws Exception {
        Path emptyKnownHosts = Files.createFile(other.resolve("known_hosts"));

        assertThatThrownBy(() -> SshClient.connect(info, emptyKnownHosts, info.privateKey()).close())
                .isInstanceOf(JSchUnknownHostKeyException.class);
    }

    @Test
    void anotherKeyCannotLogIn(@TempDir Path other) throws Exception {
        Path strangerKey = DemoKeys.load(other).privateKeyFile();

        assertThatThrownBy(() -> SshClient.connect(info, info.knownHostsFile(), strangerKey).close())
                .isInstanceOf(JSchException.class).hasMessageContaining("Auth fail");
    }

    @Test
    void findPrintfListsTranscriptsWithSizeTimeAndInode() throws Exception {
        String listing = ssh.run("find \"$HOME/.claude/projects\" -type f -name '*.jsonl' -printf '%s %T@ %i %p\\n'");

        List<String> lines = listing.lines().toList();
        assertThat(lines).isNotEmpty();
        assertThat(lines).allMatch(line -> line.matches("\\d+ \\d+\\.\\d+ \\d+ " + info.transcriptsConfigDir()
                + "/projects/-.*-home/[0-9a-f-]{36}\\.jsonl"));
    }

    @Test
    void theDemoClockRunsAtTheChosenSpeed() throws Exception {
        String out = ssh.run("date +%s%3N; sleep 1; date +%s%3N");

        long[] stamps = out.lines().mapToLong(Long::parseLong).toArray();
        double demoSeconds = (stamps[1] - stamps[0]) / 1000.0;
        assertThat(demoSeconds).isBetween(SPEED * 1.0, SPEED * 1.3);
        assertThat(Math.abs(stamps[1] - demo.now().toEpochMilli())).isLessThan((long) (SPEED * 1000));
    }

    @Test
    void dateSpeaksTheFormsTheDaemonAndItsPatchesUse() throws Exception {
        String out = ssh.run("date -u +%FT%TZ; date -u +%H:%M; date +%s; date -u +%s; date -u -d @0 +%F");

        String[] lines = out.split("\n");
        assertThat(lines[0]).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(lines[1]).matches("\\d\\d:\\d\\d");
        assertThat(Long.parseLong(lines[2])).isCloseTo(demo.now().getEpochSecond(),
                org.assertj.core.data.Offset.offset((long) SPEED * 2));
        assertThat(lines[4]).isEqualTo("1970-01-01");
    }

    @Test
    void theCoreutilsAFileEditUsesWork() throws Exception {
        String script = info.scriptPath();
        String copy = script + ".check";

        String out = ssh.run("cp -p " + script + " " + copy + " && chmod --reference=" + script + " " + copy
                + " && chown --reference=" + script + " " + copy + " && bash -n " + copy
                + " && grep -n 'claude \"$task_prompt\"' " + copy + " && stat -c '%a %s' " + copy
                + " && mv " + copy + " " + copy + ".moved && cat " + copy + ".moved | wc -c && rm " + copy + ".moved");

        String[] lines = out.split("\n");
        assertThat(lines[0]).matches("\\d+:    claude \"\\$task_prompt\"");
        assertThat(lines[1]).isEqualTo("755 " + Files.size(Path.of(script)));
        assertThat(lines[2].trim()).isEqualTo(Long.toString(Files.size(Path.of(script))));
    }

    @Test
    void theScriptIsTheUnpatchedFixtureByteForByte() throws Exception {
        byte[] onHost = ssh.read(info.scriptPath());

        Path fixture = Path.of(System.getProperty("burnwatch.fixtures", "../shared/fixtures"),
                "daemon", "agent_daemon.sh");
        assertThat(onHost).isEqualTo(Files.readAllBytes(fixture));
    }

    @Test
    void sftpWritesAndAtomicallyRenamesOverAFile() throws Exception {
        String target = info.homeDir() + "/notes.txt";
        Files.writeString(Path.of(target), "old\n");
        ChannelSftp sftp = ssh.sftp();

        sftp.put(new ByteArrayInputStream("new\n".getBytes(StandardCharsets.UTF_8)), target + ".tmp");
        sftp.rename(target + ".tmp", target);
        String home = sftp.pwd();
        sftp.disconnect();

        assertThat(Files.readString(Path.of(target))).isEqualTo("new\n");
        assertThat(Files.exists(Path.of(target + ".tmp"))).isFalse();
        assertThat(home).isEqualTo(info.homeDir());
    }

    @Test
    void restartingTheUnitThroughSudoStartsANewDaemonProcess() throws Exception {
        Map<String, String> before = show();

        ssh.run("sudo -n systemctl restart agent-daemon");
        Map<String, String> after = show();

        assertThat(after.get("MainPID")).isNotEqualTo("0").isNotEqualTo(before.get("MainPID"));
        assertThat(after.get("ActiveEnterTimestamp")).isNotEqualTo(before.get("ActiveEnterTimestamp"));
        assertThat(ProcessHandle.of(Long.parseLong(before.get("MainPID")))).isEmpty();
        assertThat(ProcessHandle.of(Long.parseLong(after.get("MainPID")))).isPresent();
        assertThat(ssh.run("systemctl is-active agent-daemon").trim()).isEqualTo("active");
        assertThat(ssh.run("journalctl -u agent-daemon -n 50 --no-pager"))
                .contains("Stopping agent-daemon.service").contains("Stopped agent-daemon.service")
                .contains("Started agent-daemon.service");
    }

    @Test
    void withoutSudoAUserCannotRestartTheUnit() throws Exception {
        boolean root = ssh.run("id -u").trim().equals("0");
        String asUser = root ? unprivilegedCopyOfTheCommands() : "";

        try {
            SshClient.Result denied = ssh.exec(asUser + "systemctl restart agent-daemon");

            assertThat(denied.status()).isNotZero();
            assertThat(denied.stderr()).contains("Access denied");
            assertThat(ssh.run(asUser + "systemctl is-active agent-daemon").trim()).isEqualTo("active");
        } finally {
            if (root) {
                ssh.run("rm -rf '" + asUser.substring(asUser.lastIndexOf(" ") + 1).replaceFirst("/bin/$", "") + "'");
            }
        }
    }

    /**
     * Root may restart units without sudo, as on any host; so where the tests run as root (CI),
     * the check runs as {@code nobody}, with a copy of the demo's commands and of the service
     * manager's address that nobody can read: the same token, only not root. Returns the
     * command prefix that runs the copy's commands as nobody.
     */
    private String unprivilegedCopyOfTheCommands() throws Exception {
        String sandbox = Path.of(info.homeDir()).getParent().toString();
        String copy = ssh.run("d=$(mktemp -d) && cp -r '" + sandbox + "/bin' '" + sandbox + "/lib' \"$d\" && mkdir "
                + "\"$d/run\" && cp '" + sandbox + "/run/control' \"$d/run/\" && chown -R nobody \"$d\" && chmod 755 "
                + "\"$d\" && echo \"$d\"").trim();
        String nobody = ssh.run("id -u nobody").trim();
        assertThat(ssh.run("setpriv --reuid=" + nobody + " --regid=" + nobody + " --clear-groups -- id -u").trim())
                .isEqualTo(nobody);
        return "setpriv --reuid=" + nobody + " --regid=" + nobody + " --clear-groups -- " + copy + "/bin/";
    }

    @Test
    void sudoAllowsTheUnitsVerbsAndNothingElse() throws Exception {
        SshClient.Result otherCommand = ssh.exec("sudo -n cat /etc/shadow");
        SshClient.Result otherUnit = ssh.exec("sudo -n systemctl restart ssh");

        assertThat(otherCommand.status()).isEqualTo(1);
        assertThat(otherCommand.stderr()).contains("a password is required");
        assertThat(otherUnit.status()).isEqualTo(1);
        assertThat(ssh.run("sudo -n systemctl is-active agent-daemon").trim()).isEqualTo("active");
    }

    @Test
    void systemctlStatusShowsTheRunningMainProcessAndTheJournalTail() throws Exception {
        String pid = ssh.run("systemctl show -p MainPID --value agent-daemon").trim();

        String status = ssh.run("systemctl status agent-daemon --no-pager");

        assertThat(status).startsWith("● agent-daemon.service - Agent work daemon")
                .contains("Active: active (running) since ").contains("Main PID: " + pid + " (agent_daemon.sh)");
        assertThat(ssh.run("systemctl cat agent-daemon")).contains("ExecStart=" + info.scriptPath())
                .contains("Restart=always");
    }

    @Test
    void anUnknownUnitIsReportedAsSystemdReportsIt() throws Exception {
        SshClient.Result active = ssh.exec("systemctl is-active nginx");
        SshClient.Result status = ssh.exec("systemctl status nginx");
        SshClient.Result restart = ssh.exec("sudo -n systemctl restart nginx");

        assertThat(active.status()).isEqualTo(3);
        assertThat(active.stdout().trim()).isEqualTo("inactive");
        assertThat(status.status()).isEqualTo(4);
        assertThat(status.stderr()).contains("Unit nginx.service could not be found.");
        assertThat(restart.status()).isEqualTo(1);
    }

    @Test
    void journalctlShowsTheLastLinesOfTheUnitInShortFormat() throws Exception {
        String journal = ssh.run("journalctl -u agent-daemon -n 5 --no-pager");

        assertThat(journal.lines()).hasSize(5)
                .allMatch(line -> line.matches("[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d:\\d\\d \\S+ \\S+\\[\\d+\\]: .*"));
    }

    @Test
    void transcriptsAppearAndGrowTurnByTurn() throws Exception {
        Map<String, Long> before = sizes();

        String grown = awaitGrowth(before);

        String models = ssh.run("grep -o '\"model\":\"[^\"]*\"' " + grown + " | sort -u");
        assertThat(models.trim()).isEqualTo("\"model\":\"claude-sonnet-4-20250514\"");
    }

    @Test
    void theHistoryHoldsDaysOfSessionsBeforeTheClockStarted() throws Exception {
        String count = ssh.run("ls \"$HOME\"/.claude/projects/*/ | wc -l");

        assertThat(Integer.parseInt(count.trim())).isGreaterThan(20);
    }

    /** Sizes of the transcripts, as {@code find -printf} on the host lists them. */
    private Map<String, Long> sizes() throws Exception {
        String listing = ssh.run("find \"$HOME/.claude/projects\" -name '*.jsonl' -printf '%s %p\\n'");
        return listing.lines().map(line -> line.split(" ", 2))
                .collect(Collectors.toMap(fields -> fields[1], fields -> Long.parseLong(fields[0])));
    }

    /** The first transcript that was there at one look and longer at the next. */
    private String awaitGrowth(Map<String, Long> first) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Map<String, Long> before = first;
        while (System.nanoTime() < deadline) {
            Thread.sleep(200);
            Map<String, Long> now = sizes();
            for (Map.Entry<String, Long> file : now.entrySet()) {
                if (before.containsKey(file.getKey()) && file.getValue() > before.get(file.getKey())) {
                    return file.getKey();
                }
            }
            before = now;
        }
        throw new AssertionError("no transcript grew within 20 s");
    }

    private Map<String, String> show() throws Exception {
        String out = ssh.run("sudo -n systemctl show -p MainPID -p ActiveEnterTimestamp agent-daemon");
        return out.lines().map(line -> line.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1], (a, b) -> b, HashMap::new));
    }
}
