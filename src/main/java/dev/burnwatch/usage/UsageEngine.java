package dev.burnwatch.usage;

import dev.burnwatch.host.FileListing;
import dev.burnwatch.host.FileStat;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostException;
import dev.burnwatch.host.LocalHost;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the API calls of Claude Code transcripts from any number of sources, counting them as
 * the fixtures' rules say: assistant lines with usage, {@code <synthetic>} ignored, one
 * response counted once across all files (largest snapshot kept), sidechain replays of
 * main-thread responses not counted.
 *
 * <p>With an index file, a read is incremental: an unchanged transcript is not read at all,
 * an appended one only from where the last read stopped, and a shrunk or replaced one from
 * the start; deleted ones drop out. Every byte comes through {@link Host#read} (this machine's
 * files through a file channel), so SSH hosts move only what changed.
 *
 * <p>Blocking; call it off the JavaFX thread. Interrupting the calling thread cancels the read
 * ({@link HostException.Kind#CANCELLED}).
 *
 * <pre>{@code
 * UsageEngine engine = new UsageEngine(AppDirs.fromEnvironment().indexFile());
 * UsageSnapshot snapshot = engine.read(TranscriptSource.defaults(host, System.getenv()));
 * List<SessionSummary> sessions = Aggregates.sessions(snapshot, PriceTable.bundled());
 * }</pre>
 */
public final class UsageEngine {

    private static final Logger LOG = LoggerFactory.getLogger(UsageEngine.class);
    private static final int LOCAL_WORKERS = 2;
    private static final String SUFFIX = ".jsonl";

    private final Path indexFile;

    /** @param indexFile the SQLite index to keep, or null to read everything every time */
    public UsageEngine(Path indexFile) {
        this.indexFile = indexFile;
    }

    /** One transcript to look at, with what the index knew of it and what to read now. */
    private static final class Planned {
        final Host host;
        final FileStat stat;
        final UsageIndex.FileRecord known;
        long from;
        boolean reuseKnown;
        TranscriptReader.Result result;
        boolean vanished;
        String unreadable;
        UsageIndex.FileRecord record;
        boolean changed;

        Planned(Host host, FileStat stat, UsageIndex.FileRecord known) {
            this.host = host;
            this.stat = stat;
            this.known = known;
        }

        long bytesToRead() {
            return reuseKnown && from >= stat.size() ? 0 : stat.size() - from;
        }
    }

    /** Reads every transcript of these sources and returns the deduplicated API calls. */
    public UsageSnapshot read(List<TranscriptSource> sources) throws HostException {
        UsageIndex index = openIndex();
        try {
            List<Planned> plan = new ArrayList<>();
            Map<String, Set<String>> deletedByHost = new LinkedHashMap<>();
            long started = System.nanoTime();
            List<UnreadableFile> unreadableFolders = new ArrayList<>();
            plan(sources, index, plan, deletedByHost, unreadableFolders);
            long planned = System.nanoTime();
            readAll(plan);
            long read = System.nanoTime();
            long bytesRead = 0;
            for (Planned file : plan) {
                bytesRead += file.result == null ? 0 : file.result.bytesRead;
            }
            records(plan);
            save(index, plan, deletedByHost);
            long saved = System.nanoTime();
            UsageSnapshot snapshot = merge(plan, bytesRead, unreadableFolders);
            LOG.debug("{} transcripts: listed in {} ms, {} bytes read in {} ms, index updated in {} ms,"
                    + " {} API calls merged in {} ms", plan.size(), millis(started, planned), bytesRead,
                    millis(planned, read), millis(read, saved), snapshot.calls().size(),
                    millis(saved, System.nanoTime()));
            return snapshot;
        } finally {
            if (index != null) {
                index.close();
            }
        }
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private UsageIndex openIndex() {
        if (indexFile == null) {
            return null;
        }
        try {
            return UsageIndex.open(indexFile);
        } catch (SQLException | IOException e) {
            LOG.warn("The usage index {} cannot be used ({}); reading every transcript in full", indexFile,
                    e.getMessage());
            return null;
        }
    }

    private void plan(List<TranscriptSource> sources, UsageIndex index, List<Planned> plan,
                      Map<String, Set<String>> deletedByHost, List<UnreadableFile> folders) throws HostException {
        Set<String> seen = new HashSet<>();
        for (TranscriptSource source : sources) {
            Host host = source.host();
            String hostId = host.id();
            String root = source.projectsDir();
            FileListing listing = host.list(root, SUFFIX);
            List<FileStat> files = new ArrayList<>(listing.files());
            Map<String, UsageIndex.FileRecord> known = load(index, hostId, root);
            for (FileListing.UnreadableFolder folder : listing.unreadableFolders()) {
                // Named in the snapshot so that no figure is silently short; what the index
                // already knows of the files in it stays, as it was when they were last read.
                folders.add(new UnreadableFile(hostId, folder.path(), folder.reason()));
                for (UsageIndex.FileRecord record : known.values()) {
                    if (record.path.startsWith(folder.path() + "/")) {
                        files.add(new FileStat(record.path, record.size, record.modifiedMillis, record.identity));
                    }
                }
            }
            files.sort(Comparator.comparing(FileStat::path));
            Set<String> present = new HashSet<>();
            for (FileStat stat : files) {
                present.add(stat.path());
                if (seen.add(hostId + '\u0000' + stat.path())) {
                    Planned file = new Planned(host, stat, known.get(stat.path()));
                    decide(file);
                    plan.add(file);
                }
            }
            for (String path : known.keySet()) {
                if (path.startsWith(root + "/") && !present.contains(path)) {
                    deletedByHost.computeIfAbsent(hostId, id -> new HashSet<>()).add(path);
                }
            }
        }
    }

    private static Map<String, UsageIndex.FileRecord> load(UsageIndex index, String hostId, String root) {
        if (index == null) {
            return Map.of();
        }
        try {
            return index.load(hostId, root);
        } catch (SQLException e) {
            LOG.warn("The usage index could not be read ({}); reading every transcript of {} in full",
                    e.getMessage(), hostId);
            return Map.of();
        }
    }

    /**
     * Unchanged: reuse what the index holds; grown: read on from where the last read stopped;
     * shrunk, replaced or rewritten in place (same size, new time): read again from the start.
     */
    private static void decide(Planned file) {
        UsageIndex.FileRecord known = file.known;
        FileStat stat = file.stat;
        if (known == null) {
            return;
        }
        boolean replaced = !known.identity.isEmpty() && !stat.identity().isEmpty()
                && !known.identity.equals(stat.identity());
        if (replaced || stat.size() < known.size || known.offset > stat.size()) {
            return;
        }
        if (stat.size() == known.size) {
            if (stat.modifiedMillis() == known.modifiedMillis) {
                file.reuseKnown = true;
                file.from = stat.size();
            }
            return;
        }
        file.reuseKnown = true;
        file.from = known.offset;
    }

    private void readAll(List<Planned> plan) throws HostException {
        Map<Host, List<Planned>> byHost = new LinkedHashMap<>();
        for (Planned file : plan) {
            if (file.bytesToRead() > 0 || !file.reuseKnown) {
                byHost.computeIfAbsent(file.host, h -> new ArrayList<>()).add(file);
            }
        }
        for (Map.Entry<Host, List<Planned>> entry : byHost.entrySet()) {
            List<Planned> work = entry.getValue();
            work.sort(Comparator.comparingLong(Planned::bytesToRead).reversed());
            boolean local = entry.getKey() instanceof LocalHost;
            readOnWorkers(entry.getKey(), work, local ? LOCAL_WORKERS : 1, local);
        }
    }

    /** Reads the files, largest first, on a few workers (SSH hosts get one: a session is one channel). */
    private void readOnWorkers(Host host, List<Planned> work, int workers, boolean local) throws HostException {
        AtomicInteger next = new AtomicInteger();
        int threads = Math.min(workers, work.size());
        if (threads <= 1) {
            readQueue(host, work, next, local);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "usage-reader");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    readQueue(host, work, next, local);
                    return null;
                }));
            }
            for (Future<Void> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new HostException(HostException.Kind.CANCELLED, "Reading the transcripts was cancelled", e);
        } catch (ExecutionException e) {
            pool.shutdownNow();
            if (e.getCause() instanceof HostException) {
                throw (HostException) e.getCause();
            }
            throw new IllegalStateException("Reading the transcripts failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void readQueue(Host host, List<Planned> work, AtomicInteger next, boolean local)
            throws HostException {
        TranscriptReader reader = new TranscriptReader();
        for (int i = next.getAndIncrement(); i < work.size(); i = next.getAndIncrement()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new HostException(HostException.Kind.CANCELLED, "Reading the transcripts was cancelled");
            }
            Planned file = work.get(i);
            String path = file.stat.path();
            try (ByteSource bytes = local ? ByteSource.local(path) : ByteSource.of(host, path)) {
                file.result = reader.read(bytes, path, file.from, file.stat.size(), sessionOf(path));
            } catch (HostException e) {
                if (e.kind() == HostException.Kind.NOT_FOUND) {
                    file.vanished = true;
                } else if (e.kind() == HostException.Kind.PERMISSION) {
                    // Not gone: the snapshot names it, so that no figure is silently short.
                    LOG.debug("{} on {} is skipped: {}", path, host.id(), e.getMessage());
                    file.vanished = true;
                    file.unreadable = e.getMessage();
                } else {
                    throw e;
                }
            }
        }
    }

    /** The session a line without {@code sessionId} belongs to: the transcript's (or its parent's) name. */
    static String sessionOf(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        String stem = name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
        int subagents = path.lastIndexOf("/subagents/");
        if (subagents > 0) {
            String session = path.substring(0, subagents);
            return session.substring(session.lastIndexOf('/') + 1);
        }
        return stem;
    }

    /** What to keep for each file, merging an appended read with what was known. */
    private static void records(List<Planned> plan) {
        for (Planned file : plan) {
            if (file.vanished) {
                continue;
            }
            FileStat stat = file.stat;
            if (file.result == null) {
                file.record = file.known;
            } else if (file.reuseKnown) {
                file.record = new UsageIndex.FileRecord(stat.path(), stat.size(), stat.modifiedMillis(),
                        stat.identity(), file.result.consumedTo, file.known.malformed + file.result.malformed,
                        mergeWithin(file.known.calls(), file.result.calls));
                file.changed = true;
            } else {
                file.record = new UsageIndex.FileRecord(stat.path(), stat.size(), stat.modifiedMillis(),
                        stat.identity(), file.result.consumedTo, file.result.malformed, file.result.calls);
                file.changed = true;
            }
        }
    }

    private static List<Call> mergeWithin(List<Call> earlier, List<Call> later) {
        if (later.isEmpty()) {
            return earlier;
        }
        List<Call> kept = new ArrayList<>(earlier.size() + later.size());
        LongMap<Integer> positions = new LongMap<>(earlier.size() + later.size());
        for (Call call : earlier) {
            TranscriptReader.keep(kept, positions, call);
        }
        for (Call call : later) {
            TranscriptReader.keep(kept, positions, call);
        }
        return kept;
    }

    private void save(UsageIndex index, List<Planned> plan, Map<String, Set<String>> deletedByHost) {
        if (index == null) {
            return;
        }
        Map<String, List<UsageIndex.FileRecord>> changedByHost = new LinkedHashMap<>();
        for (Planned file : plan) {
            if (file.changed) {
                changedByHost.computeIfAbsent(file.host.id(), id -> new ArrayList<>()).add(file.record);
            }
        }
        Set<String> hosts = new LinkedHashSet<>(changedByHost.keySet());
        hosts.addAll(deletedByHost.keySet());
        try {
            for (String host : hosts) {
                index.save(host, changedByHost.getOrDefault(host, List.of()),
                        deletedByHost.getOrDefault(host, Set.of()));
            }
        } catch (SQLException e) {
            LOG.warn("The usage index {} could not be updated ({}); the next read starts over for the files"
                    + " read now", indexFile, e.getMessage());
        }
    }

    /** All calls of all files, deduplicated across files; sidechain replays of main-thread responses dropped. */
    private static UsageSnapshot merge(List<Planned> plan, long bytesRead, List<UnreadableFile> unreadableFolders) {
        int expected = 0;
        for (Planned file : plan) {
            expected += file.record == null ? 0 : file.record.callCount();
        }
        List<Call> kept = new ArrayList<>(expected);
        List<String> hostOf = new ArrayList<>(expected);
        LongMap<Integer> positions = new LongMap<>(expected);
        long malformed = 0;
        List<UnreadableFile> unreadable = new ArrayList<>(unreadableFolders);
        for (Planned file : plan) {
            if (file.unreadable != null) {
                unreadable.add(new UnreadableFile(file.host.id(), file.stat.path(), file.unreadable));
            }
            if (file.record == null) {
                continue;
            }
            String host = file.host.id();
            malformed += file.record.malformed;
            for (Call call : file.record.calls()) {
                Integer at = call.hasKey() ? positions.get(call.key()) : null;
                if (at == null) {
                    if (call.hasKey()) {
                        positions.put(call.key(), kept.size());
                    }
                    kept.add(call);
                    hostOf.add(host);
                    continue;
                }
                Call earlier = kept.get(at);
                if (call.total() > earlier.total()) {
                    kept.set(at, call.withSidechain(earlier.sidechain && call.sidechain));
                    hostOf.set(at, host);
                } else if (earlier.sidechain && !call.sidechain) {
                    kept.set(at, earlier.withSidechain(false));
                }
            }
        }
        LongMap<Boolean> mainThreadIds = new LongMap<>(kept.size());
        for (Call call : kept) {
            if (!call.sidechain && call.hasKey()) {
                mainThreadIds.put(call.messageHash, Boolean.TRUE);
            }
        }
        List<ApiCall> calls = new ArrayList<>(kept.size());
        for (int i = 0; i < kept.size(); i++) {
            Call call = kept.get(i);
            if (call.sidechain && call.hasKey() && mainThreadIds.contains(call.messageHash)) {
                continue;
            }
            calls.add(call.toApiCall(hostOf.get(i)));
        }
        return new UsageSnapshot(calls, malformed, plan.size(), bytesRead, unreadable);
    }
}
