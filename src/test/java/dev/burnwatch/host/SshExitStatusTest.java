package dev.burnwatch.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.cli.Cli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The exit status of a command that connects (CONVENTIONS.md): 3 when the host cannot be
 * reached or trusted, 2 for a malformed flag, 0 when a matching {@code --trust-host-key}
 * lets it in. Through the real command line against a real embedded SSH server.
 */
class SshExitStatusTest {

    @TempDir
    Path temp;

    private EmbeddedSshServer server;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        System.setProperty("burnwatch.home", temp.resolve("burnwatch").toString());
        server = EmbeddedSshServer.start(temp.resolve("server"));
        Files.createDirectories(server.home().resolve(".claude/projects"));
        Files.createFile(temp.resolve("empty_known_hosts"));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        System.clearProperty("burnwatch.home");
    }

    @Test
    void anUnknownHostKeyWithoutTheTrustFlagExitsWith3() {
        int status = report(server.port(), server.clientKey(), temp.resolve("empty_known_hosts"), null);

        assertThat(status).as(err.toString()).isEqualTo(3);
        assertThat(err.toString()).contains("not known yet").contains(server.hostKeyFingerprint());
    }

    @Test
    void aMatchingTrustFlagLetsTheReportRunAndExitsWith0() {
        int status = report(server.port(), server.clientKey(), temp.resolve("empty_known_hosts"),
                server.hostKeyFingerprint());

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("\"rows\"");
    }

    @Test
    void aTrustFlagNamingAnotherKeyExitsWith3() {
        int status = report(server.port(), server.clientKey(), temp.resolve("empty_known_hosts"),
                "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        assertThat(status).as(err.toString()).isEqualTo(3);
        assertThat(err.toString()).contains("does not match --trust-host-key");
    }

    @Test
    void aChangedHostKeyExitsWith3() throws Exception {
        Path knownHosts = server.knownHostsFile();
        server.changeHostKey();

        int status = report(server.port(), server.clientKey(), knownHosts, null);

        assertThat(status).as(err.toString()).isEqualTo(3);
        assertThat(err.toString()).contains("changed since it was trusted");
    }

    @Test
    void aLoginKeyTheHostRefusesExitsWith3() throws Exception {
        int status = report(server.port(), server.unauthorisedClientKey("id_wrong"), server.knownHostsFile(), null);

        assertThat(status).as(err.toString()).isEqualTo(3);
        assertThat(err.toString()).contains("refused the login");
    }

    @Test
    void anUnreachableHostExitsWith3() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }

        int status = report(closed, server.clientKey(), server.knownHostsFile(), null);

        assertThat(status).as(err.toString()).isEqualTo(3);
        assertThat(err.toString()).contains("refused the connection");
    }

    @Test
    void aMalformedTrustFlagIsBadInputAndExitsWith2() {
        int status = report(server.port(), server.clientKey(), temp.resolve("empty_known_hosts"), "garbage");

        assertThat(status).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).contains("not a SHA256 fingerprint; it looks like SHA256:<43 base64 chars>");
    }

    private int report(int port, Path identity, Path knownHosts, String trustHostKey) {
        CommandLine commandLine = Cli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("report", "--json", "--no-cache", "--source",
                "ssh://" + server.user() + "@127.0.0.1:" + port + server.home() + "/.claude",
                "--identity", identity.toString(), "--known-hosts", knownHosts.toString()));
        if (trustHostKey != null) {
            args.addAll(List.of("--trust-host-key", trustHostKey));
        }
        return commandLine.execute(args.toArray(new String[0]));
    }
}
