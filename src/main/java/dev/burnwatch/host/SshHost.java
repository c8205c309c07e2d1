package dev.burnwatch.host;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host reached over SSH (JSch). Files go over one SFTP channel, commands over exec
 * channels. Every operation has a deadline and gives up when the calling thread is
 * interrupted; a dropped connection is reported to listeners and re-established with
 * backoff, and reads that it broke are tried once more on the new connection.
 *
 * <p>Open one with {@link Hosts#open}. {@link #bytesReceived()} counts the bytes that
 * arrived on the wire from the host, SSH framing included.
 */
public final class SshHost implements Host {

    private static final Logger LOG = LoggerFactory.getLogger(SshHost.class);
    private static final int SFTP_CHUNK = 32 * 1024;
    private static final int MAX_BULK_REQUESTS = 16;
    /** How long a stopped command has to end after TERM before it gets KILL. */
    private static final Duration KILL_GRACE = Duration.ofSeconds(2);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** One file per record: identity (device:inode), size, modification time, path. */
    private static final String PRINTF_FORMAT = "'%D:%i/%s/%T@/%p\\0'";
    private static final String STAT_FORMAT = "'%d:%i/%s/%Y/%n'";

    private final HostConfig config;
    private final SshConnector connector;
    private final SshTimeouts timeouts;
    private final String id;
    private final AtomicLong received = new AtomicLong();
    private static final java.util.regex.Pattern FIND_DENIED = java.util.regex.Pattern.compile(
            "find: ['‘`]?(.+?)['’]?: Permission denied");

    private final ExecutorService workers;
    private final List<Consumer<ConnectionEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> pendingCleanup = ConcurrentHashMap.newKeySet();
    private final Map<String, Listing> listings = new ConcurrentHashMap<>();
    private final Object connectionLock = new Object();
    private final Object sftpLock = new Object();
    private List<Session> chain = List.of();
    private Session session;
    private ChannelSftp sftp;
    private OpenRead openRead;
    private volatile boolean closed;
    private volatile String home;
    private volatile Path listingCache;

    private SshHost(HostConfig config, ConnectOptions options, TrustStore trustStore, PassphraseProvider passphrases,
            SshTimeouts timeouts, Function<String, Optional<HostConfig>> savedHosts) {
        this.config = config;
        this.timeouts = timeouts;
        this.id = config.hostId();
        this.connector = new SshConnector(config, options, trustStore, passphrases, timeouts, savedHosts, received);
        this.workers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "ssh-" + id + "-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Connects now, so that an unknown host key, a refused login or an unreachable host shows
     * at once. {@code savedHosts} resolves jump hosts given by a saved host's name.
     */
    public static SshHost connect(HostConfig config, ConnectOptions options, TrustStore trustStore,
            PassphraseProvider passphrases, SshTimeouts timeouts, Function<String, Optional<HostConfig>> savedHosts)
            throws HostException {
        SshHost host = new SshHost(config, options, trustStore, passphrases, timeouts, savedHosts);
        try {
            synchronized (host.connectionLock) {
                host.chain = host.connector.connect();
                host.session = host.chain.get(host.chain.size() - 1);
            }
            return host;
        } catch (HostException e) {
            host.workers.shutdownNow();
            throw e;
        }
    }

    /**
     * Keeps each listing's text in {@code dir} as well, so that the next process that lists
     * the same root can also be answered {@code =} when nothing changed (the CLI's warm
     * refresh). The files are derived data: a damaged one is ignored.
     */
    public SshHost withListingCache(Path dir) {
        this.listingCache = dir;
        return this;
    }

    /** Reports drops, reconnects and closing to {@code listener} (called on a background thread). */
    public void addConnectionListener(Consumer<ConnectionEvent> listener) {
        listeners.add(listener);
    }

    /** The saved-host description this host was opened from. */
    public HostConfig config() {
        return config;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String homeDir() throws HostException {
        String known = home;
        if (known != null) {
            return known;
        }
        CommandResult result = exec("printf '%s' \"$HOME\"", timeouts.operation());
        String value = result.stdout().strip();
        if (!result.succeeded() || !value.startsWith("/")) {
            throw new HostException(HostException.Kind.OTHER, "Could not find the home folder of " + id
                    + ": $HOME is '" + value + "'");
        }
        home = value.length() > 1 && value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        return home;
    }

    @Override
    public Instant now() throws HostException {
        CommandResult result = exec("date +%s%3N", timeouts.operation());
        String text = result.stdout().strip();
        if (text.matches("\\d{13,}")) {
            return Instant.ofEpochMilli(Long.parseLong(text));
        }
        // date without %N (BusyBox) prints the letters: seconds are still right
        String seconds = text.replaceAll("\\D.*$", "");
        if (!seconds.isEmpty()) {
            return Instant.ofEpochSecond(Long.parseLong(seconds));
        }
        throw new HostException(HostException.Kind.OTHER, "Could not read the clock of " + id + ": 'date' printed '"
                + text + "' " + result.stderr().strip());
    }

    @Override
    public Optional<FileStat> stat(String path) throws HostException {
        String p = ShellQuote.quote(path);
        String script = "LC_ALL=C; export LC_ALL; p=" + p + "\n"
                + "[ -e \"$p\" ] || [ -L \"$p\" ] || exit 0\n"
                + "if find \"$p\" -maxdepth 0 -printf '' >/dev/null 2>&1; then\n"
                + "  printf 'P\\n'; exec find \"$p\" -maxdepth 0 -printf " + PRINTF_FORMAT + "\n"
                + "fi\n"
                + "printf 'S\\n'; exec stat -c " + STAT_FORMAT + " \"$p\"\n";
        List<FileStat> found = runListing("reading the attributes of " + path, script);
        return found.stream().findFirst();
    }

    /**
     * One command on the host lists every file with size, time and identity. Where
     * {@code find} has no {@code -printf} (BusyBox), {@code stat -c} gives the same fields.
     * The listing travels gzip-compressed where the host has gzip. When this connection
     * listed the same root before, the host first compares the SHA-256 of its listing with
     * the previous one and answers {@code =} when nothing changed, so that an unchanged
     * refresh moves a few hundred bytes whatever the number of files.
     */
    @Override
    public List<FileStat> listFiles(String root, String suffix) throws HostException {
        return list(root, suffix).files();
    }

    @Override
    public FileListing list(String root, String suffix) throws HostException {
        String key = root + "\0" + suffix;
        Listing previous = listings.computeIfAbsent(key, this::cachedListing);
        String script = listingScript(root, suffix, previous == null ? "" : previous.sha256);
        Result raw = run("listing " + root, timeouts.operation(), true, (s, abort) -> execOn(s, script, abort));
        String errors = new String(raw.stderr, StandardCharsets.UTF_8).strip();
        if (previous != null && raw.stdout.length > 0 && raw.stdout[0] == '=') {
            return new FileListing(previous.files, List.of());
        }
        byte[] plain = decompressed(raw.stdout);
        List<FileStat> files = parseListing(plain);
        List<FileListing.UnreadableFolder> unreadable = unreadableFolders(errors);
        if (files.isEmpty() && !errors.isEmpty() && unreadable.isEmpty()) {
            HostException.Kind kind = errors.contains("Permission denied") ? HostException.Kind.PERMISSION
                    : HostException.Kind.OTHER;
            throw new HostException(kind, "Listing " + root + " on " + id + " failed: " + firstLine(errors));
        }
        if (!errors.isEmpty()) {
            LOG.warn("Listing {} on {}: {}", root, id, firstLine(errors));
        }
        if (unreadable.isEmpty()) {
            // Only a complete listing may answer for a later unchanged one ("="): one with
            // folders it could not enter would hide them next time.
            listings.put(key, new Listing(sha256Hex(plain), List.copyOf(files)));
            storeListing(key, plain);
        } else {
            listings.remove(key);
        }
        return new FileListing(files, unreadable);
    }

    /** The folders {@code find} could not enter, from its complaints: {@code find: 'DIR': Permission denied}. */
    static List<FileListing.UnreadableFolder> unreadableFolders(String findErrors) {
        List<FileListing.UnreadableFolder> folders = new ArrayList<>();
        for (String line : findErrors.split("\n")) {
            java.util.regex.Matcher denied = FIND_DENIED.matcher(line.strip());
            if (denied.matches()) {
                folders.add(new FileListing.UnreadableFolder(denied.group(1), "Permission denied"));
            }
        }
        return folders;
    }

    private Path cacheFile(String key) {
        Path dir = listingCache;
        return dir == null ? null : dir.resolve(sha256Hex((id + "\0" + key).getBytes(StandardCharsets.UTF_8))
                + ".listing.gz");
    }

    private Listing cachedListing(String key) {
        Path file = cacheFile(key);
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            byte[] plain = in.readAllBytes();
            return new Listing(sha256Hex(plain), List.copyOf(parseListing(plain)));
        } catch (IOException | RuntimeException e) {
            LOG.debug("The cached listing {} is not usable", file, e);
            return null;
        }
    }

    private void storeListing(String key, byte[] plain) {
        Path file = cacheFile(key);
        if (file == null) {
            return;
        }
        try {
            ByteArrayOutputStream packed = new ByteArrayOutputStream();
            try (OutputStream out = new java.util.zip.GZIPOutputStream(packed)) {
                out.write(plain);
            }
            AtomicFiles.write(file, packed.toByteArray());
        } catch (IOException e) {
            LOG.debug("Could not keep the listing in {}", file, e);
        }
    }

    /**
     * The shell script behind {@link #listFiles}. Its output is {@code =} (unchanged since the
     * listing whose SHA-256 is {@code previousSha256}), or a listing that {@link #parseListing}
     * reads, gzip-compressed where the host has gzip.
     */
    static String listingScript(String root, String suffix, String previousSha256) {
        String pattern = ShellQuote.quote("*" + escapeFindPattern(suffix));
        return "LC_ALL=C; export LC_ALL; r=" + ShellQuote.quote(root) + "; prev=" + ShellQuote.quote(previousSha256)
                + "\n"
                + "[ -d \"$r\" ] || exit 0\n"
                + "list() {\n"
                + "  if find \"$r\" -maxdepth 0 -printf '' >/dev/null 2>&1; then\n"
                + "    printf 'P\\n'; find \"$r\" -type f -name " + pattern + " -printf " + PRINTF_FORMAT + "\n"
                + "  else\n"
                + "    printf 'S\\n'; find \"$r\" -type f -name " + pattern + " -exec stat -c " + STAT_FORMAT
                + " {} +\n"
                + "  fi\n"
                + "}\n"
                + "if [ -n \"$prev\" ] && command -v sha256sum >/dev/null 2>&1; then\n"
                + "  [ \"$(list 2>/dev/null | sha256sum | cut -c1-64)\" = \"$prev\" ] && { printf '=\\n'; exit 0; }\n"
                + "fi\n"
                + "if command -v gzip >/dev/null 2>&1; then list | gzip -1 -c; else list; fi\n";
    }

    /** A listing as it arrived, gunzipped where it came compressed. */
    static byte[] decompressed(byte[] output) throws HostException {
        if (output.length < 2 || (output[0] & 0xff) != 0x1f || (output[1] & 0xff) != 0x8b) {
            return output;
        }
        try (InputStream in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(output))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new HostException(HostException.Kind.OTHER, "A file listing arrived damaged: " + e.getMessage(), e);
        }
    }

    private static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java runtime has no SHA-256", e);
        }
    }

    /** The last listing of a root on this connection, and the SHA-256 of its text. */
    private record Listing(String sha256, List<FileStat> files) {
    }

    private List<FileStat> runListing(String action, String script) throws HostException {
        Result raw = run(action, timeouts.operation(), true, (s, abort) -> execOn(s, script, abort));
        List<FileStat> files = parseListing(raw.stdout);
        String errors = new String(raw.stderr, StandardCharsets.UTF_8).strip();
        if (raw.status != 0 && files.isEmpty() && !errors.isEmpty()) {
            HostException.Kind kind = errors.contains("Permission denied") ? HostException.Kind.PERMISSION
                    : HostException.Kind.OTHER;
            throw new HostException(kind, capitalised(action) + " on " + id + " failed: " + firstLine(errors));
        }
        if (!errors.isEmpty()) {
            LOG.warn("{} on {}: {}", capitalised(action), id, firstLine(errors));
        }
        return files;
    }

    static List<FileStat> parseListing(byte[] output) {
        String text = new String(output, StandardCharsets.UTF_8);
        if (text.length() < 2) {
            return List.of();
        }
        boolean printf = text.charAt(0) == 'P';
        String body = text.substring(2);
        List<FileStat> files = new ArrayList<>();
        for (String record : body.split(printf ? "\0" : "\n")) {
            String[] fields = record.split("/", 4);
            if (fields.length < 4 || fields[3].isEmpty()) {
                continue;
            }
            long millis = new BigDecimal(fields[2]).movePointRight(3).longValue();
            files.add(new FileStat("/" + fields[3].replaceFirst("^/", ""), Long.parseLong(fields[1]), millis,
                    fields[0]));
        }
        return files;
    }

    private static String escapeFindPattern(String suffix) {
        StringBuilder escaped = new StringBuilder();
        for (char c : suffix.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    /**
     * Reads over SFTP. JSch keeps up to 16 requests of 32 KiB in flight ahead of the reader
     * and discards what is still in flight when a read stream closes, so closing after every
     * range would move up to 512 KiB too much per call. A read that stops before the end of
     * the file therefore keeps its stream open, and the next read that continues where it
     * stopped (the usage engine reads each file front to back) picks up the data already in
     * flight. What crosses the network is then the file from the first offset to its end,
     * plus at most one stream's read-ahead when a reader stops early. A single small read in
     * the middle of a file asks for one request of 32 KiB.
     */
    @Override
    public byte[] read(String path, long offset, int length) throws HostException {
        if (length <= 0) {
            return new byte[0];
        }
        return run("reading " + path, timeouts.operation(), true, (s, abort) -> {
            synchronized (sftpLock) {
                return readContinuing(channel(s, abort), path, offset, length);
            }
        });
    }

    /** Caller holds sftpLock. */
    private byte[] readContinuing(ChannelSftp channel, String path, long offset, int length) throws Exception {
        OpenRead open = openRead;
        openRead = null;
        boolean continuing = open != null && open.continues(channel, path, offset);
        if (!continuing) {
            closeQuietly(open);
            open = startRead(channel, path, offset, length);
        }
        try {
            byte[] data = open.in.readNBytes(length);
            if (data.length == length) {
                open.next = offset + length;
                open.lastUsed = System.nanoTime();
                openRead = open;
                return data;
            }
            closeQuietly(open);
            if (!continuing) {
                return data;
            }
            // the stream met the end of the file when it read ahead: the file may have grown since
            OpenRead fresh = startRead(channel, path, offset + data.length, length - data.length);
            try {
                byte[] rest = fresh.in.readNBytes(length - data.length);
                byte[] all = Arrays.copyOf(data, data.length + rest.length);
                System.arraycopy(rest, 0, all, data.length, rest.length);
                return all;
            } finally {
                closeQuietly(fresh);
            }
        } catch (Exception e) {
            closeQuietly(open);
            throw e;
        }
    }

    private static OpenRead startRead(ChannelSftp channel, String path, long offset, int length)
            throws SftpException, JSchException {
        int requests = (int) Math.min(MAX_BULK_REQUESTS, Math.max(1, ((long) length + SFTP_CHUNK - 1) / SFTP_CHUNK));
        channel.setBulkRequests(requests);
        return new OpenRead(channel, path, offset, channel.get(sftpPath(path), null, offset));
    }

    /** Ends a read left open; what it had in flight is drained. Caller holds sftpLock. */
    private void finishOpenRead() {
        OpenRead open = openRead;
        openRead = null;
        closeQuietly(open);
    }

    private static void closeQuietly(OpenRead open) {
        if (open == null) {
            return;
        }
        try {
            open.in.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Closing an SFTP read failed", e);
        }
    }

    /** An SFTP read stream left open mid-file, with the offset it will deliver next. */
    private static final class OpenRead {

        private static final long REUSE_NANOS = Duration.ofSeconds(2).toNanos();

        final ChannelSftp channel;
        final String path;
        final InputStream in;
        long next;
        long lastUsed = System.nanoTime();

        OpenRead(ChannelSftp channel, String path, long next, InputStream in) {
            this.channel = channel;
            this.path = path;
            this.next = next;
            this.in = in;
        }

        /** Data read ahead more than two seconds ago may be stale; such a stream is not reused. */
        boolean continues(ChannelSftp current, String wantedPath, long offset) {
            return channel == current && current.isConnected() && path.equals(wantedPath) && next == offset
                    && System.nanoTime() - lastUsed < REUSE_NANOS;
        }
    }

    private static byte[] readRange(ChannelSftp channel, String path, long offset, int length)
            throws SftpException, IOException, JSchException {
        OpenRead open = startRead(channel, path, offset, length);
        try {
            return open.in.readNBytes(length);
        } finally {
            closeQuietly(open);
        }
    }

    @Override
    public byte[] readAll(String path, int maxBytes) throws HostException {
        return run("reading " + path, timeouts.operation(), true, (s, abort) -> {
            synchronized (sftpLock) {
                ChannelSftp channel = sftp(s, abort);
                long size = channel.stat(sftpPath(path)).getSize();
                if (size > maxBytes) {
                    throw new HostException(HostException.Kind.OTHER, path + " on " + id + " is " + size
                            + " bytes, more than the " + maxBytes + " this operation reads");
                }
                return readRange(channel, path, 0, (int) size);
            }
        });
    }

    /**
     * Writes to a temporary file beside {@code path} and renames it into place, so that
     * {@code path} holds the old content or the new, never a part. An existing file keeps its
     * permission bits; a new one gets {@code mode}. The temporary file is the owner's alone
     * (0600) while the content goes in. If the connection drops, the temporary file is
     * removed once the connection is back.
     */
    @Override
    public void write(String path, byte[] content, int mode) throws HostException {
        String temp = temporaryBeside(path);
        try {
            run("writing " + path, timeouts.operation(), false, (s, abort) -> {
                synchronized (sftpLock) {
                    ChannelSftp channel = sftp(s, abort);
                    int permissions = existingMode(channel, path).orElse(mode & 07777);
                    // SFTP creates a file with the server's umask: create it empty and make it the
                    // owner's alone before any content goes in, so that the content is never readable
                    // by more users than the target allows
                    channel.put(new ByteArrayInputStream(new byte[0]), sftpPath(temp), ChannelSftp.OVERWRITE);
                    channel.chmod(0600, sftpPath(temp));
                    channel.put(new ByteArrayInputStream(content), sftpPath(temp), ChannelSftp.OVERWRITE);
                    channel.chmod(permissions, sftpPath(temp));
                    renameOver(s, channel, temp, path, abort);
                    return null;
                }
            });
        } catch (HostException e) {
            removeLeftover(temp);
            throw withFolderAdvice(e, "write " + path, path);
        }
    }

    /** A permission failure of a write or a rename, with what Burnwatch needs of the folder. */
    private HostException withFolderAdvice(HostException e, String what, String path) {
        if (e.kind() != HostException.Kind.PERMISSION) {
            return e;
        }
        int slash = path.lastIndexOf('/');
        String folder = slash < 0 ? "." : slash == 0 ? "/" : path.substring(0, slash);
        return new HostException(HostException.Kind.PERMISSION, "Could not " + what + " on " + id
                + ": permission denied for user '" + config.effectiveUser() + "'. "
                + LocalHost.folderAccess(folder, path), e);
    }

    private static Optional<Integer> existingMode(ChannelSftp channel, String path) throws SftpException {
        try {
            SftpATTRS attrs = channel.stat(sftpPath(path));
            return Optional.of(attrs.getPermissions() & 07777);
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static String temporaryBeside(String path) {
        int slash = path.lastIndexOf('/');
        String dir = slash < 0 ? "." : path.substring(0, slash + 1);
        String name = path.substring(slash + 1);
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return dir + "." + name + ".burnwatch-" + HexFormat.of().formatHex(random) + ".tmp";
    }

    private void removeLeftover(String temp) {
        pendingCleanup.add(temp);
        try {
            connected();
            cleanUpLeftovers();
        } catch (HostException e) {
            LOG.warn("The temporary file {} on {} could not be removed yet ({}); it will be once the connection is"
                    + " back", temp, id, e.getMessage());
        }
    }

    private void cleanUpLeftovers() {
        for (String temp : List.copyOf(pendingCleanup)) {
            try {
                delete(temp);
                pendingCleanup.remove(temp);
            } catch (HostException e) {
                LOG.warn("Could not remove the temporary file {} on {}: {}", temp, id, e.getMessage());
                if (!e.kind().isConnection()) {
                    pendingCleanup.remove(temp);
                }
            }
        }
    }

    @Override
    public void rename(String source, String target) throws HostException {
        try {
            run("renaming " + source + " to " + target, timeouts.operation(), false, (s, abort) -> {
                synchronized (sftpLock) {
                    renameOver(s, sftp(s, abort), source, target, abort);
                    return null;
                }
            });
        } catch (HostException e) {
            throw withFolderAdvice(e, "rename " + source + " to " + target, target);
        }
    }

    /** posix-rename over SFTP where the server offers it (atomic, replaces the target); else {@code mv -f}. */
    private void renameOver(Session s, ChannelSftp channel, String source, String target, Abort abort)
            throws Exception {
        if (channel.getExtension("posix-rename@openssh.com") != null) {
            channel.rename(sftpPath(source), sftpPath(target));
            return;
        }
        Result moved = execOn(s, "mv -f -- " + ShellQuote.quote(source) + " " + ShellQuote.quote(target), abort);
        if (moved.status != 0) {
            String error = new String(moved.stderr, StandardCharsets.UTF_8).strip();
            HostException.Kind kind = error.contains("Permission denied") ? HostException.Kind.PERMISSION
                    : HostException.Kind.OTHER;
            throw new HostException(kind, "Could not rename " + source + " to " + target + " on " + id + ": "
                    + firstLine(error));
        }
    }

    @Override
    public void delete(String path) throws HostException {
        run("deleting " + path, timeouts.operation(), true, (s, abort) -> {
            synchronized (sftpLock) {
                try {
                    sftp(s, abort).rm(sftpPath(path));
                } catch (SftpException e) {
                    if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                        throw e;
                    }
                }
                return null;
            }
        });
    }

    @Override
    public CommandResult exec(String command, Duration timeout) throws HostException {
        Result raw = run("running '" + abbreviated(command) + "'", timeout, false,
                (s, abort) -> execOn(s, command, abort));
        CommandResult result = new CommandResult(raw.status, new String(raw.stdout, StandardCharsets.UTF_8),
                new String(raw.stderr, StandardCharsets.UTF_8));
        Sudo.refuseIfPasswordWanted(id, config.effectiveUser(), command, result);
        return result;
    }

    /**
     * Runs {@code command} (wrapped by {@link #stoppable}), draining stdout and stderr at once;
     * the exit status is read after the channel closed. Stopping it (a timeout, a cancel) goes
     * through {@link #stop}.
     */
    private Result execOn(Session s, String command, Abort abort) throws Exception {
        ChannelExec channel;
        try {
            channel = (ChannelExec) s.openChannel("exec");
        } catch (JSchException e) {
            throw new NotStarted(e);
        }
        abort.add(() -> stop(channel));
        try {
            channel.setCommand(stoppable(command));
            // no input stream: JSch then never sends EOF, and the command's wrapper reads the
            // end of its stdin as "the channel closed"; the command itself reads /dev/null
            InputStream stdout = channel.getInputStream();
            InputStream stderr = channel.getErrStream();
            try {
                channel.connect((int) timeouts.connect().toMillis());
            } catch (JSchException e) {
                throw new NotStarted(e);
            }
            Future<byte[]> errors = workers.submit(() -> drain(stderr));
            byte[] out = drain(stdout);
            byte[] err = errors.get();
            while (!channel.isClosed()) {
                if (!s.isConnected()) {
                    throw new HostException(HostException.Kind.DISCONNECTED, "The connection to " + id
                            + " dropped before the command finished");
                }
                Thread.sleep(5);
            }
            if (channel.getExitStatus() == -1 && channel.getExitSignal() == null && !s.isConnected()) {
                // JSch closes every channel when the connection drops: no status came
                throw new HostException(HostException.Kind.DISCONNECTED, "The connection to " + id
                        + " dropped before the command finished");
            }
            return new Result(channel.getExitStatus(), out, err);
        } finally {
            if (!abort.isStopping()) {
                channel.disconnect();
            }
        }
    }

    /**
     * {@code command} in a wrapper that ends it when its channel closes. Without a TTY,
     * OpenSSH's sshd kills nothing when a channel closes: it only closes the command's pipes,
     * so a {@code sleep} or a {@code sudo systemctl restart} whose caller gave up would run on.
     * sshd starts the login shell as the leader of a process group of its own ({@code setsid}),
     * so the wrapper's watcher, which waits for the end of the channel's stdin (JSch never
     * sends one), sends TERM to that group, and KILL two seconds later. This covers a dropped
     * connection and an sshd older than 7.9, which answers no {@code signal} request; the
     * command itself reads {@code /dev/null}. The outer shell survives TERM until the command
     * ended, so that the group keeps its leader for a later KILL. Where stdin is not a pipe or
     * socket (not a channel), no watcher runs.
     */
    static String stoppable(String command) {
        return "trap : TERM\n"
                + "exec 3<&0 </dev/null\n"
                + "if [ -p /dev/fd/3 ] || [ -S /dev/fd/3 ]; then\n"
                + "  { trap '' TERM; while read -r _ <&3; do :; done; kill -TERM -$$; sleep 2; kill -KILL -$$; }"
                + " >/dev/null 2>&1 &\n"
                + "  __bw_watch=$!\n"
                + "fi\n"
                + "(\n"
                + command + "\n"
                + ") 3<&-\n"
                + "__bw_status=$?\n"
                // PIPE, not TERM (ignored) or KILL (bash would report the watcher's death on stderr)
                + "[ -z \"${__bw_watch:-}\" ] || kill -PIPE \"$__bw_watch\" 2>/dev/null\n"
                + "exit $__bw_status\n";
    }

    /**
     * Stops a command whose caller gave up: TERM to its process group through the channel's
     * {@code signal} request (OpenSSH's sshd answers it since 7.9 with {@code killpg} on the
     * login shell's group), KILL if the channel is still open {@link #KILL_GRACE} later, then
     * the channel closes, which makes the command's wrapper stop it too. The caller does not
     * wait for this.
     */
    private void stop(ChannelExec channel) {
        signal(channel, "TERM");
        Runnable rest = () -> {
            try {
                if (!closesWithin(channel, KILL_GRACE)) {
                    signal(channel, "KILL");
                    closesWithin(channel, Duration.ofMillis(500));
                }
            } finally {
                channel.disconnect();
            }
        };
        try {
            workers.submit(rest);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            channel.disconnect();
        }
    }

    private static void signal(ChannelExec channel, String name) {
        if (channel.isClosed() || !channel.isConnected()) {
            return;
        }
        try {
            channel.sendSignal(name);
        } catch (Exception e) {
            LOG.debug("Could not send {} to a command's channel", name, e);
        }
    }

    private static boolean closesWithin(ChannelExec channel, Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        while (!channel.isClosed() && System.nanoTime() < until) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return channel.isClosed();
            }
        }
        return channel.isClosed();
    }

    private static byte[] drain(InputStream stream) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        stream.transferTo(buffer);
        return buffer.toByteArray();
    }

    @Override
    public long bytesReceived() {
        return received.get();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (sftpLock) {
            openRead = null;
            if (sftp != null) {
                sftp.disconnect();
                sftp = null;
            }
        }
        synchronized (connectionLock) {
            SshConnector.disconnectAll(chain);
            chain = List.of();
            session = null;
        }
        workers.shutdownNow();
        report(ConnectionEvent.Type.CLOSED, 0, "Disconnected from " + id + " (" + received.get()
                + " bytes received)");
    }

    /** The SFTP channel for anything but a continuing read: an open read ends first. Caller holds sftpLock. */
    private ChannelSftp sftp(Session s, Abort abort) throws NotStarted, JSchException {
        finishOpenRead();
        return channel(s, abort);
    }

    /** The SFTP channel, opened on first use and again after a reconnect. Caller holds sftpLock. */
    private ChannelSftp channel(Session s, Abort abort) throws NotStarted, JSchException {
        if (sftp == null || !sftp.isConnected() || sftp.getSession() != s) {
            if (sftp != null) {
                sftp.disconnect();
            }
            try {
                ChannelSftp channel = (ChannelSftp) s.openChannel("sftp");
                channel.connect((int) timeouts.connect().toMillis());
                sftp = channel;
            } catch (JSchException e) {
                throw new NotStarted(e);
            }
        }
        ChannelSftp current = sftp;
        abort.add(current::disconnect);
        return current;
    }

    /** JSch reads {@code *}, {@code ?} and {@code \} in SFTP paths as a glob: escape them. */
    static String sftpPath(String path) {
        StringBuilder escaped = new StringBuilder(path.length() + 8);
        for (char c : path.toCharArray()) {
            if (c == '*' || c == '?' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    /** The target's session, re-established with backoff when it dropped. */
    private Session connected() throws HostException {
        synchronized (connectionLock) {
            if (closed) {
                throw new HostException(HostException.Kind.OTHER, "The connection to " + id + " was closed");
            }
            if (session != null && session.isConnected()) {
                return session;
            }
            report(ConnectionEvent.Type.DROPPED, 0, "The connection to " + id + " dropped");
            SshConnector.disconnectAll(chain);
            HostException last = null;
            Duration backoff = timeouts.firstBackoff();
            for (int attempt = 1; attempt <= timeouts.reconnectAttempts(); attempt++) {
                report(ConnectionEvent.Type.RECONNECTING, attempt, "Reconnecting to " + id + " in "
                        + backoff.toMillis() + " ms (attempt " + attempt + " of " + timeouts.reconnectAttempts() + ")");
                sleep(backoff);
                try {
                    chain = connector.connect();
                    session = chain.get(chain.size() - 1);
                    report(ConnectionEvent.Type.RECONNECTED, attempt, "Reconnected to " + id);
                    return session;
                } catch (HostException e) {
                    if (!e.kind().isConnection() || e.kind() == HostException.Kind.AUTHENTICATION
                            || e.kind() == HostException.Kind.HOST_KEY_CHANGED
                            || e.kind() == HostException.Kind.HOST_KEY_UNKNOWN) {
                        throw e;
                    }
                    last = e;
                }
                backoff = backoff.multipliedBy(2);
            }
            report(ConnectionEvent.Type.GAVE_UP, 0, "Gave up reconnecting to " + id);
            throw new HostException(HostException.Kind.DISCONNECTED, "The connection to " + id
                    + " dropped and could not be re-established after " + timeouts.reconnectAttempts()
                    + " attempts: " + (last == null ? "" : last.getMessage()), last);
        }
    }

    private static void sleep(Duration wait) throws HostException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException(HostException.Kind.CANCELLED, "Reconnecting was cancelled", e);
        }
    }

    private void report(ConnectionEvent.Type type, int attempt, String message) {
        if (type == ConnectionEvent.Type.DROPPED || type == ConnectionEvent.Type.GAVE_UP) {
            LOG.warn(message);
        } else {
            LOG.info(message);
        }
        ConnectionEvent event = new ConnectionEvent(id, type, attempt, message);
        for (Consumer<ConnectionEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("A connection listener failed", e);
            }
        }
        if (type == ConnectionEvent.Type.RECONNECTED && !pendingCleanup.isEmpty()) {
            workers.submit(this::cleanUpLeftovers);
        }
    }

    /**
     * Runs one operation on a worker thread against the connected session, within
     * {@code deadline}. A timeout or an interrupt stops the operation: a command is signalled
     * and ended on the host with every process of its group ({@link #stop}); SFTP channels
     * are closed.
     */
    private <T> T run(String action, Duration deadline, boolean retryAfterDrop, Operation<T> operation)
            throws HostException {
        for (int attempt = 1; ; attempt++) {
            Session current = connected();
            Abort abort = new Abort();
            Future<T> future = workers.submit(() -> operation.run(current, abort));
            try {
                return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                abort.run();
                future.cancel(true);
                throw new HostException(HostException.Kind.TIMEOUT, capitalised(action) + " on " + id
                        + " did not finish within " + seconds(deadline) + " and was stopped", e);
            } catch (InterruptedException e) {
                abort.run();
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw new HostException(HostException.Kind.CANCELLED, capitalised(action) + " on " + id
                        + " was cancelled", e);
            } catch (ExecutionException e) {
                boolean started = !(e.getCause() instanceof NotStarted);
                Throwable cause = started ? e.getCause() : e.getCause().getCause();
                HostException failure = failure(action, cause, current);
                if (failure.kind() == HostException.Kind.DISCONNECTED && (retryAfterDrop || !started)
                        && attempt == 1) {
                    LOG.warn("{} on {} was cut off by a dropped connection; trying again", capitalised(action), id);
                    continue;
                }
                throw failure;
            }
        }
    }

    private HostException failure(String action, Throwable cause, Session current) {
        if (cause instanceof HostException) {
            return (HostException) cause;
        }
        if (cause instanceof SftpException) {
            SftpException sftpFailure = (SftpException) cause;
            if (sftpFailure.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return new HostException(HostException.Kind.NOT_FOUND, "Could not finish " + action + " on " + id
                        + ": no such file or folder", cause);
            }
            if (sftpFailure.id == ChannelSftp.SSH_FX_PERMISSION_DENIED) {
                return new HostException(HostException.Kind.PERMISSION, "Could not finish " + action + " on " + id
                        + ": permission denied for user '" + config.effectiveUser() + "'. Check the file's owner"
                        + " and mode on the host.", cause);
            }
        }
        if (droppedWithin(current, Duration.ofSeconds(1))) {
            return new HostException(HostException.Kind.DISCONNECTED, "The connection to " + id + " dropped while "
                    + action, cause);
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new HostException(HostException.Kind.OTHER, "Could not finish " + action + " on " + id + ": "
                + message, cause);
    }

    /** A failed operation may be the first to notice a drop: give JSch's reader a moment to see it too. */
    private static boolean droppedWithin(Session current, Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < until) {
            if (!current.isConnected()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !current.isConnected();
    }

    private static String capitalised(String action) {
        return action.isEmpty() ? action : action.substring(0, 1).toUpperCase(Locale.ROOT) + action.substring(1);
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static String abbreviated(String command) {
        String oneLine = command.replace('\n', ' ');
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** A channel could not be opened: nothing reached the host, so even a command may be tried again. */
    private static final class NotStarted extends Exception {

        private static final long serialVersionUID = 1L;

        NotStarted(JSchException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** One operation against a connected session. */
    @FunctionalInterface
    private interface Operation<T> {
        T run(Session session, Abort abort) throws Exception;
    }

    /** What an operation opened, stopped when it runs out of time or is cancelled. */
    private static final class Abort {

        private final List<Runnable> actions = new CopyOnWriteArrayList<>();
        private volatile boolean stopping;

        void add(Runnable action) {
            actions.add(action);
        }

        /** True once {@link #run} began: the channels are then the stopper's to close. */
        boolean isStopping() {
            return stopping;
        }

        void run() {
            stopping = true;
            for (Runnable action : actions) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.debug("Closing a channel after a timeout failed", e);
                }
            }
        }
    }

    /** A command's raw outcome. */
    private record Result(int status, byte[] stdout, byte[] stderr) {
    }
}
