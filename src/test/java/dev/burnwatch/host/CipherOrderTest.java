package dev.burnwatch.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CipherOrderTest {

    @Test
    void counterModeCiphersComeFirstAndNothingIsAddedOrDropped() {
        String offered = "aes128-gcm@openssh.com,aes256-gcm@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,"
                + "chacha20-poly1305@openssh.com";

        String ordered = SshConnector.counterModeFirst(offered);

        assertThat(ordered).isEqualTo("aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,"
                + "aes256-gcm@openssh.com,chacha20-poly1305@openssh.com");
    }

    @Test
    void aConnectionToAnOpenSshStyleServerNegotiatesCounterMode() throws Exception {
        try (EmbeddedSshServer server = EmbeddedSshServer.start(java.nio.file.Files.createTempDirectory("bw-cipher"));
             Host host = server.open()) {
            assertThat(host.exec("echo ok", java.time.Duration.ofSeconds(10)).stdout()).isEqualTo("ok\n");
            assertThat(server.negotiatedCiphers()).allMatch(cipher -> cipher.endsWith("-ctr"));
        }
    }
}
