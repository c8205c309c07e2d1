package dev.burnwatch.host;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A machine Burnwatch reaches: this one ({@link LocalHost}) or one over SSH. Everything the
 * usage engine, the daemon settings and the console do on a host goes through this
 * interface, so none of them knows how the host is reached (the demo host included).
 *
 * <p>Paths are absolute POSIX paths on the host. Every method may block on the network;
 * call it off the JavaFX thread. Cancellation is by thread interrupt: an interrupted call
 * gives up promptly and throws {@link HostException} of kind {@link HostException.Kind#CANCELLED}.
 */
public interface Host extends AutoCloseable {

    /**
     * A stable key for this host: {@code local}, or {@code user@address:port}. The usage
     * index and the change history key their records by it.
     */
    String id();

    /** The user's home folder on the host (no trailing slash). */
    String homeDir() throws HostException;

    /** The host's own clock: "now" for every figure about this host. */
    Instant now() throws HostException;

    /** Metadata of one file, or empty if it does not exist. */
    Optional<FileStat> stat(String path) throws HostException;

    /**
     * Every regular file below {@code root} (recursively, not following links) whose name ends
     * with {@code suffix}, with size, modification time and identity, in one round trip.
     * A missing root gives an empty list.
     */
    List<FileStat> listFiles(String root, String suffix) throws HostException;

    /**
     * As {@link #listFiles}, and the folders below {@code root} that could not be looked
     * into. Hosts that cannot tell report none.
     */
    default FileListing list(String root, String suffix) throws HostException {
        return new FileListing(listFiles(root, suffix), java.util.List.of());
    }

    /**
     * Up to {@code length} bytes of a file from {@code offset} (fewer at its end). Only the
     * requested range crosses the network.
     */
    byte[] read(String path, long offset, int length) throws HostException;

    /** A whole (small) file; refuses files larger than {@code maxBytes}. */
    byte[] readAll(String path, int maxBytes) throws HostException;

    /**
     * Creates or truncates {@code path} and writes {@code content} to it, with the given
     * permission bits for a new file. Not atomic on its own: callers that replace a file
     * write a temporary file beside it and {@link #rename} it.
     */
    void write(String path, byte[] content, int mode) throws HostException;

    /** Atomically replaces {@code target} with {@code source} (same filesystem). */
    void rename(String source, String target) throws HostException;

    /** Deletes a file if it exists. */
    void delete(String path) throws HostException;

    /**
     * Runs a command line in the host's shell ({@code sh -c} semantics). Every value that
     * goes into it must pass through {@link ShellQuote#quote}. Stdout and stderr are read
     * concurrently; the call gives up after {@code timeout} with kind
     * {@link HostException.Kind#TIMEOUT}.
     */
    CommandResult exec(String command, Duration timeout) throws HostException;

    /** Bytes moved from the host to us so far (for measuring incremental refreshes). */
    long bytesReceived();

    @Override
    void close();
}
