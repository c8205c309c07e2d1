package dev.burnwatch.daemon;

import dev.burnwatch.host.ForwardingHost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnwatch.BadInputException;
import dev.burnwatch.host.CommandResult;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostConfig;
import dev.burnwatch.host.HostException;
import dev.burnwatch.host.LocalHost;
import dev.burnwatch.host.ShellQuote;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restart logic against stand-in {@code sudo}, {@code systemctl} and {@code journalctl}
 * commands on the PATH (this machine has no systemd). The same class runs against real
 * systemd and sudo in {@code DaemonOnTestHostIT}.
 */
class ServiceControlTest {

    private static final String SYSTEMCTL = """
            #!/bin/bash
            S=%s
            case $1 in
              show)
                if [[ $2 != agent-daemon ]]; then echo LoadState=not-found; echo ActiveState=inactive; exit 0; fi
                echo LoadState=loaded
                shows=$(( $(cat $S/shows 2>/dev/null || echo 0) + 1 )); echo $shows > $S/shows
                if [[ -f $S/crash || -f $S/flap && -f $S/restarted && $shows -gt 2 ]]; then
                  echo ActiveState=activating; echo SubState=auto-restart; echo MainPID=0
                  echo Result=exit-code; echo ExecMainStatus=3
                  echo "ActiveEnterTimestamp=Thu 2026-12-03 18:40:00 UTC"; echo ActiveEnterTimestampMonotonic=7
                  exit 0
                fi
                echo ActiveState=active; echo SubState=running; echo Result=success; echo ExecMainStatus=0
                echo "MainPID=$(cat $S/pid)"; echo "ActiveEnterTimestamp=Thu 2026-12-03 18:4$(cat $S/pid):00 UTC"
                echo "ActiveEnterTimestampMonotonic=$(( $(cat $S/pid) * 1000003 ))" ;;
              restart)
                touch $S/restarted
                [[ -f $S/stuck ]] || echo $(( $(cat $S/pid) + 1 )) > $S/pid ;;
              is-active) echo active ;;
            esac
            """;
    private static final String SUDO = """
            #!/bin/bash
            if [[ -f %s/needs-password ]]; then echo "sudo: a password is required" >&2; exit 1; fi
            [[ $1 == -n ]] && shift
            exec "$@"
            """;
    private static final String JOURNALCTL = """
            #!/bin/bash
            echo "Dec 03 18:45:00 agenthost systemd[1]: Started agent-daemon.service - Agent work daemon."
            """;

    @TempDir
    Path dir;

    private Host host;

    @BeforeEach
    void putStandInsOnThePath() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(dir.resolve("pid"), "4");
        tool(bin, "systemctl", SYSTEMCTL.formatted(ShellQuote.quote(dir.toString())));
        tool(bin, "sudo", SUDO.formatted(ShellQuote.quote(dir.toString())));
        tool(bin, "journalctl", JOURNALCTL);
        host = new ForwardingHost(new LocalHost()) {
            @Override
            public CommandResult exec(String command, Duration timeout) throws HostException {
                return super.exec("PATH=" + ShellQuote.quote(bin.toString()) + ":$PATH; " + command, timeout);
            }
        };
    }

    @Test
    void aRestartShowsTheNewMainPidStartTimeAndJournal() throws Exception {
        RestartReport report = new ServiceControl(host).restart("agent-daemon");

        assertThat(report.command()).isEqualTo("sudo -n systemctl restart agent-daemon");
        assertThat(report.restartedAt()).isBetween(java.time.Instant.now().minusSeconds(30), java.time.Instant.now());
        assertThat(report.before().mainPid()).isEqualTo(4);
        assertThat(report.after().mainPid()).isEqualTo(5);
        assertThat(report.after().startedAt()).isEqualTo("Thu 2026-12-03 18:45:00 UTC");
        assertThat(report.isActive()).isEqualTo("active");
        assertThat(report.journal()).singleElement().asString().contains("Started agent-daemon.service");
    }

    @Test
    void sudoAskingForAPasswordIsAClearErrorNamingTheSudoersRule() throws Exception {
        Files.writeString(dir.resolve("needs-password"), "");

        assertThatThrownBy(() -> new ServiceControl(host).restart("agent-daemon"))
                .isInstanceOf(RestartFailedException.class)
                .hasMessageContaining("a password is required")
                .hasMessageContaining("/etc/sudoers.d/")
                .hasMessageMatching("(?s).*\\n  \\S+ ALL=\\(root\\) NOPASSWD: \\S*systemctl restart agent-daemon$");
    }

    @Test
    void aRestartThatLeavesTheSameMainPidIsNotAcceptedAsARestart() throws Exception {
        Files.writeString(dir.resolve("stuck"), "");

        assertThatThrownBy(() -> new ServiceControl(host).restart("agent-daemon"))
                .isInstanceOf(RestartFailedException.class)
                .hasMessageContaining("did not restart")
                .hasMessageContaining("4 -> 4");
    }

    @Test
    void anUnknownUnitIsNamed() {
        assertThatThrownBy(() -> new ServiceControl(host).restart("no-such-daemon"))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("no systemd unit no-such-daemon");
    }

    @Test
    void aUnitNameThatIsNotOneIsBadInputBeforeAnythingRuns() {
        assertThatThrownBy(() -> new ServiceControl(host).restart("agent; rm -rf ~"))
                .isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> new ServiceControl(host).restart("--all"))
                .isInstanceOf(BadInputException.class);
    }

    @Test
    void aConfiguredRestartCommandIsUsedWithTheUnitQuoted() throws Exception {
        RestartReport report = new ServiceControl(host, "systemctl restart {unit}").restart("agent-daemon");

        assertThat(report.command()).isEqualTo("systemctl restart agent-daemon");
        assertThat(report.after().mainPid()).isEqualTo(5);
    }

    @Test
    void aUnitThatExitsStraightAfterItStartsIsSaidSoWithItsStatus() throws Exception {
        Files.writeString(dir.resolve("crash"), "");

        assertThatThrownBy(() -> new ServiceControl(host).restart("agent-daemon"))
                .isInstanceOf(RestartFailedException.class)
                .hasMessageContaining("exits with status 3 straight after it starts")
                .hasMessageContaining("activating/auto-restart, result exit-code")
                .hasMessageContaining("see the journal lines below")
                .hasMessageNotContaining("0 -> 0")
                .satisfies(e -> assertThat(((RestartFailedException) e).report().journal()).isNotEmpty());
    }

    @Test
    void aUnitSeenRunningOnlyForAMomentAfterTheRestartIsNotAcceptedAsRestarted() throws Exception {
        Files.writeString(dir.resolve("flap"), "");

        assertThatThrownBy(() -> new ServiceControl(host).restart("agent-daemon"))
                .isInstanceOf(RestartFailedException.class)
                .hasMessageContaining("exits with status 3 straight after it starts");
    }

    @Test
    void aSavedHostsRestartCommandIsUsedAndItsAbsenceMeansTheDefault() throws Exception {
        HostConfig configured = HostConfig.of("agenthost", "127.0.0.1", 22, "ubuntu")
                .withRestartCommand("systemctl restart {unit}");
        HostConfig plain = HostConfig.of("agenthost", "127.0.0.1", 22, "ubuntu");

        RestartReport report = new ServiceControl(host, configured).restart("agent-daemon");

        assertThat(report.command()).isEqualTo("systemctl restart agent-daemon");
        assertThat(new ServiceControl(host, plain).restartCommand())
                .isEqualTo(ServiceControl.DEFAULT_RESTART_COMMAND);
    }

    @Test
    void theStartTimeReadsAsAnInstant() throws Exception {
        RestartReport report = new ServiceControl(host).restart("agent-daemon");

        assertThat(report.after().startedAtInstant()).contains(java.time.Instant.parse("2026-12-03T18:45:00Z"));
        assertThat(report.after().result()).isEqualTo("success");
    }

    private static void tool(Path bin, String name, String script) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
