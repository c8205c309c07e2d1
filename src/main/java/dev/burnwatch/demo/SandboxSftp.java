package dev.burnwatch.demo;

import java.nio.file.FileSystem;
import java.nio.file.Path;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * SFTP on the demo host: this machine's file system with real absolute paths, where a
 * session starts in the sandbox's home folder as it would on a real host (MINA's own
 * subsystem would start in this JVM's working directory).
 */
final class SandboxSftp extends SftpSubsystemFactory {

    private final Path home;

    SandboxSftp(Path home) {
        this.home = home;
    }

    @Override
    public Command createSubsystem(ChannelSession channel) {
        return new SftpSubsystem(channel, this) {
            @Override
            public void setFileSystem(FileSystem fileSystem) {
                super.setFileSystem(fileSystem);
                defaultDir = fileSystem.getPath(home.toString());
            }
        };
    }
}
