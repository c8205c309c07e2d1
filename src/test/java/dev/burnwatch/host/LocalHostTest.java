package dev.burnwatch.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** This machine as a host: the same promises as an SSH host. */
class LocalHostTest {

    @TempDir
    Path temp;

    private final LocalHost host = new LocalHost();

    @Test
    void aCommandFillingBothPipesAtOnceDoesNotHang() throws Exception {
        String command = "i=0; while [ $i -lt 2000 ]; do echo out-$i; echo err-$i >&2; i=$((i+1)); done;"
                + " head -c 300000 /dev/zero | tr '\\0' e >&2; head -c 300000 /dev/zero | tr '\\0' o";

        CommandResult result = host.exec(command, Duration.ofSeconds(30));

        assertThat(result.stdout()).endsWith("o".repeat(10)).contains("out-1999");
        assertThat(result.stderr()).contains("err-1999").hasSizeGreaterThan(300000);
    }

    @Test
    void writeReplacesAFileWholeKeepingItsModeAndLeavesNoTemporaryFile() throws Exception {
        Path file = Files.writeString(temp.resolve("agent_daemon.sh"), "old\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));

        host.write(file.toString(), "new\n".getBytes(StandardCharsets.UTF_8), 0644);
        host.write(temp.resolve("fresh.sh").toString(), "x".getBytes(StandardCharsets.UTF_8), 0750);

        assertThat(Files.readString(file)).isEqualTo("new\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp.resolve("fresh.sh"))))
                .isEqualTo("rwxr-x---");
        assertThat(SshHostTest.namesIn(temp)).containsExactly("agent_daemon.sh", "fresh.sh");
    }

    @Test
    void aWriteIntoAFolderTheUserMayNotWriteSaysBurnwatchNeedsWriteAccessToTheFolder() throws Exception {
        Path folder = SshHostTest.unwritableFolder(temp);
        String target = folder.resolve("agent_daemon.sh").toString();

        assertThatThrownBy(() -> host.write(target, "x".getBytes(StandardCharsets.UTF_8), 0644))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("permission denied")
                .hasMessageContaining("needs write access to the folder " + folder)
                .hasMessageContaining("temporary file beside " + target)
                .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.PERMISSION);
    }

    @Test
    void sudoWantingAPasswordIsAPermissionError() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path sudo = Files.writeString(bin.resolve("sudo"),
                "#!/bin/sh\necho 'sudo: a password is required' >&2\nexit 1\n");
        Files.setPosixFilePermissions(sudo, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatThrownBy(() -> host.exec("PATH=" + bin + ":$PATH sudo -n systemctl restart agent-daemon",
                Duration.ofSeconds(10)))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("sudo -n")
                .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.PERMISSION);
    }
}
