package dev.burnwatch.usage;

import dev.burnwatch.host.CommandResult;
import dev.burnwatch.host.FileStat;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostException;
import dev.burnwatch.host.LocalHost;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * This machine seen as if it were a remote host: every call goes to a real {@link LocalHost},
 * but the engine cannot take its local fast path, so every byte goes through {@link #read}
 * and is counted in {@link #bytesReceived()}, as it would be over SSH.
 */
final class ForwardingHost implements Host {

    private final LocalHost local = new LocalHost();
    private final String id;

    ForwardingHost(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String homeDir() {
        return local.homeDir();
    }

    @Override
    public Instant now() {
        return local.now();
    }

    @Override
    public Optional<FileStat> stat(String path) throws HostException {
        return local.stat(path);
    }

    @Override
    public List<FileStat> listFiles(String root, String suffix) throws HostException {
        return local.listFiles(root, suffix);
    }

    @Override
    public byte[] read(String path, long offset, int length) throws HostException {
        return local.read(path, offset, length);
    }

    @Override
    public byte[] readAll(String path, int maxBytes) throws HostException {
        return local.readAll(path, maxBytes);
    }

    @Override
    public void write(String path, byte[] content, int mode) throws HostException {
        local.write(path, content, mode);
    }

    @Override
    public void rename(String source, String target) throws HostException {
        local.rename(source, target);
    }

    @Override
    public void delete(String path) throws HostException {
        local.delete(path);
    }

    @Override
    public CommandResult exec(String command, Duration timeout) throws HostException {
        return local.exec(command, timeout);
    }

    @Override
    public long bytesReceived() {
        return local.bytesReceived();
    }

    @Override
    public void close() {
        local.close();
    }
}
