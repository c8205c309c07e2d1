package dev.burnwatch.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trust decisions from several writers at once: none is lost. */
class TrustStoreTest {

    private static final int KEYS = 40;
    private static final String BLOB = "AAAAC3NzaC1lZDI1NTE5AAAAIHcVRsdXE5nJsLpr2/mvcqTrRSfAsbmvBWBV+Tgs7nQS";

    @TempDir
    Path temp;

    @Test
    void twoStoresTrustingAtOnceInOneProcessKeepEveryLine() throws Exception {
        Path own = temp.resolve("burnwatch").resolve("known_hosts");
        CountDownLatch go = new CountDownLatch(1);

        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (String writer : List.of("a", "b")) {
            TrustStore store = TrustStore.of(temp.resolve("user_known_hosts"), own);
            writers.add(CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                    trustKeys(store, writer);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, runnable -> new Thread(runnable).start()));
        }
        go.countDown();
        for (CompletableFuture<Void> writer : writers) {
            writer.get(60, TimeUnit.SECONDS);
        }

        assertThat(Files.readAllLines(own)).hasSize(2 * KEYS).containsAll(expectedLines("a")).containsAll(
                expectedLines("b"));
    }

    @Test
    void twoProcessesTrustingAtOnceKeepEveryLine() throws Exception {
        Path own = temp.resolve("burnwatch").resolve("known_hosts");
        Path start = temp.resolve("start");

        List<Process> processes = new ArrayList<>();
        for (String writer : List.of("a", "b")) {
            processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Writer.class.getName(), own.toString(), writer,
                    start.toString()).inheritIO().start());
        }
        for (String writer : List.of("a", "b")) {
            Path ready = temp.resolve("ready-" + writer);
            for (int i = 0; i < 3000 && !Files.exists(ready); i++) {
                Thread.sleep(10);
            }
        }
        Files.writeString(start, "go");
        for (Process process : processes) {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
        }

        assertThat(Files.readAllLines(own)).hasSize(2 * KEYS).containsAll(expectedLines("a")).containsAll(
                expectedLines("b"));
    }

    @Test
    void aKeyTrustedTwiceIsRecordedOnce() throws Exception {
        Path own = temp.resolve("known_hosts");
        TrustStore store = TrustStore.of(temp.resolve("user_known_hosts"), own);
        ServerHostKey key = new ServerHostKey("[127.0.0.1]:2222", "ssh-ed25519", BLOB);

        store.trust(key);
        store.trust(key);

        assertThat(Files.readAllLines(own)).containsExactly(key.knownHostsLine());
    }

    private static void trustKeys(TrustStore store, String writer) throws HostException {
        for (int i = 0; i < KEYS; i++) {
            store.trust(new ServerHostKey("host-" + writer + "-" + i, "ssh-ed25519", BLOB));
        }
    }

    private static List<String> expectedLines(String writer) {
        return IntStream.range(0, KEYS).mapToObj(i -> "host-" + writer + "-" + i + " ssh-ed25519 " + BLOB).toList();
    }

    /** A second process: waits for the start file, then trusts its keys in the given file. */
    public static final class Writer {

        public static void main(String[] args) throws Exception {
            Path own = Path.of(args[0]);
            Path start = Path.of(args[2]);
            // load the classes first, so that both processes write at the same time
            Path scratch = Files.createTempDirectory("trust-warm-up");
            TrustStore.of(scratch.resolve("user"), scratch.resolve("own")).trust(new ServerHostKey("warm-up",
                    "ssh-ed25519", BLOB));
            Files.writeString(start.resolveSibling("ready-" + args[1]), "ready");
            while (!Files.exists(start)) {
                Thread.sleep(5);
            }
            trustKeys(TrustStore.of(own.resolveSibling("user_known_hosts"), own), args[1]);
        }
    }
}
