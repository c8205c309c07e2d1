package dev.burnwatch.usage;

import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Where a transcript's bytes come from: a host's byte ranges, or (this machine) a file channel. */
interface ByteSource extends AutoCloseable {

    /** Reads up to {@code length} bytes at {@code position} into {@code buffer[offset..]}; 0 at the end. */
    int read(byte[] buffer, int offset, int length, long position) throws HostException;

    @Override
    void close();

    /** Byte ranges through {@link Host#read}: the same code for local and SSH hosts. */
    static ByteSource of(Host host, String path) {
        return new ByteSource() {
            @Override
            public int read(byte[] buffer, int offset, int length, long position) throws HostException {
                byte[] chunk = host.read(path, position, length);
                System.arraycopy(chunk, 0, buffer, offset, chunk.length);
                return chunk.length;
            }

            @Override
            public void close() {
                // each read stands alone
            }
        };
    }

    /** This machine's file, read straight into the reused buffer (no copy per chunk). */
    static ByteSource local(String path) throws HostException {
        FileChannel channel;
        try {
            channel = FileChannel.open(Path.of(path), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new HostException(HostException.Kind.NOT_FOUND, "Could not read " + path + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new HostException(HostException.Kind.PERMISSION, "Could not read " + path
                    + ": permission denied", e);
        } catch (IOException e) {
            throw new HostException(HostException.Kind.OTHER, "Could not read " + path + ": " + e.getMessage(), e);
        }
        return new ByteSource() {
            @Override
            public int read(byte[] buffer, int offset, int length, long position) throws HostException {
                try {
                    int n = channel.read(ByteBuffer.wrap(buffer, offset, length), position);
                    return Math.max(n, 0);
                } catch (ClosedByInterruptException e) {
                    throw new HostException(HostException.Kind.CANCELLED, "Reading " + path + " was cancelled", e);
                } catch (IOException e) {
                    throw new HostException(HostException.Kind.OTHER, "Could not read " + path + ": "
                            + e.getMessage(), e);
                }
            }

            @Override
            public void close() {
                try {
                    channel.close();
                } catch (IOException e) {
                    // a read-only channel has nothing to flush
                }
            }
        };
    }
}
