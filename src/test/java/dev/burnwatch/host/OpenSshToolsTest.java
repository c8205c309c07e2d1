package dev.burnwatch.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Burnwatch agrees with OpenSSH's own tools: keys made by {@code ssh-keygen} log in,
 * fingerprints read the same, hashed known_hosts lines are understood.
 */
class OpenSshToolsTest {

    @TempDir
    Path temp;

    private EmbeddedSshServer server;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "ssh-keygen (openssh-client) is needed");
        System.setProperty("burnwatch.home", temp.resolve("burnwatch").toString());
        server = EmbeddedSshServer.start(temp.resolve("server"));
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        System.clearProperty("burnwatch.home");
    }

    @Test
    void theFingerprintIsTheOneSshKeygenPrints() throws Exception {
        Path knownHosts = server.knownHostsFile();

        String printed = run("ssh-keygen", "-l", "-E", "sha256", "-f", knownHosts.toString());

        assertThat(printed).contains(server.hostKeyFingerprint());
        ServerHostKey key = new ServerHostKey("h", "ssh-ed25519", server.knownHostsLine().split(" ")[2]);
        assertThat(printed).contains(key.fingerprint());
    }

    @Test
    void aHashedKnownHostsLineIsTrusted() throws Exception {
        Path knownHosts = server.knownHostsFile();
        run("ssh-keygen", "-H", "-f", knownHosts.toString());
        assertThat(Files.readString(knownHosts)).startsWith("|1|");

        try (Host host = Hosts.open(server.location(null), new ConnectOptions(server.clientKey(), knownHosts, null),
                PassphraseProvider.NONE)) {
            assertThat(host.exec("echo hashed", Duration.ofSeconds(10)).stdout()).isEqualTo("hashed\n");
        }
    }

    @Test
    void keysMadeBySshKeygenLogIn() throws Exception {
        List<List<String>> kinds = List.of(
                List.of("-t", "ed25519", "-N", "pass phrase"),
                List.of("-t", "ecdsa", "-N", ""),
                List.of("-t", "rsa", "-b", "3072", "-m", "PEM", "-N", "pem pass"),
                List.of("-t", "rsa", "-b", "3072", "-m", "PKCS8", "-N", ""));
        int n = 0;
        for (List<String> kind : kinds) {
            Path key = temp.resolve("key" + n++);
            List<String> command = new java.util.ArrayList<>(List.of("ssh-keygen", "-q", "-C", "test", "-f",
                    key.toString()));
            command.addAll(kind);
            run(command.toArray(new String[0]));
            server.authorise(Files.readString(Path.of(key + ".pub")));
            String passphrase = kind.get(kind.indexOf("-N") + 1);
            PassphraseProvider provider = passphrase.isEmpty() ? PassphraseProvider.NONE
                    : PassphraseProvider.fixed(passphrase.toCharArray());

            try (Host host = Hosts.open(server.location(null),
                    new ConnectOptions(key, server.knownHostsFile(), null), provider)) {
                assertThat(host.exec("echo in", Duration.ofSeconds(10)).stdout()).as("key %s", kind).isEqualTo("in\n");
            }
        }
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
