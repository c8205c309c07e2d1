package dev.burnwatch.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostStoreTest {

    @TempDir
    Path temp;

    @Test
    void savedHostsComeBackWithEveryField() throws Exception {
        HostStore store = new HostStore(temp.resolve("config/hosts.json"));
        HostConfig host = new HostConfig("prod", "10.0.0.5", 2222, "ubuntu", "~/.ssh/id_ed25519", false,
                "bastion", "/home/ubuntu/agent_daemon.sh", "agent-daemon.service", List.of("/home/ubuntu/.claude"),
                true);

        store.save(host);

        assertThat(new HostStore(temp.resolve("config/hosts.json")).find("prod")).contains(host);
    }

    @Test
    void savingUnderAnExistingNameReplacesThatHost() throws Exception {
        HostStore store = new HostStore(temp.resolve("hosts.json"));
        store.save(HostConfig.of("a", "old.example", 22, "u"));
        store.save(HostConfig.of("b", "b.example", 22, "u"));

        store.save(HostConfig.of("a", "new.example", 22, "u"));

        assertThat(store.list()).extracting(HostConfig::address).containsExactly("new.example", "b.example");
    }

    @Test
    void removeForgetsAHost() throws Exception {
        HostStore store = new HostStore(temp.resolve("hosts.json"));
        store.save(HostConfig.of("a", "a.example", 22, "u"));

        assertThat(store.remove("a")).isTrue();
        assertThat(store.remove("a")).isFalse();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void theFileHoldsNoKeyMaterialAndNoTemporaryFileIsLeft() throws Exception {
        HostStore store = new HostStore(temp.resolve("hosts.json"));

        store.save(HostConfig.of("a", "a.example", 22, "u").withIdentityFile("/keys/id_ed25519"));

        String json = Files.readString(temp.resolve("hosts.json"));
        assertThat(json).contains("\"identityFile\" : \"/keys/id_ed25519\"").doesNotContain("PRIVATE KEY")
                .doesNotContainIgnoringCase("passphrase");
        try (Stream<Path> files = Files.list(temp)) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("hosts.json");
        }
    }

    @Test
    void aBrokenFileIsReportedWithItsPath() throws Exception {
        Path file = Files.writeString(temp.resolve("hosts.json"), "{not json");

        assertThatThrownBy(() -> new HostStore(file).list())
                .isInstanceOf(HostException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void aMissingFileMeansNoSavedHosts() throws Exception {
        assertThat(new HostStore(temp.resolve("none.json")).list()).isEmpty();
    }
}
