package dev.burnwatch.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A saved host's restart command in hosts.json: optional, and absent in files written before it existed. */
class HostConfigRestartCommandTest {

    @TempDir
    Path dir;

    @Test
    void aHostsFileWithoutTheFieldReadsAsTheDefault() throws Exception {
        Path file = dir.resolve("hosts.json");
        Files.writeString(file, """
                {"hosts": [{"name": "agenthost", "address": "10.0.0.5", "port": 22, "user": "ubuntu",
                  "useAgent": true, "daemonScript": "/home/ubuntu/agent_daemon.sh", "systemdUnit": "agent-daemon",
                  "configDirs": [], "publishToCloudWatch": false}]}
                """);

        HostConfig host = new HostStore(file).find("agenthost").orElseThrow();

        assertThat(host.restartCommand()).isNull();
        assertThat(host.systemdUnit()).isEqualTo("agent-daemon");
    }

    @Test
    void aRestartCommandIsSavedAndReadBackAndAbsentOnesAreNotWritten() throws Exception {
        HostStore store = new HostStore(dir.resolve("hosts.json"));
        HostConfig custom = HostConfig.of("custom", "10.0.0.6", 22, "ubuntu")
                .withRestartCommand("sudo -n /usr/local/bin/restart-agent {unit}").withDaemon("/srv/d.sh", "d");

        store.save(custom);
        store.save(HostConfig.of("plain", "10.0.0.7", 22, "ubuntu"));

        assertThat(store.find("custom").orElseThrow().restartCommand())
                .isEqualTo("sudo -n /usr/local/bin/restart-agent {unit}");
        assertThat(store.find("custom").orElseThrow().systemdUnit()).isEqualTo("d");
        assertThat(store.find("plain").orElseThrow().restartCommand()).isNull();
        assertThat(Files.readString(dir.resolve("hosts.json"))).containsOnlyOnce("restartCommand");
    }
}
