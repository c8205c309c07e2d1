package dev.burnwatch.demo;

import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.session.SessionContext;

/** SFTP sees this machine's file system with real absolute paths, starting in the sandbox's home. */
final class SandboxFileSystemFactory implements FileSystemFactory {

    private final Path home;

    SandboxFileSystemFactory(Path home) {
        this.home = home;
    }

    @Override
    public Path getUserHomeDir(SessionContext session) {
        return home;
    }

    @Override
    public FileSystem createFileSystem(SessionContext session) {
        return FileSystems.getDefault();
    }
}
