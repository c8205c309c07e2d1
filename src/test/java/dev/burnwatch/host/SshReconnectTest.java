package dev.burnwatch.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections that drop: reported, re-established with backoff, and never leaving a
 * half-read result or a half-written file. A TCP proxy in front of the embedded server cuts
 * the connection in the middle of a transfer.
 */
class SshReconnectTest {

    private static final SshTimeouts QUICK = new SshTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofSeconds(15), 3, 3, Duration.ofMillis(50));

    @TempDir
    Path temp;

    private EmbeddedSshServer server;
    private CuttableProxy proxy;
    private SshHost host;
    private final List<ConnectionEvent.Type> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void connectThroughTheProxy() throws Exception {
        System.setProperty("burnwatch.home", temp.resolve("burnwatch").toString());
        server = EmbeddedSshServer.start(temp.resolve("server"));
        proxy = new CuttableProxy(server.port());
        Path knownHosts = temp.resolve("known_hosts");
        Files.writeString(knownHosts, server.knownHostsLine("127.0.0.1", proxy.port()) + "\n");
        HostConfig config = HostConfig.of("proxied", "127.0.0.1", proxy.port(), EmbeddedSshServer.USER);
        host = Hosts.open(config, new ConnectOptions(server.clientKey(), knownHosts, null), PassphraseProvider.NONE,
                QUICK);
        host.addConnectionListener(event -> events.add(event.type()));
    }

    @AfterEach
    void stop() throws IOException {
        host.close();
        proxy.close();
        server.close();
        System.clearProperty("burnwatch.home");
    }

    @Test
    void aDroppedConnectionIsReportedAndReestablished() throws Exception {
        proxy.cutNow();

        CommandResult result = host.exec("echo back", Duration.ofSeconds(10));

        assertThat(result.stdout()).isEqualTo("back\n");
        assertThat(events).containsSubsequence(ConnectionEvent.Type.DROPPED, ConnectionEvent.Type.RECONNECTING,
                ConnectionEvent.Type.RECONNECTED);
    }

    @Test
    void aConnectionThatDiesSilentlyIsFoundOutByKeepalivesAndReplaced() throws Exception {
        SshTimeouts keepalive = new SshTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofMillis(500), 2, 3, Duration.ofMillis(50));
        Path knownHosts = Files.writeString(temp.resolve("kh2"), server.knownHostsLine("127.0.0.1", proxy.port()));
        HostConfig config = HostConfig.of("proxied", "127.0.0.1", proxy.port(), EmbeddedSshServer.USER);
        try (SshHost watched = Hosts.open(config, new ConnectOptions(server.clientKey(), knownHosts, null),
                PassphraseProvider.NONE, keepalive)) {
            List<ConnectionEvent.Type> seen = new CopyOnWriteArrayList<>();
            watched.addConnectionListener(event -> seen.add(event.type()));
            proxy.freezeNow();
            long start = System.nanoTime();

            CommandResult result = watched.exec("echo alive", Duration.ofSeconds(20));

            assertThat(result.stdout()).isEqualTo("alive\n");
            assertThat(seen).contains(ConnectionEvent.Type.DROPPED, ConnectionEvent.Type.RECONNECTED);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void aReadCutMidwayIsReadAgainOnANewConnectionAndReturnsTheWholeRange() throws Exception {
        byte[] content = SshHostTest.randomBytes(4 * 1024 * 1024);
        Path file = Files.write(server.home().resolve("transcript.jsonl"), content);
        proxy.cutAfter(CuttableProxy.Direction.TO_CLIENT, 1024 * 1024);

        byte[] read = host.read(file.toString(), 0, content.length);

        assertThat(proxy.cuts()).isEqualTo(1);
        assertThat(read).isEqualTo(content);
        assertThat(events).contains(ConnectionEvent.Type.DROPPED, ConnectionEvent.Type.RECONNECTED);
    }

    @Test
    void aReadCutWhileTheHostStaysAwayFailsWithoutPartialData() throws Exception {
        byte[] content = SshHostTest.randomBytes(4 * 1024 * 1024);
        Path file = Files.write(server.home().resolve("transcript.jsonl"), content);
        proxy.refuse(true);
        proxy.cutAfter(CuttableProxy.Direction.TO_CLIENT, 1024 * 1024);

        assertThatThrownBy(() -> host.read(file.toString(), 0, content.length))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("could not be re-established")
                .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.DISCONNECTED);

        assertThat(events).contains(ConnectionEvent.Type.GAVE_UP);
    }

    @Test
    void aWriteCutMidwayLeavesTheOldContentAndNoTemporaryFile() throws Exception {
        Path target = Files.writeString(server.home().resolve("agent_daemon.sh"), "old\n");
        byte[] replacement = SshHostTest.randomBytes(4 * 1024 * 1024);
        proxy.cutAfter(CuttableProxy.Direction.TO_SERVER, 1024 * 1024);

        assertThatThrownBy(() -> host.write(target.toString(), replacement, 0755))
                .isInstanceOf(HostException.class)
                .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.DISCONNECTED);

        assertThat(Files.readString(target, StandardCharsets.UTF_8)).isEqualTo("old\n");
        assertThat(SshHostTest.namesIn(server.home())).containsExactly("agent_daemon.sh");
    }

    @Test
    void aTemporaryFileLeftByACutWriteIsRemovedOnceTheHostIsBack() throws Exception {
        Path target = Files.writeString(server.home().resolve("agent_daemon.sh"), "old\n");
        byte[] replacement = SshHostTest.randomBytes(4 * 1024 * 1024);
        proxy.refuse(true);
        proxy.cutAfter(CuttableProxy.Direction.TO_SERVER, 1024 * 1024);
        assertThatThrownBy(() -> host.write(target.toString(), replacement, 0755))
                .isInstanceOf(HostException.class);
        assertThat(SshHostTest.namesIn(server.home())).hasSize(2);

        proxy.refuse(false);
        host.exec("true", Duration.ofSeconds(10));

        waitUntil(() -> SshHostTest.namesIn(server.home()).size() == 1);
        assertThat(SshHostTest.namesIn(server.home())).containsExactly("agent_daemon.sh");
        assertThat(Files.readString(target)).isEqualTo("old\n");
    }

    private static void waitUntil(Check check) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!check.holds() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }
}
