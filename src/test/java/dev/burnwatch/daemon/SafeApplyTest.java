package dev.burnwatch.daemon;

import dev.burnwatch.host.ForwardingHost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnwatch.BadInputException;
import dev.burnwatch.host.CommandResult;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostException;
import dev.burnwatch.host.LocalHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeApplyTest {

    private static final String ORIGINAL = "#!/usr/bin/env bash\nwhile true; do\n  claude \"$task\"\n  sleep 5\ndone\n";
    private static final String PATCHED = "#!/usr/bin/env bash\nwhile true; do\n  claude --max-turns 30 \"$task\"\n"
            + "  sleep 5\ndone\n";

    @TempDir
    Path dir;

    private Path script;

    @BeforeEach
    void writeScript() throws IOException {
        script = dir.resolve("agent_daemon.sh");
        Files.writeString(script, ORIGINAL);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
    }

    @Test
    void applyReplacesTheFileAndKeepsABackupOfTheOldVersion() throws Exception {
        SafeApply safe = new SafeApply(new LocalHost());
        ScriptFile read = safe.read(script.toString());

        ApplyOutcome outcome = safe.apply(read, PATCHED);

        assertThat(outcome.changed()).isTrue();
        assertThat(Files.readString(script)).isEqualTo(PATCHED);
        assertThat(outcome.backupPath()).matches(".*/agent_daemon\\.sh\\.burnwatch-\\d{8}T\\d{6}Z\\.bak");
        assertThat(Files.readString(Path.of(outcome.backupPath()))).isEqualTo(ORIGINAL);
        assertThat(outcome.beforeSha256()).isEqualTo(Hashes.sha256(ORIGINAL.getBytes(StandardCharsets.UTF_8)));
        assertThat(outcome.afterSha256()).isEqualTo(Hashes.sha256(PATCHED.getBytes(StandardCharsets.UTF_8)));
        assertThat(filesBesideTheScript()).containsExactlyInAnyOrder("agent_daemon.sh",
                Path.of(outcome.backupPath()).getFileName().toString());
    }

    @Test
    void applyKeepsOwnerGroupAndMode() throws Exception {
        Files.setAttribute(script, "unix:uid", 1234);
        Files.setAttribute(script, "unix:gid", 2345);
        SafeApply safe = new SafeApply(new LocalHost());

        ApplyOutcome outcome = safe.apply(safe.read(script.toString()), PATCHED);

        assertThat(Files.getAttribute(script, "unix:uid")).isEqualTo(1234);
        assertThat(Files.getAttribute(script, "unix:gid")).isEqualTo(2345);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script))).isEqualTo("rwxr-x---");
        assertThat(outcome.ownerAndMode()).endsWith(" 750");
    }

    @Test
    void applyingTheSameTextChangesNothingAndMakesNoBackup() throws Exception {
        SafeApply safe = new SafeApply(new LocalHost());
        long modified = Files.getLastModifiedTime(script).toMillis();

        ApplyOutcome outcome = safe.apply(safe.read(script.toString()), ORIGINAL);

        assertThat(outcome.changed()).isFalse();
        assertThat(outcome.backupPath()).isNull();
        assertThat(filesBesideTheScript()).containsExactly("agent_daemon.sh");
        assertThat(Files.getLastModifiedTime(script).toMillis()).isEqualTo(modified);
    }

    @Test
    void aSyntaxErrorLeavesTheOriginalAndNoTemporaryFile() throws Exception {
        SafeApply safe = new SafeApply(new LocalHost());
        ScriptFile read = safe.read(script.toString());

        assertThatThrownBy(() -> safe.apply(read, "while true; do\n  claude \"$task\"\n"))
                .isInstanceOf(ChangeRefusedException.class)
                .hasMessageContaining("bash -n rejected")
                .hasMessageContaining(script.toString())
                .hasMessageContaining("unexpected end of file")
                .extracting(e -> ((ChangeRefusedException) e).reason())
                .isEqualTo(ChangeRefusedException.Reason.INVALID_SCRIPT);
        assertThat(Files.readString(script)).isEqualTo(ORIGINAL);
        assertThat(filesBesideTheScript()).containsExactly("agent_daemon.sh");
    }

    @Test
    void anEditByAnotherWriterDuringTheChangeIsRefusedAndKept() throws Exception {
        String theirs = ORIGINAL.replace("sleep 5", "sleep 60");
        Host secondWriter = new ForwardingHost(new LocalHost()) {
            @Override
            public CommandResult exec(String command, Duration timeout) throws HostException {
                CommandResult result = super.exec(command, timeout);
                if (command.startsWith("bash -n")) {
                    writeQuietly(script, theirs);
                }
                return result;
            }
        };
        SafeApply safe = new SafeApply(secondWriter);
        ScriptFile read = safe.read(script.toString());

        assertThatThrownBy(() -> safe.apply(read, PATCHED))
                .isInstanceOf(ChangeRefusedException.class)
                .hasMessageContaining("changed after Burnwatch read it")
                .extracting(e -> ((ChangeRefusedException) e).reason())
                .isEqualTo(ChangeRefusedException.Reason.CONFLICT);
        assertThat(Files.readString(script)).isEqualTo(theirs);
        assertThat(filesBesideTheScript()).containsExactly("agent_daemon.sh");
    }

    @Test
    void anEditBetweenTheBackupAndTheRenameIsRefusedAndKept() throws Exception {
        String theirs = ORIGINAL.replace("sleep 5", "sleep 60");
        Host secondWriter = new ForwardingHost(new LocalHost()) {
            @Override
            public CommandResult exec(String command, Duration timeout) throws HostException {
                CommandResult result = super.exec(command, timeout);
                if (command.startsWith("cp -p")) {
                    writeQuietly(script, theirs);
                }
                return result;
            }
        };
        SafeApply safe = new SafeApply(secondWriter);
        ScriptFile read = safe.read(script.toString());

        assertThatThrownBy(() -> safe.apply(read, PATCHED)).isInstanceOf(ChangeRefusedException.class);

        assertThat(Files.readString(script)).isEqualTo(theirs);
        assertThat(filesBesideTheScript()).containsExactly("agent_daemon.sh");
    }

    @Test
    void aFailedRenameLeavesTheOriginalAndRemovesTheTemporaryFile() throws Exception {
        Host failingRename = new ForwardingHost(new LocalHost()) {
            @Override
            public void rename(String source, String target) throws HostException {
                throw new HostException(HostException.Kind.DISCONNECTED, "the connection dropped");
            }
        };
        SafeApply safe = new SafeApply(failingRename);
        ScriptFile read = safe.read(script.toString());

        assertThatThrownBy(() -> safe.apply(read, PATCHED))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("either the old version or the new one");
        assertThat(Files.readString(script)).isEqualTo(ORIGINAL);
        assertThat(filesBesideTheScript()).containsExactly("agent_daemon.sh");
    }

    @Test
    void aConnectionLostAtTheRenameLeavesTheOriginalAndTheNextRunRemovesTheLeftover() throws Exception {
        AtomicBoolean connected = new AtomicBoolean(true);
        Host dropping = new ForwardingHost(new LocalHost()) {
            @Override
            public void rename(String source, String target) throws HostException {
                connected.set(false);
                throw new HostException(HostException.Kind.DISCONNECTED, "the connection dropped");
            }

            @Override
            public void delete(String path) throws HostException {
                if (!connected.get()) {
                    throw new HostException(HostException.Kind.DISCONNECTED, "not connected");
                }
                super.delete(path);
            }
        };
        ScriptFile read = new SafeApply(dropping).read(script.toString());

        assertThatThrownBy(() -> new SafeApply(dropping).apply(read, PATCHED)).isInstanceOf(HostException.class);
        assertThat(Files.readString(script)).isEqualTo(ORIGINAL);
        assertThat(filesBesideTheScript()).hasSize(3).anyMatch(name -> name.matches(
                "\\.agent_daemon\\.sh\\.burnwatch-[0-9a-f]{16}\\.tmp"));

        SafeApply nextRun = new SafeApply(new LocalHost());
        ApplyOutcome outcome = nextRun.apply(nextRun.read(script.toString()), PATCHED);

        assertThat(Files.readString(script)).isEqualTo(PATCHED);
        assertThat(filesBesideTheScript()).noneMatch(name -> name.endsWith(".tmp"));
        assertThat(outcome.backupPath()).isNotNull();
    }

    @Test
    void aLinkedScriptIsReplacedBehindTheLink() throws Exception {
        Path link = dir.resolve("daemon-link.sh");
        Files.createSymbolicLink(link, script);
        SafeApply safe = new SafeApply(new LocalHost());

        safe.apply(safe.read(link.toString()), PATCHED);

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(script)).isEqualTo(PATCHED);
        assertThat(Files.isRegularFile(script, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedAsBadInput() throws Exception {
        Files.write(script, new byte[] {'#', '!', (byte) 0xff, '\n'});

        assertThatThrownBy(() -> new SafeApply(new LocalHost()).read(script.toString()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void aMissingFileIsNamedInTheErrorAsBadInput() {
        String missing = dir.resolve("nope.sh").toString();

        assertThatThrownBy(() -> new SafeApply(new LocalHost()).read(missing))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("There is no file " + missing + " on local")
                .hasMessageContaining("on this machine");
    }

    @Test
    void aFolderIsRefusedAsAFolderNotReadAsAScript() {
        assertThatThrownBy(() -> new SafeApply(new LocalHost()).read(dir.toString()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(dir + " on local is a folder, not a script")
                .hasMessageNotContaining("IOException");
    }

    @Test
    void aFolderTheLoginMayNotWriteIsSaidToNeedWriteAccessAndNothingChanges() throws Exception {
        Host readOnlyFolder = new ForwardingHost(new LocalHost()) {
            @Override
            public void write(String path, byte[] content, int mode) throws HostException {
                // what LocalHost and SshHost report when the folder refuses a new file
                throw new HostException(HostException.Kind.PERMISSION, "Could not write " + path
                        + ": permission denied");
            }
        };
        SafeApply safe = new SafeApply(readOnlyFolder);
        ScriptFile read = safe.read(script.toString());

        assertThatThrownBy(() -> safe.apply(read, PATCHED))
                .isInstanceOf(ChangeRefusedException.class)
                .hasMessageContaining("Cannot write in " + dir + " on local (permission denied)")
                .hasMessageContaining("needs write access to the script's folder")
                .hasMessageContaining("temporary file beside the script")
                .extracting(e -> ((ChangeRefusedException) e).reason())
                .isEqualTo(ChangeRefusedException.Reason.NOT_WRITABLE);
        assertThat(Files.readString(script)).isEqualTo(ORIGINAL);
        assertThat(filesBesideTheScript()).containsExactly("agent_daemon.sh");
    }

    @Test
    void anOwnerOnlyRootCouldKeepIsSaidSoNamingTheRealFile() throws Exception {
        Host notRoot = new ForwardingHost(new LocalHost()) {
            @Override
            public CommandResult exec(String command, Duration timeout) throws HostException {
                if (command.startsWith("chown --reference=")) {
                    java.util.regex.Matcher copy = java.util.regex.Pattern.compile("'([^']*\\.tmp)'").matcher(command);
                    copy.find();
                    return new CommandResult(1, "", "chown: changing ownership of '" + copy.group(1)
                            + "': Operation not permitted\n");
                }
                return super.exec(command, timeout);
            }
        };
        SafeApply safe = new SafeApply(notRoot);
        ScriptFile read = safe.read(script.toString());

        assertThatThrownBy(() -> safe.apply(read, PATCHED))
                .isInstanceOf(ChangeRefusedException.class)
                .hasMessageContaining("chown: changing ownership of '" + dir + "/.agent_daemon.sh.burnwatch-")
                .hasMessageNotContaining("the copy")
                .hasMessageContaining("Only root can give a file another owner")
                .hasMessageMatching("(?s).*connect as the script's owner \\(\\S+:\\S+\\).*or as root\\.$");
        assertThat(Files.readString(script)).isEqualTo(ORIGINAL);
        assertThat(filesBesideTheScript()).containsExactly("agent_daemon.sh");
    }

    @Test
    void aScriptThatIsAlreadyNotValidBashIsSaidToBe() throws Exception {
        Files.writeString(script, "#!/bin/bash\nwhile true; do\n  claude \"$task\"\n");
        SafeApply safe = new SafeApply(new LocalHost());

        assertThatThrownBy(() -> safe.requireValidBash(safe.read(script.toString())))
                .isInstanceOf(ChangeRefusedException.class)
                .hasMessageContaining(script + " on local is already not valid bash")
                .hasMessageContaining("will not patch it")
                .hasMessageContaining("unexpected end of file");
        safe.requireValidBash(new SafeApply(new LocalHost()).read(writeValid().toString()));
    }

    private Path writeValid() throws IOException {
        return Files.writeString(dir.resolve("valid.sh"), ORIGINAL);
    }

    private List<String> filesBesideTheScript() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static void writeQuietly(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
