package dev.burnwatch.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
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
 * writing transcripts): see ../shared/testhost/README.md. Skipped unless TESTHOST_* is set.
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
        assumeTrue(System.getenv("TESTHOST_PORT") != null && System.getenv("TESTHOST_KEY") != null,
                "TESTHOST_* is not set: no test host to run against");
        address = System.getenv().getOrDefault("TESTHOST_ADDRESS", "127.0.0.1");
        port = Integer.parseInt(System.getenv("TESTHOST_PORT"));
        user = System.getenv().getOrDefault("TESTHOST_USER", "ubuntu");
        key = Path.of(System.getenv("TESTHOST_KEY"));
        knownHosts = Files.copy(Path.of(System.getenv("TESTHOST_KNOWN_HOSTS")), temp.resolve("known_hosts"));
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
            long oldSize = sizes.get(grown.path());
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
    void reportOverSshGivesTheSameFiguresAsALocalCopyOfTheSameFiles() throws Exception {
        try (Host host = open(new ConnectOptions(key, knownHosts, null))) {
            waitForTranscripts(host);
            host.exec("sudo -n systemctl stop agent-daemon", Duration.ofSeconds(60));
            try {
                Path copy = temp.resolve("copy");
                for (FileStat file : host.listFiles(PROJECTS, ".jsonl")) {
                    Path local = copy.resolve("projects").resolve(file.path().substring(PROJECTS.length() + 1));
                    Files.createDirectories(local.getParent());
                    Files.write(local, host.read(file.path(), 0, (int) file.size()));
                }

                JsonNode remote = report("--source", "ssh://" + user + "@" + address + ":" + port
                        + "/home/" + user + "/.claude", "--identity", key.toString(),
                        "--known-hosts", knownHosts.toString());
                JsonNode local = report("--source", copy.toString());

                assertThat(remote.get("rows").size()).isPositive();
                assertThat(withoutHosts(remote)).isEqualTo(withoutHosts(local));
            } finally {
                host.exec("sudo -n systemctl start agent-daemon", Duration.ofSeconds(60));
            }
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

    private static JsonNode withoutHosts(JsonNode report) {
        JsonNode copy = report.deepCopy();
        copy.get("rows").forEach(row -> ((com.fasterxml.jackson.databind.node.ObjectNode) row).remove("host"));
        return copy;
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

    private static FileStat waitForGrowth(Host host, Map<String, Long> sizes) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < until) {
            for (FileStat file : host.listFiles(PROJECTS, ".jsonl")) {
                Long before = sizes.get(file.path());
                if (before != null && file.size() > before) {
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
