package dev.burnwatch.host;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import dev.burnwatch.config.AppDirs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which host keys Burnwatch trusts, decided the way OpenSSH decides: a key listed for the
 * host in any known_hosts file is trusted; a host listed only with other keys of that type
 * has a changed key; a host not listed is unknown.
 *
 * <p>The user's {@code ~/.ssh/known_hosts}, or the file that {@code --known-hosts FILE} names
 * instead, is only read; Burnwatch's own file ({@link AppDirs#knownHostsFile()}) is read too,
 * and new trust decisions go there alone, so that no file of the user's is ever rewritten.
 * A write is a read-modify-write under a lock file beside Burnwatch's file (two processes
 * trusting at once both keep their line) and replaces the file atomically; JSch's own
 * {@code KnownHosts.sync} is never used.
 */
public final class TrustStore {

    private static final Logger LOG = LoggerFactory.getLogger(TrustStore.class);
    /** A FileLock guards against other processes only: threads of this one take this monitor first. */
    private static final Map<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

    private final List<Path> readOnly;
    private final Path writable;

    private TrustStore(List<Path> readOnly, Path writable) {
        this.readOnly = List.copyOf(readOnly);
        this.writable = writable;
    }

    /** The user's {@code ~/.ssh/known_hosts} (read only) and Burnwatch's own file. */
    public static TrustStore defaults(AppDirs dirs) {
        Path user = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
        return new TrustStore(List.of(user), dirs.knownHostsFile());
    }

    /**
     * {@code knownHostsFile} (read only, in place of {@code ~/.ssh/known_hosts}) and
     * Burnwatch's own file {@code ownFile}, where trust decisions go: what
     * {@code --known-hosts FILE} asks for.
     */
    public static TrustStore of(Path knownHostsFile, Path ownFile) {
        return new TrustStore(List.of(knownHostsFile), ownFile);
    }

    /** The trust store that {@code options} asks for: its known_hosts file, or the defaults. */
    public static TrustStore forOptions(ConnectOptions options, AppDirs dirs) {
        return options.knownHosts() != null ? of(options.knownHosts(), dirs.knownHostsFile()) : defaults(dirs);
    }

    /** The file new trust decisions are written to. */
    public Path writableFile() {
        return writable;
    }

    /**
     * Records {@code key} as trusted for its host in Burnwatch's own file. The read, the
     * added line and the atomic replacement happen under a lock that other threads and
     * other processes respect, so no concurrent decision is lost; a line already there is
     * not added twice.
     */
    public void trust(ServerHostKey key) throws HostException {
        String line = key.knownHostsLine();
        try {
            Path parent = writable.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path lockFile = parent.resolve(writable.getFileName() + ".lock");
            synchronized (IN_PROCESS.computeIfAbsent(lockFile.normalize(), path -> new Object())) {
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                    String existing = Files.exists(writable) ? Files.readString(writable, StandardCharsets.UTF_8) : "";
                    if (existing.lines().anyMatch(line::equals)) {
                        return;
                    }
                    if (!existing.isEmpty() && !existing.endsWith("\n")) {
                        existing += "\n";
                    }
                    AtomicFiles.write(writable, (existing + line + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            LOG.info("Trusted the {} key {} of {} (recorded in {})", key.type(), key.fingerprint(), key.host(),
                    writable);
        } catch (IOException e) {
            throw new HostException(HostException.Kind.OTHER, "Could not record the host key of " + key.host()
                    + " in " + writable + ": " + e.getMessage(), e);
        }
    }

    /** What the known_hosts files say about {@code key} for its host. */
    public Verdict check(ServerHostKey key) {
        byte[] blob = Base64.getDecoder().decode(key.base64());
        boolean changed = false;
        for (Path file : files()) {
            int result = repositoryOf(read(file)).check(key.host(), blob);
            if (result == HostKeyRepository.OK) {
                return Verdict.TRUSTED;
            }
            changed |= result == HostKeyRepository.CHANGED;
        }
        return changed ? Verdict.CHANGED : Verdict.UNKNOWN;
    }

    /** The trust verdict on one key. */
    public enum Verdict { TRUSTED, UNKNOWN, CHANGED }

    /**
     * Where the key that no longer matches is listed: file and 1-based line number, so that
     * the operator can remove exactly that line.
     */
    public Optional<String> changedEntry(ServerHostKey key) {
        byte[] blob = Base64.getDecoder().decode(key.base64());
        for (Path file : files()) {
            List<String> lines = read(file).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (repositoryOf(line).check(key.host(), blob) == HostKeyRepository.CHANGED) {
                    return Optional.of("line " + (i + 1) + " of " + file);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The keys of other types that the files list for {@code key}'s host, each as
     * {@code type fingerprint (line N of FILE)}: the host offers a type that was never
     * trusted, while a key of another type was (OpenSSH warns about this too).
     */
    public List<String> otherKeys(ServerHostKey key) {
        List<String> found = new ArrayList<>();
        for (Path file : files()) {
            List<String> lines = read(file).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (line.isEmpty() || line.startsWith("#") || line.startsWith("@")) {
                    continue;
                }
                HostKey[] listed = repositoryOf(line).getHostKey(key.host(), null);
                for (HostKey other : listed == null ? new HostKey[0] : listed) {
                    if (!other.getType().equals(key.type())) {
                        found.add(other.getType() + " " + ServerHostKey.fingerprintOf(Base64.getDecoder().decode(
                                other.getKey())) + " (line " + (i + 1) + " of " + file + ")");
                    }
                }
            }
        }
        return found;
    }

    /** All files read, the writable one last. */
    List<Path> files() {
        List<Path> all = new ArrayList<>(readOnly);
        all.add(writable);
        return all;
    }

    /**
     * The JSch view of this store for one connection. An unknown key whose fingerprint equals
     * {@code approvedFingerprint} (from {@code --trust-host-key}) is recorded and accepted.
     */
    HostKeyRepository repository(String approvedFingerprint) {
        return new Repository(approvedFingerprint);
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            LOG.warn("Could not read the known_hosts file {}: {}", file, e.getMessage());
            return "";
        }
    }

    private static HostKeyRepository repositoryOf(String content) {
        JSch parser = new JSch();
        try {
            parser.setKnownHosts(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
        } catch (JSchException e) {
            LOG.warn("Could not parse a known_hosts file: {}", e.getMessage());
        }
        return parser.getHostKeyRepository();
    }

    /** Adapts the store to JSch; JSch calls it while connecting. */
    private final class Repository implements HostKeyRepository {

        private final String approvedFingerprint;

        Repository(String approvedFingerprint) {
            this.approvedFingerprint = approvedFingerprint;
        }

        @Override
        public int check(String host, byte[] blob) {
            ServerHostKey key;
            try {
                HostKey parsed = new HostKey(host, blob);
                key = new ServerHostKey(host, parsed.getType(), parsed.getKey());
            } catch (JSchException e) {
                return NOT_INCLUDED;
            }
            Verdict verdict = TrustStore.this.check(key);
            if (verdict == Verdict.TRUSTED) {
                return OK;
            }
            if (verdict == Verdict.CHANGED) {
                return CHANGED;
            }
            if (approvedFingerprint != null && approvedFingerprint.equals(key.fingerprint())) {
                try {
                    trust(key);
                    return OK;
                } catch (HostException e) {
                    LOG.warn(e.getMessage());
                }
            }
            return NOT_INCLUDED;
        }

        @Override
        public void add(HostKey hostkey, UserInfo ui) {
            // trust decisions go through TrustStore.trust only, never through JSch
        }

        @Override
        public void remove(String host, String type) {
            // known_hosts entries are removed by the operator, never by Burnwatch
        }

        @Override
        public void remove(String host, String type, byte[] key) {
            // known_hosts entries are removed by the operator, never by Burnwatch
        }

        @Override
        public String getKnownHostsRepositoryID() {
            return writable.toString();
        }

        @Override
        public HostKey[] getHostKey() {
            List<HostKey> all = new ArrayList<>();
            for (Path file : files()) {
                all.addAll(List.of(repositoryOf(read(file)).getHostKey()));
            }
            return all.toArray(new HostKey[0]);
        }

        @Override
        public HostKey[] getHostKey(String host, String type) {
            List<HostKey> all = new ArrayList<>();
            for (Path file : files()) {
                HostKey[] keys = repositoryOf(read(file)).getHostKey(host, type);
                if (keys != null) {
                    all.addAll(List.of(keys));
                }
            }
            return all.toArray(new HostKey[0]);
        }
    }
}
