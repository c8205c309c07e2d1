package dev.burnwatch.daemon;

import dev.burnwatch.host.ForwardingHost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnwatch.host.CommandResult;
import dev.burnwatch.host.ConnectOptions;
import dev.burnwatch.host.EmbeddedSshServer;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostConfig;
import dev.burnwatch.host.HostException;
import dev.burnwatch.host.Hosts;
import dev.burnwatch.host.PassphraseProvider;
import dev.burnwatch.host.SshTimeouts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safe write over a real SSH connection (the embedded server, with a TCP proxy in front
 * that can cut the connection for real).
 */
class SafeApplyOverSshTest {

    private static final String ORIGINAL = "#!/bin/bash\nwhile true; do\n  claude \"$t\"\n  sleep 5\ndone\n";
    private static final String PATCHED = ORIGINAL.replace("claude ", "claude --max-turns 30 ");
    private static final SshTimeouts QUICK = new SshTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofSeconds(15), 3, 2, Duration.ofMillis(50));

    @TempDir
    Path temp;

    private EmbeddedSshServer server;
    private TcpProxy proxy;
    private Host host;
    private Path folder;
    private Path script;

    @BeforeEach
    void connectThroughAProxy() throws Exception {
        System.setProperty("burnwatch.home", temp.resolve("burnwatch").toString());
        server = EmbeddedSshServer.start(temp.resolve("server"));
        proxy = TcpProxy.to("127.0.0.1", server.port());
        Path knownHosts = temp.resolve("known_hosts");
        Files.writeString(knownHosts, server.knownHostsLine("127.0.0.1", proxy.port()) + "\n");
        host = Hosts.open(HostConfig.of("proxied", "127.0.0.1", proxy.port(), EmbeddedSshServer.USER),
                new ConnectOptions(server.clientKey(), knownHosts, null), PassphraseProvider.NONE, QUICK);
        folder = Files.createDirectories(temp.resolve("agent"));
        script = folder.resolve("agent_daemon.sh");
        Files.writeString(script, ORIGINAL);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setAttribute(script, "unix:uid", 1234);
    }

    @AfterEach
    void stop() throws IOException {
        host.close();
        proxy.close();
        server.close();
        System.clearProperty("burnwatch.home");
    }

    @Test
    void aChangeOverSshKeepsOwnerAndModeAndLeavesABackup() throws Exception {
        SafeApply safe = new SafeApply(host);

        ApplyOutcome outcome = safe.apply(safe.read(script.toString()), PATCHED);

        assertThat(Files.readString(script)).isEqualTo(PATCHED);
        assertThat(Files.getAttribute(script, "unix:uid")).isEqualTo(1234);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script))).isEqualTo("rwxr-x---");
        assertThat(Files.readString(Path.of(outcome.backupPath()))).isEqualTo(ORIGINAL);
        assertThat(namesInFolder()).noneMatch(name -> name.endsWith(".tmp"));
    }

    @Test
    void aFolderOverSshIsSaidToBeAFolderAndAMissingFileGetsAHintForAHost() {
        SafeApply safe = new SafeApply(host);

        assertThatThrownBy(() -> safe.read(folder.toString()))
                .isInstanceOf(dev.burnwatch.BadInputException.class)
                .hasMessageContaining(folder + " on " + host.id() + " is a folder, not a script")
                .hasMessageNotContaining("SSH_FX");
        assertThatThrownBy(() -> safe.read(folder.resolve("nope.sh").toString()))
                .isInstanceOf(dev.burnwatch.BadInputException.class)
                .hasMessageContaining("There is no file " + folder.resolve("nope.sh"))
                .hasMessageContaining("/~/");
    }

    @Test
    void aSyntaxErrorOverSshLeavesTheOriginalAndNoTemporaryFile() throws Exception {
        SafeApply safe = new SafeApply(host);
        ScriptFile read = safe.read(script.toString());

        assertThatThrownBy(() -> safe.apply(read, "while true; do\n")).isInstanceOf(ChangeRefusedException.class);

        assertThat(Files.readString(script)).isEqualTo(ORIGINAL);
        assertThat(namesInFolder()).containsExactly("agent_daemon.sh");
    }

    @Test
    void aSecondWriterDuringTheChangeIsRefusedAndKeptOverSsh() throws Exception {
        String theirs = ORIGINAL + "# theirs\n";
        Host racing = new ForwardingHost(host) {
            @Override
            public CommandResult exec(String command, Duration timeout) throws HostException {
                CommandResult result = super.exec(command, timeout);
                if (command.startsWith("bash -n")) {
                    try {
                        Files.writeString(script, theirs);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }
                return result;
            }
        };
        SafeApply safe = new SafeApply(racing);
        ScriptFile read = safe.read(script.toString());

        assertThatThrownBy(() -> safe.apply(read, PATCHED))
                .isInstanceOf(ChangeRefusedException.class)
                .hasMessageContaining("changed after Burnwatch read it");
        assertThat(Files.readString(script)).isEqualTo(theirs);
        assertThat(namesInFolder()).containsExactly("agent_daemon.sh");
    }

    @Test
    void aConnectionCutBetweenWritingAndRenamingLeavesTheOriginalAndTheNextChangeCleansUp() throws Exception {
        Host cutAtRename = new ForwardingHost(host) {
            @Override
            public void rename(String source, String target) throws HostException {
                proxy.drop();
                super.rename(source, target);
            }
        };
        SafeApply safe = new SafeApply(cutAtRename);
        ScriptFile read = safe.read(script.toString());

        assertThatThrownBy(() -> safe.apply(read, PATCHED))
                .isInstanceOf(HostException.class)
                .satisfies(e -> assertThat(((HostException) e).kind().isConnection()).isTrue())
                .hasMessageContaining("either the old version or the new one");
        assertThat(Files.readString(script)).isEqualTo(ORIGINAL);
        assertThat(namesInFolder())
                .anyMatch(name -> name.matches("\\.agent_daemon\\.sh\\.burnwatch-[0-9a-f]{16}\\.tmp"));

        try (Host again = server.open()) {
            SafeApply nextRun = new SafeApply(again);
            nextRun.apply(nextRun.read(script.toString()), PATCHED);
        }

        assertThat(Files.readString(script)).isEqualTo(PATCHED);
        assertThat(namesInFolder()).noneMatch(name -> name.endsWith(".tmp"));
    }

    private List<String> namesInFolder() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
