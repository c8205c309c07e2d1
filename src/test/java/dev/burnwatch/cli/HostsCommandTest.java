package dev.burnwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnwatch.host.HostConfig;
import dev.burnwatch.host.HostStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code burnwatch hosts}: the saved hosts without the console, in the console's own hosts.json. */
class HostsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private HostStore store;

    @BeforeEach
    void isolateAppDirs() {
        System.setProperty("burnwatch.home", temp.resolve("home").toString());
        store = HostStore.fromEnvironment();
    }

    @AfterEach
    void restoreAppDirs() {
        System.clearProperty("burnwatch.home");
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine commandLine = Cli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void addSavesEverythingTheConsoleWouldInItsHostsFile() throws Exception {
        Path key = Files.writeString(temp.resolve("id_ed25519"), "not read here");

        int status = run("hosts", "add", "prod", "ssh://ubuntu@10.0.0.5:2222", "--identity", key.toString(),
                "--jump", "bastion", "--script", "/home/ubuntu/agent_daemon.sh", "--unit", "agent-daemon",
                "--config-dir", "~/.claude", "--config-dir", "/srv/agent/.claude");

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Saved prod (ubuntu@10.0.0.5:2222)", "--source prod:");
        HostConfig saved = store.find("prod").orElseThrow();
        assertThat(saved).isEqualTo(new HostConfig("prod", "10.0.0.5", 2222, "ubuntu", key.toString(), true,
                "bastion", "/home/ubuntu/agent_daemon.sh", "agent-daemon", List.of("~/.claude", "/srv/agent/.claude"),
                false));
    }

    @Test
    void listShowsTheSavedHostsAsATableAndAsJson() throws Exception {
        run("hosts", "add", "prod", "ssh://ubuntu@10.0.0.5", "--unit", "agent-daemon");
        run("hosts", "add", "ci", "ssh://runner@ci.example.com:2200");

        int table = run("hosts");
        String text = out.toString();
        int json = run("hosts", "list", "--json");

        assertThat(table).isZero();
        String[] lines = text.split("\n");
        assertThat(lines[0]).startsWith("Name  Login");
        assertThat(lines[2]).startsWith("ci    runner@ci.example.com:2200");
        assertThat(lines[3]).startsWith("prod  ubuntu@10.0.0.5:22").contains("agent-daemon", "(defaults)");
        assertThat(json).isZero();
        JsonNode hosts = JSON.readTree(out.toString()).get("hosts");
        assertThat(hosts).extracting(host -> host.get("name").asText()).containsExactly("ci", "prod");
        assertThat(hosts.get(1).get("hostId").asText()).isEqualTo("ubuntu@10.0.0.5:22");
        assertThat(hosts.get(1).get("systemdUnit").asText()).isEqualTo("agent-daemon");
    }

    @Test
    void aNameTakenAlreadyIsRefusedUnlessReplaced() throws Exception {
        run("hosts", "add", "prod", "ssh://ubuntu@10.0.0.5");
        store.save(store.find("prod").orElseThrow().withPublishToCloudWatch(true));

        int again = run("hosts", "add", "prod", "ssh://ubuntu@10.0.0.6");
        String refusal = err.toString();
        int replaced = run("hosts", "add", "prod", "ssh://ubuntu@10.0.0.6", "--replace", "--json");

        assertThat(again).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(refusal).contains("prod", "--replace");
        assertThat(replaced).isZero();
        assertThat(JSON.readTree(out.toString()).get("replaced").asBoolean()).isTrue();
        assertThat(store.find("prod").orElseThrow().address()).isEqualTo("10.0.0.6");
        assertThat(store.find("prod").orElseThrow().publishToCloudWatch()).as("the console's switch stays").isTrue();
    }

    @Test
    void badNamesAddressesAndPathsAreBadInput() {
        assertThat(run("hosts", "add", "local", "ssh://u@h")).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run("hosts", "add", "my/host", "ssh://u@h")).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run("hosts", "add", "prod", "ubuntu@10.0.0.5")).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("ssh://user@host[:port]");
        assertThat(run("hosts", "add", "prod", "ssh://u@h/home/u/script.sh")).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run("hosts", "add", "prod", "ssh://u@h", "--script", "agent_daemon.sh"))
                .isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run("hosts", "add", "prod", "ssh://u@h", "--config-dir", "claude")).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run("hosts", "add", "prod", "ssh://u@h", "--identity", temp.resolve("nokey").toString()))
                .isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("nokey");
        assertThat(store.file()).doesNotExist();
    }

    @Test
    void removeForgetsAHostAndAnUnknownNameListsTheSavedOnes() throws Exception {
        run("hosts", "add", "prod", "ssh://ubuntu@10.0.0.5");
        run("hosts", "add", "ci", "ssh://runner@10.0.0.9");

        int removed = run("hosts", "remove", "prod", "--json");
        JsonNode json = JSON.readTree(out.toString());
        int unknown = run("hosts", "remove", "staging");

        assertThat(removed).isZero();
        assertThat(json.at("/removed/name").asText()).isEqualTo("prod");
        assertThat(store.list()).extracting(HostConfig::name).containsExactly("ci");
        assertThat(unknown).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("staging", "Saved hosts: ci");
    }

    @Test
    void aDamagedHostsFileIsNamedWithTheLineAndColumnOnly() throws Exception {
        Files.createDirectories(store.file().getParent());
        Files.writeString(store.file(), "{\"hosts\": [\n  {\"name\": \"prod\",,}\n]}\n");

        int status = run("hosts");

        assertThat(status).isNotZero();
        assertThat(err.toString()).contains("Could not read the saved hosts in " + store.file(),
                "(line 2, column", "Fix the file or move it aside").doesNotContain("Source:", "StreamReadFeature");
    }

    @Test
    void removingAJumpHostOthersUseIsRefusedNamingThemUnlessForced() throws Exception {
        run("hosts", "add", "bastion", "ssh://ops@203.0.113.7");
        run("hosts", "add", "agent1", "ssh://ubuntu@10.0.0.5", "--jump", "bastion");
        run("hosts", "add", "agent2", "ssh://ubuntu@10.0.0.6", "--jump", "ops@gate:2200,bastion");
        run("hosts", "add", "ci", "ssh://runner@10.0.0.9", "--jump", "bastion2");

        int refused = run("hosts", "remove", "bastion");
        String refusal = err.toString();
        List<String> afterRefusal = store.list().stream().map(HostConfig::name).toList();
        int forced = run("hosts", "remove", "bastion", "--force");

        assertThat(refused).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(refusal).contains("Did not remove bastion", "agent1, agent2 connect through it",
                "hosts remove agent1", "--force");
        assertThat(afterRefusal).contains("bastion");
        assertThat(forced).as(err.toString()).isZero();
        assertThat(store.list()).extracting(HostConfig::name).containsExactly("agent1", "agent2", "ci");
    }

    @Test
    void importSavesTheAliasesOfAnSshConfigAndKeepsWhatIsSavedAlready() throws Exception {
        Path config = Files.writeString(temp.resolve("ssh_config"), String.join("\n",
                "Host prod", "  HostName 10.0.0.5", "  User ubuntu", "  Port 2222", "  IdentityFile ~/.ssh/prod",
                "Host ci", "  HostName ci.example.com", "  ProxyJump bastion",
                "Host *.internal", "  User admin",
                "Host *", "  User fallback", ""));
        run("hosts", "add", "ci", "ssh://keep@10.9.9.9");

        int status = run("hosts", "import", "--ssh-config", config.toString(), "--json");

        assertThat(status).as(err.toString()).isZero();
        JsonNode json = JSON.readTree(out.toString());
        assertThat(json.get("imported")).extracting(host -> host.get("name").asText()).containsExactly("prod");
        assertThat(json.at("/skipped/0/name").asText()).isEqualTo("ci");
        assertThat(store.find("prod").orElseThrow()).isEqualTo(new HostConfig("prod", "10.0.0.5", 2222, "ubuntu",
                "~/.ssh/prod", true, null, null, null, List.of(), false));
        assertThat(store.find("ci").orElseThrow().user()).isEqualTo("keep");
    }

    @Test
    void importOfNamedAliasesTakesOnlyThoseAndNamesAMissingOne() throws Exception {
        Path config = Files.writeString(temp.resolve("ssh_config"), String.join("\n",
                "Host prod", "  HostName 10.0.0.5", "Host ci", "  HostName 10.0.0.9", ""));

        int status = run("hosts", "import", "ci", "--ssh-config", config.toString());
        int missing = run("hosts", "import", "staging", "--ssh-config", config.toString());

        assertThat(status).isZero();
        assertThat(store.list()).extracting(HostConfig::name).containsExactly("ci");
        assertThat(missing).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("staging", "prod, ci");
    }

    @Test
    void importWithoutAnSshConfigIsBadInput() {
        int status = run("hosts", "import", "--ssh-config", temp.resolve("none").toString());

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("none", "hosts add");
    }

    @Test
    void aSourceNamingNoSavedHostPointsToHostsAdd() throws IOException {
        int status = run("report", "--source", "ghost:", "--json");

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(JSON.readTree(out.toString()).at("/error/message").asText()).contains("ghost",
                "burnwatch hosts add");
    }
}
