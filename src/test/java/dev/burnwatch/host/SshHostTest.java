package dev.burnwatch.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files and commands on a host over SSH, against a real embedded SSH server and this machine's shell. */
class SshHostTest {

    @TempDir
    Path temp;

    private EmbeddedSshServer server;
    private Host host;

    @BeforeEach
    void connect() throws Exception {
        System.setProperty("burnwatch.home", temp.resolve("burnwatch").toString());
        server = EmbeddedSshServer.start(temp.resolve("server"));
        host = server.open();
    }

    @AfterEach
    void disconnect() throws IOException {
        host.close();
        server.close();
        System.clearProperty("burnwatch.home");
    }

    @Test
    void runsACommandAndReturnsItsOutputAndExitStatus() throws Exception {
        CommandResult result = host.exec("echo out; echo err >&2; exit 3", Duration.ofSeconds(10));

        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
        assertThat(result.exitStatus()).isEqualTo(3);
    }

    @Test
    void idIsUserAtAddressAndPort() {
        assertThat(host.id()).isEqualTo("agent@127.0.0.1:" + server.port());
    }

    @Test
    void homeAndClockComeFromTheHost() throws Exception {
        Instant before = Instant.now().minusSeconds(2);

        String home = host.homeDir();
        Instant now = host.now();

        assertThat(home).isEqualTo(server.home().toString());
        assertThat(now).isBetween(before, Instant.now().plusSeconds(2));
    }

    @Test
    void listsMatchingFilesBelowARootInOneCommandWithSizeTimeAndIdentity() throws Exception {
        Path root = Files.createDirectories(server.home().resolve(".claude/projects/-home-agent"));
        Files.writeString(root.resolve("a.jsonl"), "{}\n");
        Files.createDirectories(root.resolve("a/subagents"));
        Files.writeString(root.resolve("a/subagents/agent-1.jsonl"), "{}\n{}\n");
        Files.writeString(root.resolve("notes.txt"), "ignored");
        Files.writeString(root.resolve("odd name 'quoted'.jsonl"), "x");

        List<FileStat> files = host.listFiles(server.home().resolve(".claude/projects").toString(), ".jsonl");

        assertThat(files).extracting(FileStat::path).containsExactlyInAnyOrder(
                root.resolve("a.jsonl").toString(), root.resolve("a/subagents/agent-1.jsonl").toString(),
                root.resolve("odd name 'quoted'.jsonl").toString());
        FileStat local = new LocalHost().stat(root.resolve("a/subagents/agent-1.jsonl").toString()).orElseThrow();
        FileStat remote = files.stream().filter(f -> f.path().endsWith("agent-1.jsonl")).findFirst().orElseThrow();
        assertThat(remote.size()).isEqualTo(6);
        assertThat(remote.identity()).isEqualTo(local.identity());
        assertThat(remote.modifiedMillis()).isEqualTo(local.modifiedMillis());
    }

    @Test
    void whereFindHasNoPrintfTheListingFallsBackToStatWithTheSameFields() throws Exception {
        Path root = Files.createDirectories(server.home().resolve("projects/p"));
        Files.writeString(root.resolve("s1.jsonl"), "{}\n");
        Files.writeString(root.resolve("s 2.jsonl"), "{}\n{}\n");
        Path fakeBin = Files.createDirectories(server.home().resolve("bin"));
        Path find = Files.writeString(fakeBin.resolve("find"), "#!/bin/sh\n"
                + "for a in \"$@\"; do\n"
                + "  [ \"$a\" = -printf ] && { echo 'find: unrecognized: -printf' >&2; exit 1; }\n"
                + "done\n"
                + "exec /usr/bin/find \"$@\"\n");
        Files.setPosixFilePermissions(find, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path noGzip = Files.writeString(fakeBin.resolve("gzip"), "#!/bin/sh\nexec cat\n");
        Files.setPosixFilePermissions(noGzip, PosixFilePermissions.fromString("rwxr-xr-x"));
        String script = SshHost.listingScript(server.home().resolve("projects").toString(), ".jsonl", "");

        CommandResult fallback = host.exec("PATH=" + fakeBin + ":$PATH\n" + script, Duration.ofSeconds(10));

        List<FileStat> viaStat = SshHost.parseListing(fallback.stdout().getBytes(StandardCharsets.UTF_8));
        List<FileStat> viaPrintf = host.listFiles(server.home().resolve("projects").toString(), ".jsonl");
        assertThat(fallback.stdout()).startsWith("S\n");
        assertThat(viaStat).extracting(FileStat::path, FileStat::size, FileStat::identity)
                .containsExactlyInAnyOrderElementsOf(viaPrintf.stream()
                        .map(f -> org.assertj.core.groups.Tuple.tuple(f.path(), f.size(), f.identity())).toList());
        assertThat(viaStat).allSatisfy(f -> assertThat(f.modifiedMillis() / 1000).isEqualTo(viaPrintf.stream()
                .filter(p -> p.path().equals(f.path())).findFirst().orElseThrow().modifiedMillis() / 1000));
    }

    @Test
    void foldersFindCannotEnterAreTakenFromItsComplaintsAndOtherComplaintsAreNot() {
        String stderr = "find: '/home/agent/.claude/projects/-srv-secret': Permission denied\n"
                + "find: '/home/agent/.claude/projects/gone': No such file or directory\n";

        List<FileListing.UnreadableFolder> folders = SshHost.unreadableFolders(stderr);

        assertThat(folders).containsExactly(new FileListing.UnreadableFolder(
                "/home/agent/.claude/projects/-srv-secret", "Permission denied"));
    }

    @Test
    void anUnchangedListingMovesAFewHundredBytesAndAChangeIsSeenAtOnce() throws Exception {
        Path root = Files.createDirectories(server.home().resolve("projects/p"));
        for (int i = 0; i < 500; i++) {
            Files.writeString(root.resolve(java.util.UUID.randomUUID() + ".jsonl"), "{}\n".repeat(i % 7 + 1));
        }
        String projects = server.home().resolve("projects").toString();
        long start = host.bytesReceived();
        List<FileStat> first = host.listFiles(projects, ".jsonl");
        long firstBytes = host.bytesReceived() - start;

        long beforeUnchanged = host.bytesReceived();
        List<FileStat> again = host.listFiles(projects, ".jsonl");
        long unchangedBytes = host.bytesReceived() - beforeUnchanged;
        Path changed = Path.of(first.get(0).path());
        Files.writeString(changed, "more\n", java.nio.file.StandardOpenOption.APPEND);
        List<FileStat> afterChange = host.listFiles(projects, ".jsonl");

        assertThat(again).isEqualTo(first);
        assertThat(unchangedBytes).as("an unchanged listing of 500 files").isLessThan(1024);
        assertThat(firstBytes).as("a compressed listing of 500 files").isLessThan(500 * 60);
        assertThat(afterChange).filteredOn(f -> f.path().equals(changed.toString())).singleElement()
                .satisfies(f -> assertThat(f.size()).isEqualTo(Files.size(changed)));
    }

    @Test
    void aLaterConnectionAlsoGetsTheShortAnswerForAnUnchangedListing() throws Exception {
        Path root = Files.createDirectories(server.home().resolve("projects/p"));
        for (int i = 0; i < 200; i++) {
            Files.writeString(root.resolve("session-" + i + ".jsonl"), "{}\n");
        }
        String projects = server.home().resolve("projects").toString();
        List<FileStat> first = host.listFiles(projects, ".jsonl");

        try (Host later = server.open()) {
            long before = later.bytesReceived();
            List<FileStat> again = later.listFiles(projects, ".jsonl");
            long moved = later.bytesReceived() - before;

            assertThat(again).containsExactlyInAnyOrderElementsOf(first);
            assertThat(moved).as("bytes for an unchanged listing on a new connection").isLessThan(1024);
        }
    }

    @Test
    void listingAMissingRootGivesNoFiles() throws Exception {
        assertThat(host.listFiles(server.home().resolve("nowhere").toString(), ".jsonl")).isEmpty();
    }

    @Test
    void statsAFileOrSaysItIsMissing() throws Exception {
        Path file = Files.writeString(server.home().resolve("f.txt"), "12345");

        FileStat stat = host.stat(file.toString()).orElseThrow();

        assertThat(stat.size()).isEqualTo(5);
        assertThat(stat.identity()).matches("\\d+:\\d+");
        assertThat(host.stat(server.home().resolve("missing").toString())).isEmpty();
    }

    @Test
    void readsOnlyTheRequestedRange() throws Exception {
        byte[] content = randomBytes(4 * 1024 * 1024);
        Path file = Files.write(server.home().resolve("big.bin"), content);
        long before = host.bytesReceived();

        byte[] range = host.read(file.toString(), 2_000_000, 100);

        long moved = host.bytesReceived() - before;
        assertThat(range).isEqualTo(Arrays.copyOfRange(content, 2_000_000, 2_000_100));
        assertThat(moved).as("bytes on the wire for a 100-byte range").isLessThan(40 * 1024);
    }

    @Test
    void readsALargeRangeExactlyAndStopsAtTheEndOfTheFile() throws Exception {
        byte[] content = randomBytes(3 * 1024 * 1024 + 17);
        Path file = Files.write(server.home().resolve("big.bin"), content);

        byte[] middle = host.read(file.toString(), 1000, 2 * 1024 * 1024);
        byte[] tail = host.read(file.toString(), content.length - 10, 1000);
        byte[] beyond = host.read(file.toString(), content.length + 5, 1000);

        assertThat(middle).isEqualTo(Arrays.copyOfRange(content, 1000, 1000 + 2 * 1024 * 1024));
        assertThat(tail).isEqualTo(Arrays.copyOfRange(content, content.length - 10, content.length));
        assertThat(beyond).isEmpty();
    }

    @Test
    void readingAFileFrontToBackInChunksMovesItOnce() throws Exception {
        byte[] content = randomBytes(8 * 1024 * 1024 + 123);
        Path file = Files.write(server.home().resolve("transcript.jsonl"), content);
        java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
        long before = host.bytesReceived();

        for (long offset = 0; ; offset += 1024 * 1024) {
            byte[] chunk = host.read(file.toString(), offset, 1024 * 1024);
            read.write(chunk);
            if (chunk.length < 1024 * 1024) {
                break;
            }
        }

        long moved = host.bytesReceived() - before;
        assertThat(read.toByteArray()).isEqualTo(content);
        assertThat(moved).as("bytes on the wire for %d bytes read in order", content.length)
                .isLessThan(content.length + content.length / 50);
    }

    @Test
    void aReadThatContinuesAfterTheFileGrewSeesTheNewBytes() throws Exception {
        byte[] content = randomBytes(1024 * 1024);
        Path file = Files.write(server.home().resolve("growing.jsonl"), content);
        host.read(file.toString(), 0, content.length);

        Files.write(file, "appended line\n".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
        byte[] tail = host.read(file.toString(), content.length, 1000);

        assertThat(new String(tail, StandardCharsets.UTF_8)).isEqualTo("appended line\n");
    }

    @Test
    void readingAMissingFileSaysNotFound() {
        assertThatThrownBy(() -> host.read(server.home().resolve("missing.jsonl").toString(), 0, 10))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("no such file")
                .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.NOT_FOUND);
    }

    @Test
    void writesANewFileWithTheGivenModeAndLeavesNoTemporaryFile() throws Exception {
        Path file = server.home().resolve("new.sh");

        host.write(file.toString(), "echo hi\n".getBytes(StandardCharsets.UTF_8), 0750);

        assertThat(Files.readString(file)).isEqualTo("echo hi\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rwxr-x---");
        assertThat(namesIn(server.home())).containsExactly("new.sh");
    }

    @Test
    void overwritingKeepsTheExistingModeAndReplacesTheContent() throws Exception {
        Path file = Files.writeString(server.home().resolve("agent_daemon.sh"), "old\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));

        host.write(file.toString(), "new\n".getBytes(StandardCharsets.UTF_8), 0644);

        assertThat(Files.readString(file)).isEqualTo("new\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rwx------");
    }

    @Test
    void theTemporaryFileNeverHoldsContentWithLooserPermissionsThanTheTarget() throws Exception {
        Path file = Files.writeString(server.home().resolve("secret.sh"), "old\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (writing.get()) {
                try (Stream<Path> files = Files.list(server.home())) {
                    files.filter(f -> f.getFileName().toString().endsWith(".tmp")).forEach(f -> {
                        try {
                            if (Files.size(f) > 0) {
                                seen.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
                            }
                        } catch (IOException e) {
                            // renamed away meanwhile
                        }
                    });
                } catch (IOException | java.io.UncheckedIOException e) {
                    // a file vanished while listing
                }
                Thread.onSpinWait();
            }
        });
        watcher.start();

        try {
            host.write(file.toString(), randomBytes(8 * 1024 * 1024), 0644);
        } finally {
            writing.set(false);
            watcher.join();
        }

        assertThat(seen).as("modes of the temporary file while it held content").isNotEmpty()
                .allMatch(mode -> mode.endsWith("------"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aWriteIntoAFolderTheUserMayNotWriteSaysBurnwatchNeedsWriteAccessToTheFolder() throws Exception {
        Path folder = unwritableFolder(temp);
        String target = folder.resolve("agent_daemon.sh").toString();

        assertThatThrownBy(() -> host.write(target, "x".getBytes(StandardCharsets.UTF_8), 0644))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("permission denied for user 'agent'")
                .hasMessageContaining("needs write access to the folder " + folder)
                .hasMessageContaining("temporary file beside " + target)
                .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.PERMISSION);
    }

    @Test
    void renameReplacesTheTargetEvenWithGlobCharactersInTheNames() throws Exception {
        Path source = Files.writeString(server.home().resolve("new *?\\ file"), "new");
        Path target = Files.writeString(server.home().resolve("target [1]*"), "old");
        Files.writeString(server.home().resolve("target [1]x"), "bystander");

        host.rename(source.toString(), target.toString());

        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(source).doesNotExist();
        assertThat(Files.readString(server.home().resolve("target [1]x"))).isEqualTo("bystander");
    }

    @Test
    void deleteRemovesAFileAndIgnoresAMissingOne() throws Exception {
        Path file = Files.writeString(server.home().resolve("gone?"), "x");
        Path sibling = Files.writeString(server.home().resolve("gone1"), "x");

        host.delete(file.toString());
        host.delete(file.toString());

        assertThat(file).doesNotExist();
        assertThat(sibling).exists();
    }

    @Test
    void aCommandPastItsDeadlineIsStoppedAndTheHostStaysUsable() throws Exception {
        long start = System.nanoTime();

        assertThatThrownBy(() -> host.exec("sleep 30", Duration.ofMillis(500)))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("did not finish within 500 ms")
                .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.TIMEOUT);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(host.exec("echo still here", Duration.ofSeconds(10)).stdout()).isEqualTo("still here\n");
    }

    @Test
    void interruptingTheCallingThreadCancelsACommand() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                host.exec("sleep 30", Duration.ofSeconds(60));
            } catch (HostException e) {
                failure.set(e);
            }
        });
        caller.start();
        Thread.sleep(500);

        caller.interrupt();
        caller.join(5000);

        assertThat(caller.isAlive()).isFalse();
        assertThat(failure.get()).isInstanceOf(HostException.class);
        assertThat(((HostException) failure.get()).kind()).isEqualTo(HostException.Kind.CANCELLED);
    }

    @Test
    void aCommandPastItsDeadlineEndsOnTheHostAtOnceWithEveryProcessItStarted() throws Exception {
        assertThatThrownBy(() -> host.exec(recordingPids("sleep 300"), Duration.ofMillis(1500)))
                .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.TIMEOUT);

        // the signal ends it; the channel closes only after it ended or after 2 s
        assertAllEnd(startedPids(2), Duration.ofMillis(1500));
    }

    @Test
    void aCancelledCommandEndsOnTheHostWithEveryProcessItStarted() throws Exception {
        Thread caller = new Thread(() -> {
            try {
                host.exec(recordingPids("sleep 300"), Duration.ofSeconds(60));
            } catch (HostException e) {
                // expected: cancelled
            }
        });
        caller.start();
        List<Long> pids = startedPids(2);

        caller.interrupt();
        caller.join(5000);

        assertThat(caller.isAlive()).isFalse();
        assertAllEnd(pids, Duration.ofSeconds(5));
    }

    @Test
    void aStoppedCommandThatIgnoresTermIsKilled() throws Exception {
        assertThatThrownBy(() -> host.exec("trap '' TERM; " + recordingPids("sleep 300"), Duration.ofMillis(1500)))
                .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.TIMEOUT);

        assertAllEnd(startedPids(2), Duration.ofSeconds(8));
    }

    @Test
    void onAServerThatAnswersNoSignalTheClosedChannelStillEndsTheCommand() throws Exception {
        server.ignoreSignals();

        assertThatThrownBy(() -> host.exec(recordingPids("sleep 300"), Duration.ofMillis(1500)))
                .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.TIMEOUT);

        assertAllEnd(startedPids(2), Duration.ofSeconds(8));
    }

    @Test
    void aDroppedConnectionEndsTheCommandItWasRunning() throws Exception {
        CompletableFuture<Throwable> running = CompletableFuture.supplyAsync(() -> {
            try {
                host.exec(recordingPids("sleep 300"), Duration.ofSeconds(60));
                return null;
            } catch (HostException e) {
                return e;
            }
        });
        List<Long> pids = startedPids(2);

        server.dropConnections();

        assertThat(running.get(20, TimeUnit.SECONDS)).isInstanceOf(HostException.class);
        assertAllEnd(pids, Duration.ofSeconds(8));
    }

    @Test
    void theWrapperKeepsTheCommandsOutputStatusAndEmptyStdin() throws Exception {
        CommandResult result = host.exec("read line || echo no-input; echo out; echo err >&2; exit 5",
                Duration.ofSeconds(10));

        assertThat(result.stdout()).isEqualTo("no-input\nout\n");
        assertThat(result.stderr()).isEqualTo("err\n");
        assertThat(result.exitStatus()).isEqualTo(5);
    }

    /** {@code command} after writing the shell's pid, then the pid of {@code command} run in the background. */
    private static String recordingPids(String command) {
        return "echo $$ >> pids; " + command + " & echo $! >> pids; wait";
    }

    private List<Long> startedPids(int count) throws Exception {
        Path file = server.home().resolve("pids");
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until) {
            if (Files.exists(file)) {
                List<Long> pids = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(Long::valueOf)
                        .toList();
                if (pids.size() >= count) {
                    return pids;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("The command did not record " + count + " process ids in " + file);
    }

    private static void assertAllEnd(List<Long> pids, Duration within) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < until && pids.stream().anyMatch(SshHostTest::alive)) {
            Thread.sleep(50);
        }
        assertThat(pids).as("processes still running on the host %s after %s", pids, within)
                .noneMatch(SshHostTest::alive);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void largeOutputOnBothStreamsIsReadCompletely() throws Exception {
        String command = "head -c 8000000 /dev/zero | tr '\\0' a; head -c 6000000 /dev/zero | tr '\\0' b >&2";

        CommandResult result = host.exec(command, Duration.ofSeconds(60));

        assertThat(result.stdout()).hasSize(8_000_000);
        assertThat(result.stderr()).hasSize(6_000_000);
        assertThat(result.stdout().chars().allMatch(c -> c == 'a')).isTrue();
    }

    @Test
    void aCommandReadingStdinSeesItsEnd() throws Exception {
        CommandResult result = host.exec("cat; echo done", Duration.ofSeconds(10));

        assertThat(result.stdout()).isEqualTo("done\n");
    }

    @Test
    void sudoWantingAPasswordIsAPermissionErrorThatNamesTheFix() throws Exception {
        Path bin = Files.createDirectories(server.home().resolve("bin"));
        Path sudo = Files.writeString(bin.resolve("sudo"),
                "#!/bin/sh\necho 'sudo: a password is required' >&2\nexit 1\n");
        Files.setPosixFilePermissions(sudo, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatThrownBy(() -> host.exec("PATH=" + bin + ":$PATH sudo -n systemctl restart agent-daemon",
                Duration.ofSeconds(10)))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("sudo -n")
                .hasMessageContaining("NOPASSWD")
                .extracting(e -> ((HostException) e).kind()).isEqualTo(HostException.Kind.PERMISSION);
    }

    @Test
    void operationsFromSeveralThreadsDoNotMixUp() throws Exception {
        byte[] content = randomBytes(300_000);
        Path file = Files.write(server.home().resolve("shared.bin"), content);
        List<CompletableFuture<byte[]>> reads = Stream.iterate(0, i -> i + 1).limit(8)
                .map(i -> CompletableFuture.supplyAsync(() -> {
                    try {
                        return host.read(file.toString(), i * 30_000L, 30_000);
                    } catch (HostException e) {
                        throw new IllegalStateException(e);
                    }
                })).toList();

        for (int i = 0; i < reads.size(); i++) {
            assertThat(reads.get(i).get(30, TimeUnit.SECONDS))
                    .isEqualTo(Arrays.copyOfRange(content, i * 30_000, i * 30_000 + 30_000));
        }
    }

    /**
     * A folder in which this process may not create files: a read-only folder of its own,
     * or where it runs as root (who may write anywhere else), /sys/kernel.
     */
    static Path unwritableFolder(Path temp) throws IOException {
        if ("root".equals(System.getProperty("user.name"))) {
            return Path.of("/sys/kernel");
        }
        Path folder = Files.createDirectories(temp.resolve("read-only"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        return folder;
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    static List<String> namesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("bin")).sorted().toList();
        }
    }
}
