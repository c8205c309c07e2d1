package dev.burnwatch.host;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A host that passes every call to another; tests override one method to play a failure. */
public class ForwardingHost implements Host {

    protected final Host delegate;

    public ForwardingHost(Host delegate) {
        this.delegate = delegate;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public String homeDir() throws HostException {
        return delegate.homeDir();
    }

    @Override
    public Instant now() throws HostException {
        return delegate.now();
    }

    @Override
    public Optional<FileStat> stat(String path) throws HostException {
        return delegate.stat(path);
    }

    @Override
    public List<FileStat> listFiles(String root, String suffix) throws HostException {
        return delegate.listFiles(root, suffix);
    }

    @Override
    public byte[] read(String path, long offset, int length) throws HostException {
        return delegate.read(path, offset, length);
    }

    @Override
    public byte[] readAll(String path, int maxBytes) throws HostException {
        return delegate.readAll(path, maxBytes);
    }

    @Override
    public void write(String path, byte[] content, int mode) throws HostException {
        delegate.write(path, content, mode);
    }

    @Override
    public void rename(String source, String target) throws HostException {
        delegate.rename(source, target);
    }

    @Override
    public void delete(String path) throws HostException {
        delegate.delete(path);
    }

    @Override
    public CommandResult exec(String command, Duration timeout) throws HostException {
        return delegate.exec(command, timeout);
    }

    @Override
    public long bytesReceived() {
        return delegate.bytesReceived();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
