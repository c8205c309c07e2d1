package dev.burnwatch.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import dev.burnwatch.pricing.PriceTable;
import dev.burnwatch.usage.Aggregates;
import dev.burnwatch.usage.TranscriptSource;
import dev.burnwatch.usage.UsageEngine;
import dev.burnwatch.usage.UsageSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host layer against the real test host (Debian, systemd, OpenSSH, the stand-in agent
 * writing transcripts): see ../shared/testhost/README.md. Skipped unless TESTHOST_* is set
 * (failed instead when {@code burnwatch.testhost.required=true}: {@link TestHostFacts}).
 */
@Tag("testhost")
class TestHostIntegrationTest {

    private static final String PROJECTS = "/home/ubuntu/.claude/projects";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private String address;
    private int port;
    private String user;
    private Path key;
    private Path knownHosts;

    @BeforeEach
    void readTheTestHostsFacts() throws IOException {
        TestHostFacts facts = TestHostFacts.fromEnvironment();
        address = facts.address();
        port = facts.port();
        user = facts.user();
        key = facts.key();
        knownHosts = Files.copy(facts.knownHosts(), temp.resolve("known_hosts"));
        System.setProperty("burnwatch.home", temp.resolve("burnwatch").toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty("burnwatch.home");
    }

    @Test
    void connectsWithTheGeneratedKeyUnderStrictHostKeyChecking() throws Exception {
        try (Host host = open(new ConnectOptions(key, knownHosts, null))) {
            assertThat(host.exec("uname -s", Duration.ofSeconds(10)).stdout()).isEqualTo("Linux\n");
            assertThat(host.homeDir()).isEqualTo("/home/" + user);
            assertThat(host.now()).isBetween(Instant.now().minusSeconds(5), Instant.now().plusSeconds(5));
            assertThat(host.id()).isEqualTo(user + "@" + address + ":" + port);
        }
    }

    @Test
    void anUnknownHostKeyIsRefusedWithTheFingerprintOfTheHostsKey() throws Exception {
        String line = Files.readString(knownHosts).strip();
        String expected = new ServerHostKey("h", line.split(" ")[1], line.split(" ")[2]).fingerprint();

        assertThatThrownBy(() -> open(new ConnectOptions(key, temp.resolve("empty_known_hosts"), null)))
                .isInstanceOfSatisfying(HostKeyUnknownException.class,
                        e -> assertThat(e.fingerprint()).isEqualTo(expected));
    }

    @Test
    void aChangedHostKeyIsRefused() throws Exception {
        Path wrong = Files.writeString(temp.resolve("wrong_known_hosts"), ServerHostKey.knownHostsName(address, port)
                + " " + publicKeyOfANewKey() + "\n");

        assertThatThrownBy(() -> open(new ConnectOptions(key, wrong, null)))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("line 1 of " + wrong)
                .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.HOST_KEY_CHANGED);
    }

    @Test
    void aWrongKeyIsRefused() throws Exception {
        Path wrongKey = temp.resolve("id_wrong");
        KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.ED25519);
        pair.writeOpenSSHv1PrivateKey(wrongKey.toString());

        assertThatThrownBy(() -> open(new ConnectOptions(wrongKey, knownHosts, null)))
                .isInstanceOf(HostException.class)
                .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.AUTHENTICATION);
    }

    @Test
    void permissionDeniedAndSudoWantingAPasswordReadClearly() throws Exception {
        try (Host host = open(new ConnectOptions(key, knownHosts, null))) {
            assertThatThrownBy(() -> host.read("/etc/shadow", 0, 10))
                    .isInstanceOf(HostException.class).hasMessageContaining("permission denied")
                    .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.PERMISSION);
            assertThatThrownBy(() -> host.write("/etc/burnwatch-test", new byte[] {1}, 0644))
                    .isInstanceOf(HostException.class)
                    .hasMessageContaining("needs write access to the folder /etc")
                    .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.PERMISSION);
            assertThatThrownBy(() -> host.rename("/home/" + user + "/agent_daemon.sh", "/etc/agent_daemon.sh"))
                    .isInstanceOf(HostException.class)
                    .hasMessageContaining("needs write access to the folder /etc")
                    .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.PERMISSION);
            assertThatThrownBy(() -> host.exec("sudo -n systemctl restart ssh", Duration.ofSeconds(20)))
                    .isInstanceOf(HostException.class).hasMessageContaining("NOPASSWD")
                    .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.PERMISSION);
        }
    }

    @Test
    void transcriptsAreListedAndReadWhileTheAgentWritesThemAndARefreshMovesOnlyNewBytes() throws Exception {
        try (Host host = open(new ConnectOptions(key, knownHosts, null))) {
            List<FileStat> files = waitForTranscripts(host);
            Map<String, Long> sizes = new HashMap<>();
            for (FileStat file : files) {
                byte[] content = host.read(file.path(), 0, (int) file.size());
                assertThat(content).hasSize((int) file.size());
                assertCompleteLinesAreJson(content);
                sizes.put(file.path(), file.size());
            }

            long beforeUnchanged = host.bytesReceived();
            host.listFiles(PROJECTS, ".jsonl");
            long listingBytes = host.bytesReceived() - beforeUnchanged;

            FileStat grown = waitForGrowth(host, sizes);
            long oldSize = sizes.getOrDefault(grown.path(), 0L);
            int appended = (int) (grown.size() - oldSize);
            long beforeRead = host.bytesReceived();
            byte[] tail = host.read(grown.path(), oldSize, appended);
            long readBytes = host.bytesReceived() - beforeRead;

            assertThat(listingBytes).as("bytes for a refresh listing of %d files", files.size())
                    .isLessThan(64 * 1024);
            assertThat(tail).hasSize(appended);
            assertThat(readBytes).as("bytes on the wire to read %d appended bytes", appended)
                    .isLessThan(appended + 8 * 1024L);
            System.out.printf("testhost: %d transcripts; refresh listing %d B; %d appended bytes read with %d B%n",
                    files.size(), listingBytes, appended, readBytes);
        }
    }

    @Test
    void aConnectionCutInTheMiddleOfAReadOrAWriteLeavesNothingHalfDone() throws Exception {
        try (CuttableProxy proxy = new CuttableProxy(port)) {
            Path proxiedKnownHosts = Files.writeString(temp.resolve("proxied_known_hosts"),
                    Files.readString(knownHosts).replace("]:" + port + " ", "]:" + proxy.port() + " "));
            HostConfig config = HostConfig.of("proxied", "127.0.0.1", proxy.port(), user);
            SshTimeouts quick = SshTimeouts.DEFAULTS.withReconnect(3, Duration.ofMillis(100));
            try (SshHost host = Hosts.open(config, new ConnectOptions(key, proxiedKnownHosts, null),
                    PassphraseProvider.NONE, quick)) {
                String dir = "/home/" + user + "/cut-test";
                host.exec("rm -rf " + dir + " && mkdir " + dir + " && head -c 8388608 /dev/urandom > " + dir
                        + "/big && printf old > " + dir + "/target", Duration.ofSeconds(30));
                String sha = host.exec("sha256sum " + dir + "/big", Duration.ofSeconds(30)).stdout().split(" ")[0];

                proxy.cutAfter(CuttableProxy.Direction.TO_CLIENT, 2 * 1024 * 1024);
                byte[] read = host.read(dir + "/big", 0, 8388608);

                assertThat(proxy.cuts()).isEqualTo(1);
                assertThat(sha256(read)).isEqualTo(sha);

                proxy.cutAfter(CuttableProxy.Direction.TO_SERVER, 2 * 1024 * 1024);
                assertThatThrownBy(() -> host.write(dir + "/target", new byte[6 * 1024 * 1024], 0644))
                        .isInstanceOf(HostException.class)
                        .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.DISCONNECTED);

                assertThat(proxy.cuts()).isEqualTo(2);
                assertThat(host.exec("cat " + dir + "/target", Duration.ofSeconds(10)).stdout()).isEqualTo("old");
                assertThat(host.exec("ls -A " + dir, Duration.ofSeconds(10)).stdout()).isEqualTo("big\ntarget\n");
                host.exec("rm -rf " + dir, Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void reportOverSshGivesTheSameFiguresAsALocalCopyWhileTheAgentWrites() throws Exception {
        try (Host host = open(new ConnectOptions(key, knownHosts, null))) {
            waitForSessions(host, 2);
            Map<String, Long> before = sizes(host.listFiles(PROJECTS, ".jsonl"));

            JsonNode remote = report("--source", "ssh://" + user + "@" + address + ":" + port
                    + "/home/" + user + "/.claude", "--identity", key.toString(),
                    "--known-hosts", knownHosts.toString());
            Path copy = temp.resolve("copy");
            List<FileStat> copied = host.listFiles(PROJECTS, ".jsonl");
            for (FileStat file : copied) {
                Path local = copy.resolve("projects").resolve(file.path().substring(PROJECTS.length() + 1));
                Files.createDirectories(local.getParent());
                Files.write(local, host.read(file.path(), 0, (int) file.size()));
            }
            JsonNode local = report("--source", copy.toString());

            // a session whose transcript kept its size from before the remote report until after the copy
            // must come out the same; one still being written can only have grown in the copy
            Map<String, Long> after = sizes(copied);
            Map<String, JsonNode> localRows = rowsBySession(local);
            int compared = 0;
            for (JsonNode row : remote.get("rows")) {
                String session = row.get("sessionId").asText();
                String file = PROJECTS + "/-home-" + user + "/" + session + ".jsonl";
                JsonNode copiedRow = localRows.get(session);
                assertThat(copiedRow).as("session %s in the local copy", session).isNotNull();
                if (before.get(file) != null && before.get(file).equals(after.get(file))) {
                    assertThat(withoutHost(row)).isEqualTo(withoutHost(copiedRow));
                    compared++;
                } else {
                    assertThat(copiedRow.get("apiCalls").asInt()).isGreaterThanOrEqualTo(row.get("apiCalls").asInt());
                    assertThat(copiedRow.get("totalTokens").asLong())
                            .isGreaterThanOrEqualTo(row.get("totalTokens").asLong());
                }
            }
            assertThat(compared).as("finished sessions compared").isPositive();
            System.out.printf("testhost: report over SSH and of a local copy agree on %d finished sessions of %d%n",
                    compared, remote.get("rows").size());
        }
    }

    /**
     * The engine with its index against the live agent. The bound of 8 KiB over what was
     * appended holds on a freshly started test host (.ci/run boots one per class): the listing
     * that comes with every changed refresh costs about 50 bytes per transcript, so a host
     * that has gathered a few hundred transcripts exceeds it with the listing alone.
     */
    @Test
    void theUsageEngineRefreshesIncrementallyWhileTheAgentWritesAndMovesOnlyWhatWasAppended() throws Exception {
        try (SshHost ssh = (SshHost) open(new ConnectOptions(key, knownHosts, null))) {
            waitForSessions(ssh, 1);
            RecordingListings host = new RecordingListings(ssh);
            UsageEngine engine = new UsageEngine(temp.resolve("index.sqlite"));
            List<TranscriptSource> sources = List.of(new TranscriptSource(host, "/home/" + user + "/.claude"));
            long start = ssh.bytesReceived();
            UsageSnapshot previous = engine.read(sources);
            long previousSize = host.lastListedBytes();
            System.out.printf("testhost: cold read of %d transcripts, %d B, moved %d B%n", previous.transcripts(),
                    previous.bytesRead(), ssh.bytesReceived() - start);

            for (int refresh = 1; refresh <= 2; refresh++) {
                waitForGrowth(ssh, sizes(host.lastListing()));
                Thread.sleep(1000);
                long before = ssh.bytesReceived();
                long started = System.nanoTime();
                UsageSnapshot snapshot = engine.read(sources);
                long millis = (System.nanoTime() - started) / 1_000_000;
                long wire = ssh.bytesReceived() - before;
                long appended = host.lastListedBytes() - previousSize;

                // the same bytes read cold, with no index, must give exactly the same figures
                UsageSnapshot cold = new UsageEngine(null).read(List.of(new TranscriptSource(
                        new FixedListing(ssh, host.lastListing()), "/home/" + user + "/.claude")));
                assertThat(Aggregates.sessions(snapshot, PriceTable.bundled()))
                        .isEqualTo(Aggregates.sessions(cold, PriceTable.bundled()));
                assertThat(snapshot.malformedLines()).isEqualTo(cold.malformedLines());
                assertThat(snapshot.calls().size()).isGreaterThanOrEqualTo(previous.calls().size());
                assertThat(appended).as("bytes appended since the last refresh").isPositive();
                assertThat(snapshot.bytesRead()).as("bytes the engine read").isBetween(appended, appended + 8 * 1024L);
                assertThat(wire).as("bytes on the wire for refresh %d, %d B appended", refresh, appended)
                        .isLessThan(appended + 8 * 1024L);
                System.out.printf("testhost: refresh %d while the agent writes: %d B appended, %d B read,"
                        + " %d B on the wire, %d ms, %d API calls%n", refresh, appended, snapshot.bytesRead(), wire,
                        millis, snapshot.calls().size());
                previous = snapshot;
                previousSize = host.lastListedBytes();
            }
        }
    }

    @Test
    void aCommandPastItsDeadlineAndACancelledOneEndOnTheHost() throws Exception {
        try (Host host = open(new ConnectOptions(key, knownHosts, null))) {
            assertThatThrownBy(() -> host.exec("sleep 307", Duration.ofSeconds(2)))
                    .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.TIMEOUT);
            long timedOutGone = millisUntilGone(host, "^sleep 307$");

            Thread caller = new Thread(() -> {
                try {
                    host.exec("sh -c 'sleep 308; echo never'", Duration.ofSeconds(120));
                } catch (HostException e) {
                    // cancelled
                }
            });
            caller.start();
            waitForProcess(host, "^sleep 308$");
            caller.interrupt();
            caller.join(5000);
            long cancelledGone = millisUntilGone(host, "^sleep 308$");

            assertThat(caller.isAlive()).isFalse();
            System.out.printf("testhost: a timed-out sleep ended %d ms after the timeout, a cancelled one %d ms"
                    + " after the cancel%n", timedOutGone, cancelledGone);
        }
    }

    @Test
    void aCommandWhoseConnectionWasCutEndsOnTheHost() throws Exception {
        try (CuttableProxy proxy = new CuttableProxy(port)) {
            Path proxiedKnownHosts = Files.writeString(temp.resolve("proxied_known_hosts"),
                    Files.readString(knownHosts).replace("]:" + port + " ", "]:" + proxy.port() + " "));
            HostConfig config = HostConfig.of("proxied", "127.0.0.1", proxy.port(), user);
            SshTimeouts quick = SshTimeouts.DEFAULTS.withReconnect(3, Duration.ofMillis(100));
            try (SshHost host = Hosts.open(config, new ConnectOptions(key, proxiedKnownHosts, null),
                    PassphraseProvider.NONE, quick)) {
                java.util.concurrent.CompletableFuture<Throwable> running =
                        java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                            try {
                                host.exec("sleep 309", Duration.ofSeconds(120));
                                return null;
                            } catch (HostException e) {
                                return e;
                            }
                        });
                waitForProcess(host, "^sleep 309$");

                proxy.cutNow();

                assertThat(running.get(60, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(HostException.class);
                long gone = millisUntilGone(host, "^sleep 309$");
                System.out.printf("testhost: a sleep whose connection was cut ended; seen gone %d ms after the"
                        + " reconnect%n", gone);
            }
        }
    }

    @Test
    void aCancelledSudoSystemctlRestartEndsOnTheHost() throws Exception {
        String script = "/home/" + user + "/agent_daemon.sh";
        try (Host host = open(new ConnectOptions(key, knownHosts, null))) {
            byte[] original = host.readAll(script, 1 << 20);
            try {
                // a daemon that ignores TERM: its stop, and so a restart, takes systemd's 90 s
                host.write(script, "#!/bin/bash\ntrap '' TERM\nwhile :; do sleep 1; done\n"
                        .getBytes(StandardCharsets.UTF_8), 0755);
                assertThat(host.exec("sudo -n systemctl restart agent-daemon", Duration.ofSeconds(60)).exitStatus())
                        .isZero();

                assertThatThrownBy(() -> host.exec("sudo -n systemctl restart agent-daemon", Duration.ofSeconds(3)))
                        .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.TIMEOUT);
                long gone = millisUntilGone(host, "^(sudo -n )?systemctl restart agent-daemon$");

                System.out.printf("testhost: a timed-out sudo systemctl restart ended %d ms after the timeout%n", gone);
            } finally {
                host.write(script, original, 0755);
                host.exec("kill -KILL $(systemctl show -p MainPID --value agent-daemon)", Duration.ofSeconds(10));
                host.exec("sudo -n systemctl restart agent-daemon", Duration.ofSeconds(60));
            }
            assertThat(host.exec("systemctl is-active agent-daemon", Duration.ofSeconds(10)).stdout().strip())
                    .isEqualTo("active");
        }
    }

    /** Polls {@code pgrep -f PATTERN} on the host until nothing matches; fails after 10 s. */
    private static long millisUntilGone(Host host, String pattern) throws Exception {
        long started = System.nanoTime();
        long until = started + Duration.ofSeconds(10).toNanos();
        String left = "";
        while (System.nanoTime() < until) {
            CommandResult found = host.exec("pgrep -af " + ShellQuote.quote(pattern), Duration.ofSeconds(10));
            if (found.exitStatus() == 1) {
                return (System.nanoTime() - started) / 1_000_000;
            }
            left = found.stdout();
            Thread.sleep(100);
        }
        throw new AssertionError("Still running on the test host 10 s after it was stopped: " + left);
    }

    private static void waitForProcess(Host host, String pattern) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until) {
            if (host.exec("pgrep -f " + ShellQuote.quote(pattern), Duration.ofSeconds(10)).exitStatus() == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("No process matching " + pattern + " started on the test host");
    }

    private static Map<String, Long> sizes(List<FileStat> files) {
        Map<String, Long> sizes = new HashMap<>();
        files.forEach(f -> sizes.put(f.path(), f.size()));
        return sizes;
    }

    private static Map<String, JsonNode> rowsBySession(JsonNode report) {
        Map<String, JsonNode> rows = new HashMap<>();
        report.get("rows").forEach(row -> rows.put(row.get("sessionId").asText(), row));
        return rows;
    }

    private static JsonNode withoutHost(JsonNode row) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = (com.fasterxml.jackson.databind.node.ObjectNode)
                row.deepCopy();
        copy.remove("host");
        return copy;
    }

    /** Keeps the last listing the engine asked for. */
    private static final class RecordingListings extends ForwardingHost {

        private volatile List<FileStat> last = List.of();

        RecordingListings(Host delegate) {
            super(delegate);
        }

        @Override
        public List<FileStat> listFiles(String root, String suffix) throws HostException {
            List<FileStat> files = delegate.listFiles(root, suffix);
            last = List.copyOf(files);
            return files;
        }

        List<FileStat> lastListing() {
            return last;
        }

        long lastListedBytes() {
            return last.stream().mapToLong(FileStat::size).sum();
        }
    }

    /**
     * Lists what an earlier listing said: the transcripts only grow, so reading each up to that
     * size gives exactly the bytes that listing saw.
     */
    private static final class FixedListing extends ForwardingHost {

        private final List<FileStat> files;

        FixedListing(Host delegate, List<FileStat> files) {
            super(delegate);
            this.files = files;
        }

        @Override
        public List<FileStat> listFiles(String root, String suffix) {
            return files;
        }
    }

    private static JsonNode report(String... args) throws IOException {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine commandLine = dev.burnwatch.cli.Cli.commandLine();
        commandLine.setOut(new java.io.PrintWriter(out, true));
        commandLine.setErr(new java.io.PrintWriter(err, true));
        List<String> all = new java.util.ArrayList<>(List.of("report", "--json", "--tz", "UTC", "--no-cache"));
        all.addAll(List.of(args));

        int status = commandLine.execute(all.toArray(new String[0]));

        assertThat(status).as(err.toString()).isZero();
        return JSON.readTree(out.toString());
    }

    private Host open(ConnectOptions options) throws HostException {
        return Hosts.open(HostConfig.of("testhost", address, port, user), options, PassphraseProvider.NONE);
    }

    private static List<FileStat> waitForTranscripts(Host host) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < until) {
            List<FileStat> files = host.listFiles(PROJECTS, ".jsonl");
            if (!files.isEmpty() && files.stream().anyMatch(f -> f.size() > 0)) {
                return files;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("The stand-in agent wrote no transcript within 90 s");
    }

    /** Waits until the agent has written {@code count} sessions' transcripts (a finished one when 2 or more). */
    private static void waitForSessions(Host host, int count) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < until) {
            if (host.listFiles(PROJECTS, ".jsonl").stream().filter(f -> f.size() > 0).count() >= count) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("The stand-in agent did not write " + count + " transcripts within 120 s");
    }

    private static FileStat waitForGrowth(Host host, Map<String, Long> sizes) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < until) {
            for (FileStat file : host.listFiles(PROJECTS, ".jsonl")) {
                // a session that ended gives way to a new transcript: growth from nothing
                if (file.size() > sizes.getOrDefault(file.path(), 0L)) {
                    return file;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("No transcript grew within 90 s");
    }

    private static void assertCompleteLinesAreJson(byte[] content) throws IOException {
        String text = new String(content, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        for (String line : text.substring(0, Math.max(0, end)).split("\n")) {
            if (!line.isBlank()) {
                JsonNode node = JSON.readTree(line);
                assertThat(node.has("type")).isTrue();
            }
        }
    }

    private static String publicKeyOfANewKey() throws Exception {
        KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.ED25519);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pair.writePublicKey(out, "");
        String[] words = out.toString(StandardCharsets.US_ASCII).split(" ");
        return words[0] + " " + words[1];
    }

    private static String sha256(byte[] data) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
    }
}
