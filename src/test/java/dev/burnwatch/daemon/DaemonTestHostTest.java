package dev.burnwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnwatch.cli.Cli;
import dev.burnwatch.cli.ExitCode;
import dev.burnwatch.host.CommandResult;
import dev.burnwatch.host.ConnectOptions;
import dev.burnwatch.host.ForwardingHost;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostException;
import dev.burnwatch.host.Hosts;
import dev.burnwatch.host.Location;
import dev.burnwatch.host.TestHostFacts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The daemon settings on the real test host (Debian, systemd, OpenSSH, sudo; see
 * ../shared/testhost/README.md): the failures that must leave the script intact, then the
 * whole operator story in order: patch over SSH with the exit guard, restart through sudo,
 * verify with grep, watch the next sessions, roll back.
 *
 * <p>Start the host with a short feed and turn time, e.g. {@code TESTHOST_FEED_SECONDS=4
 * TESTHOST_TURN_SECONDS=0.05}, so that sessions come quickly.
 */
@Tag("testhost")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaemonTestHostTest {

    private static final String MODEL = "claude-haiku-4-5";
    private static final int CAP = 5;
    private static final Duration QUICK = Duration.ofSeconds(20);

    @TempDir
    static Path home;

    private static String address;
    private static int port;
    private static String user;
    private static Path key;
    private static Path knownHosts;
    private static String unit;
    private static String script;
    private static Host observer;
    private static int backupsLeftByTheCut;

    @BeforeAll
    static void connect() throws Exception {
        TestHostFacts facts = TestHostFacts.fromEnvironment();
        address = facts.address();
        port = facts.port();
        user = facts.user();
        key = facts.key();
        knownHosts = facts.knownHosts();
        unit = env("TESTHOST_UNIT", "agent-daemon");
        script = env("TESTHOST_SCRIPT", "/home/ubuntu/agent_daemon.sh");
        System.setProperty("burnwatch.home", home.resolve("burnwatch").toString());
        observer = Hosts.open(location(null), options());
    }

    @AfterAll
    static void disconnect() {
        if (observer != null) {
            observer.close();
        }
        System.clearProperty("burnwatch.home");
    }

    @Test
    @Order(1)
    void aFailingSyntaxCheckOnTheHostLeavesTheScriptIntact() throws Exception {
        String before = sha256OnHost();
        SafeApply safe = new SafeApply(observer);
        ScriptFile read = safe.read(script);

        assertThatThrownBy(() -> safe.apply(read, read.text() + "\nif true; then\n"))
                .isInstanceOf(ChangeRefusedException.class)
                .hasMessageContaining("bash -n rejected");

        assertThat(sha256OnHost()).isEqualTo(before);
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    @Order(2)
    void anEditBySomeoneElseDuringTheChangeIsRefusedAndKept() throws Exception {
        String edit = "# tuned by the operator during the change\n";
        try (Host secondWriter = Hosts.open(location(null), options())) {
            Host racing = new ForwardingHost(observer) {
                @Override
                public CommandResult exec(String command, Duration timeout) throws HostException {
                    CommandResult result = super.exec(command, timeout);
                    if (command.startsWith("bash -n")) {
                        secondWriter.exec("printf %s " + dev.burnwatch.host.ShellQuote.quote(edit) + " >> "
                                + script, QUICK);
                    }
                    return result;
                }
            };
            SafeApply safe = new SafeApply(racing);
            ScriptFile read = safe.read(script);

            assertThatThrownBy(() -> safe.apply(read, read.text().replace("claude ", "claude --max-turns 1 ")))
                    .isInstanceOf(ChangeRefusedException.class)
                    .hasMessageContaining("changed after Burnwatch read it");
        }

        assertThat(new String(observer.readAll(script, 1 << 20), StandardCharsets.UTF_8)).endsWith(edit)
                .doesNotContain("--max-turns 1");
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    @Order(3)
    void aConnectionDroppedBetweenWritingAndRenamingLeavesTheOriginal() throws Exception {
        String before = sha256OnHost();
        try (TcpProxy proxy = TcpProxy.to(address, port);
             Host throughProxy = Hosts.open(new Location(Location.Kind.SSH, user, "127.0.0.1", proxy.port(), null),
                     new ConnectOptions(key, knownHosts, fingerprint()))) {
            Host cutAtRename = new ForwardingHost(throughProxy) {
                @Override
                public void rename(String source, String target) throws HostException {
                    proxy.drop();
                    super.rename(source, target);
                }
            };
            SafeApply safe = new SafeApply(cutAtRename);
            ScriptFile read = safe.read(script);

            assertThatThrownBy(() -> safe.apply(read, read.text().replace("claude ", "claude --max-turns 1 ")))
                    .isInstanceOf(HostException.class)
                    .satisfies(e -> assertThat(((HostException) e).kind().isConnection()).isTrue());
        }

        assertThat(sha256OnHost()).isEqualTo(before);
        List<String> leftovers = temporaryFiles();
        assertThat(leftovers).allMatch(name -> name.matches("\\.agent_daemon\\.sh\\.burnwatch-[0-9a-f]{16}\\.tmp"));
        // The next change to the file removes such temporary files first (checked after the patch below).
        // A backup copy of the unchanged original made just before the cut stays: backups are never deleted.
        backupsLeftByTheCut = Integer.parseInt(onHost("ls " + script + ".burnwatch-*.bak 2>/dev/null | wc -l"));
    }

    @Test
    @Order(4)
    void patchOverSshWithTheExitGuardKeepsOwnerAndModeAndIsRecorded() throws Exception {
        String before = sha256OnHost();

        Run check = cli("patch", target(), "--max-turns", String.valueOf(CAP), "--model", MODEL, "--guard-exit");
        Run apply = cli("patch", target(), "--max-turns", String.valueOf(CAP), "--model", MODEL, "--guard-exit",
                "--apply");
        Run again = cli("patch", target(), "--max-turns", String.valueOf(CAP), "--model", MODEL, "--guard-exit",
                "--apply");

        assertThat(check.status).as(check.err).isZero();
        assertThat(check.out).contains("+++ b/agent_daemon.sh").contains("--max-turns " + CAP);
        assertThat(apply.status).as(apply.err).isZero();
        assertThat(apply.out).contains(".bak");
        assertThat(again.status).as(again.err).isZero();
        assertThat(again.out).contains("unchanged");
        assertThat(sha256OnHost()).isNotEqualTo(before);
        assertThat(onHost("stat -c '%U:%G %a' " + script)).isEqualTo("ubuntu:ubuntu 755");
        assertThat(onHost("bash -n " + script + " && echo ok")).isEqualTo("ok");
        assertThat(temporaryFiles()).isEmpty();
        assertThat(onHost("ls " + script + ".burnwatch-*.bak | wc -l"))
                .isEqualTo(String.valueOf(1 + backupsLeftByTheCut));
        assertThat(onHost("ls " + apply.out.replaceAll("(?s).*Backup: (\\S+) .*", "$1"))).endsWith(".bak");
        assertThat(new ChangeHistory(home.resolve("burnwatch/history.sqlite")).list(null))
                .singleElement().extracting(ChangeRecord::kind).isEqualTo(ChangeRecord.Kind.PATCH);
    }

    @Test
    @Order(5)
    void restartThroughSudoGivesANewMainPidAndStartTime() throws Exception {
        String pidBefore = onHost("systemctl show -p MainPID --value " + unit);

        Run restart = cli("restart", host(), "--unit", unit, "--json");

        assertThat(restart.status).as(restart.err).isZero();
        JsonNode report = new ObjectMapper().readTree(restart.out);
        assertThat(report.get("before").get("mainPid").asText()).isEqualTo(pidBefore);
        assertThat(report.get("after").get("mainPid").asLong()).isNotEqualTo(Long.parseLong(pidBefore)).isPositive();
        assertThat(report.get("after").get("startedAt").asText())
                .isNotEqualTo(report.get("before").get("startedAt").asText());
        assertThat(report.get("isActive").asText()).isEqualTo("active");
        assertThat(report.get("journal").toString()).contains("Started agent-daemon.service");
        assertThat(onHost("systemctl show -p MainPID --value " + unit)).isEqualTo(report.get("after").get("mainPid")
                .asText());
    }

    @Test
    @Order(6)
    void sudoWantingAPasswordIsAClearRefusalNotAHang() {
        Run restart = cli("restart", host(), "--unit", "ssh");

        assertThat(restart.status).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(restart.err).contains("password").contains("NOPASSWD: ").contains("systemctl restart ssh");
    }

    @Test
    @Order(7)
    void verifyShowsTheGrepLinesAndPassesEveryCall() {
        Run verify = cli("verify", target(), "--max-turns", String.valueOf(CAP), "--model", MODEL);
        Run wrongCap = cli("verify", target(), "--max-turns", "30", "--model", MODEL);

        assertThat(verify.status).as(verify.out + verify.err).isZero();
        assertThat(verify.out).contains("grep -n -- '--max-turns' " + script)
                .contains("grep -n 'ANTHROPIC_MODEL\\|--model' " + script)
                .contains("--max-turns " + CAP)
                .contains("pass");
        assertThat(wrongCap.status).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(wrongCap.out).contains("FAIL");
    }

    @Test
    @Order(8)
    void theNextSessionsAreCappedAndOnThePinnedModelWhileTheQueueKeepsDraining() throws Exception {
        int doneBefore = doneTasks();

        Run watch = cli("verify", target(), "--max-turns", String.valueOf(CAP), "--model", MODEL, "--watch",
                "--sessions", "3", "--timeout", "3m", "--json");

        assertThat(watch.status).as(watch.out + watch.err).isZero();
        JsonNode sessions = new ObjectMapper().readTree(watch.out).get("watch").get("sessions");
        assertThat(sessions.size()).isGreaterThanOrEqualTo(3);
        for (JsonNode session : sessions) {
            if (session.get("finished").asBoolean()) {
                assertThat(session.get("turns").asLong()).isLessThanOrEqualTo(CAP);
                assertThat(session.get("models").toString()).contains("claude-haiku-4-5");
            }
        }
        assertThat(doneTasks()).as("tasks marked done while capped sessions ran").isGreaterThan(doneBefore + 2);
        assertThat(onHost("systemctl is-active " + unit)).isEqualTo("active");
    }

    @Test
    @Order(9)
    void rollbackRestoresTheOriginalAndHistoryListsBothChanges() throws Exception {
        Run rollback = cli("rollback", target());
        Run history = cli("history", host(), "--json");

        assertThat(rollback.status).as(rollback.err).isZero();
        assertThat(onHost("grep -c -- '--max-turns' " + script + " || true")).isEqualTo("0");
        assertThat(history.status).isZero();
        JsonNode changes = new ObjectMapper().readTree(history.out).get("changes");
        assertThat(changes).hasSize(2);
        assertThat(changes.get(1).get("kind").asText()).isEqualTo("rollback");
    }

    private static String target() {
        return "ssh://" + user + "@" + address + ":" + port + script;
    }

    private static String host() {
        return "ssh://" + user + "@" + address + ":" + port;
    }

    private static Location location(String path) {
        return new Location(Location.Kind.SSH, user, address, port, path);
    }

    private static ConnectOptions options() {
        return new ConnectOptions(key, knownHosts, null);
    }

    private static String onHost(String command) throws HostException {
        return observer.exec(command, QUICK).stdout().strip();
    }

    private static String sha256OnHost() throws HostException {
        return onHost("sha256sum " + script + " | cut -d' ' -f1");
    }

    private static List<String> temporaryFiles() throws HostException {
        String folder = script.substring(0, script.lastIndexOf('/'));
        String names = onHost("ls -A " + folder + " | grep '\\.tmp$' || true");
        return names.isEmpty() ? List.of() : new ArrayList<>(List.of(names.split("\n")));
    }

    private static int doneTasks() throws HostException {
        return Integer.parseInt(onHost("ls /var/spool/agent-work | grep -c '\\.done$' || true"));
    }

    /** The host key's SHA256 fingerprint from the known_hosts line, to trust it behind the proxy. */
    private static String fingerprint() throws Exception {
        String[] fields = Files.readAllLines(knownHosts).get(0).split(" ");
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(fields[2]));
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--identity", key.toString(), "--known-hosts", knownHosts.toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Cli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int status = commandLine.execute(all.toArray(String[]::new));
        return new Run(status, out.toString(), err.toString());
    }

    private record Run(int status, String out, String err) {
    }
}
