package dev.burnwatch.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConfigImporterTest {

    @TempDir
    Path temp;

    @Test
    void importsEachAliasWithItsSettingsAndSkipsWildcards() throws Exception {
        Path config = Files.writeString(temp.resolve("config"), String.join("\n",
                "# agents",
                "Host agents prod-agents",
                "    HostName 10.1.2.3",
                "    Port 2222",
                "    User ubuntu",
                "    IdentityFile ~/.ssh/agents_ed25519",
                "    ProxyJump bastion",
                "",
                "Host bastion",
                "  HostName=bastion.example.org",
                "  User jump",
                "",
                "Host *.internal !skip",
                "  User nobody",
                "",
                "Host *",
                "  User fallback",
                "  IdentityFile ~/.ssh/id_rsa",
                ""));

        List<HostConfig> hosts = SshConfigImporter.importFile(config);

        assertThat(hosts).extracting(HostConfig::name).containsExactly("agents", "prod-agents", "bastion");
        HostConfig agents = hosts.get(0);
        assertThat(agents.address()).isEqualTo("10.1.2.3");
        assertThat(agents.port()).isEqualTo(2222);
        assertThat(agents.user()).isEqualTo("ubuntu");
        assertThat(agents.identityFile()).isEqualTo("~/.ssh/agents_ed25519");
        assertThat(agents.jumpHost()).isEqualTo("bastion");
        HostConfig bastion = hosts.get(2);
        assertThat(bastion.address()).isEqualTo("bastion.example.org");
        assertThat(bastion.port()).isEqualTo(22);
        assertThat(bastion.user()).isEqualTo("jump");
        assertThat(bastion.identityFile()).isEqualTo("~/.ssh/id_rsa");
        assertThat(bastion.jumpHost()).isNull();
    }

    @Test
    void aJumpAliasResolvesToItsOwnAddressPortUserAndKeyAndAPlainAddressToNothing() throws Exception {
        Path config = Files.writeString(temp.resolve("config"), String.join("\n",
                "Host agents",
                "  HostName 10.1.2.3",
                "  ProxyJump bastion",
                "Host bastion",
                "  HostName bastion.example.org",
                "  Port 2200",
                "  User jump",
                "  IdentityFile ~/.ssh/jump_ed25519",
                "Host *.corp",
                "  User corp",
                ""));

        HostConfig bastion = SshConfigImporter.resolve(config, "bastion").orElseThrow();

        assertThat(bastion.address()).isEqualTo("bastion.example.org");
        assertThat(bastion.port()).isEqualTo(2200);
        assertThat(bastion.user()).isEqualTo("jump");
        assertThat(bastion.identityFile()).isEqualTo("~/.ssh/jump_ed25519");
        assertThat(SshConfigImporter.resolve(config, "gw.corp")).isEmpty();
        assertThat(SshConfigImporter.resolve(config, "jump@bastion.example.org:22")).isEmpty();
        assertThat(SshConfigImporter.resolve(temp.resolve("absent"), "bastion")).isEmpty();
    }

    @Test
    void anAliasWithoutHostNameConnectsToItsOwnName() throws Exception {
        Path config = Files.writeString(temp.resolve("config"), "Host build.example.org\n  User ci\n");

        assertThat(SshConfigImporter.importFile(config)).singleElement()
                .satisfies(h -> assertThat(h.address()).isEqualTo("build.example.org"));
    }

    @Test
    void noConfigFileMeansNoHosts() throws Exception {
        assertThat(SshConfigImporter.importFile(temp.resolve("absent"))).isEmpty();
    }
}
