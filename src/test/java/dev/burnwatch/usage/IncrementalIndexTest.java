package dev.burnwatch.usage;

import static dev.burnwatch.usage.Lines.assistant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnwatch.host.HostException;
import dev.burnwatch.host.LocalHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite index: only what changed is read again, and it survives crashes and company. */
class IncrementalIndexTest {

    @TempDir
    Path temp;

    private Path config;
    private Path index;
    private Path file;
    private RemoteLookingHost host;

    @BeforeEach
    void transcripts() throws IOException {
        config = temp.resolve("claude");
        index = temp.resolve("data/usage-index.sqlite");
        file = Lines.transcript(config);
        host = new RemoteLookingHost("ubuntu@agent-box:22");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            lines.append(assistant("m" + i, "r" + i, 3, 100 + i)).append('\n');
            lines.append(Lines.user("tool output " + "x".repeat(500))).append('\n');
        }
        Lines.write(file, lines.toString());
    }

    private UsageSnapshot read(Path indexFile) throws HostException {
        return new UsageEngine(indexFile).read(List.of(new TranscriptSource(host, config.toString())));
    }

    private long outputTokens(UsageSnapshot snapshot) {
        return snapshot.calls().stream().mapToLong(call -> call.tokens().output()).sum();
    }

    @Test
    void aSecondReadOfAnUnchangedHostMovesNothing() throws Exception {
        read(index);
        long before = host.bytesReceived();

        UsageSnapshot second = read(index);

        assertThat(host.bytesReceived() - before).isZero();
        assertThat(second.calls()).hasSize(200);
    }

    @Test
    void aSecondReadMovesOnlyTheAppendedBytes() throws Exception {
        UsageSnapshot first = read(index);
        String appended = assistant("m-new", "r-new", 1, 5000) + "\n" + assistant("m5", "r5", 3, 99999) + "\n";
        Lines.append(file, appended);
        long before = host.bytesReceived();

        UsageSnapshot second = read(index);

        assertThat(host.bytesReceived() - before).isEqualTo(appended.getBytes(StandardCharsets.UTF_8).length);
        assertThat(second.calls()).hasSize(201);
        assertThat(outputTokens(second)).isEqualTo(outputTokens(first) + 5000 + 99999 - 105);
        assertThat(second).usingRecursiveComparison().ignoringFields("bytesRead")
                .isEqualTo(read(null));
    }

    @Test
    void aLineBeingWrittenIsReadAgainOnceComplete() throws Exception {
        String line = assistant("m-late", "r-late", 1, 7000);
        Lines.append(file, line.substring(0, 100));
        UsageSnapshot first = read(index);
        Lines.append(file, line.substring(100) + "\n");
        long before = host.bytesReceived();

        UsageSnapshot second = read(index);

        assertThat(first.calls()).hasSize(200);
        assertThat(first.malformedLines()).isZero();
        assertThat(second.calls()).hasSize(201);
        assertThat(host.bytesReceived() - before).isEqualTo(line.length() + 1);
    }

    @Test
    void aShrunkFileIsReadAgainFromTheStart() throws Exception {
        read(index);
        Lines.write(file, assistant("m0", "r0", 3, 100) + "\n");

        UsageSnapshot second = read(index);

        assertThat(second.calls()).hasSize(1);
    }

    @Test
    void aReplacedFileIsReadAgainFromTheStart() throws Exception {
        read(index);
        String content = Files.readString(file);
        Path replacement = file.resolveSibling("replacement.tmp");
        String grown = content.replace("\"output_tokens\":100,", "\"output_tokens\":7,")
                + assistant("m-extra", "r-extra", 1, 1) + "\n";
        Files.writeString(replacement, grown);
        Files.move(replacement, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        UsageSnapshot second = read(index);

        assertThat(second.calls()).hasSize(201);
        assertThat(second).usingRecursiveComparison().ignoringFields("bytesRead").isEqualTo(read(null));
    }

    @Test
    void aFileRewrittenInPlaceWithTheSameSizeIsReadAgain() throws Exception {
        read(index);
        String content = Files.readString(file).replace("\"output_tokens\":100,", "\"output_tokens\":777,");
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));

        UsageSnapshot second = read(index);

        assertThat(second.calls()).anyMatch(call -> call.tokens().output() == 777);
    }

    @Test
    void aDeletedFileDropsOut() throws Exception {
        Path other = file.resolveSibling("22222222-aaaa-4bbb-8ccc-000000000002.jsonl");
        Lines.write(other, assistant("o1", "ro1", 1, 1) + "\n");
        assertThat(read(index).calls()).hasSize(201);
        Files.delete(other);

        assertThat(read(index).calls()).hasSize(200);
    }

    @Test
    void withoutAnIndexEverythingIsReadEveryTime() throws Exception {
        read(null);
        long before = host.bytesReceived();

        read(null);

        assertThat(host.bytesReceived() - before).isEqualTo(Files.size(file));
        assertThat(index).doesNotExist();
    }

    @Test
    void aDamagedIndexIsSetAsideAndRebuilt() throws Exception {
        Files.createDirectories(index.getParent());
        Files.writeString(index, "this is not a database, it was cut short by a crash".repeat(200));

        UsageSnapshot snapshot = read(index);

        assertThat(snapshot.calls()).hasSize(200);
        try (var files = Files.list(index.getParent())) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("usage-index.sqlite.corrupt-"));
        }
        long before = host.bytesReceived();
        read(index);
        assertThat(host.bytesReceived() - before).isZero();
    }

    @Test
    void twoEnginesReadingAtOnceBothGetExactFigures() throws Exception {
        UsageSnapshot expected = read(null);
        List<Path> others = new ArrayList<>();
        for (int f = 0; f < 20; f++) {
            Path other = file.resolveSibling("3333333" + f + "-aaaa-4bbb-8ccc-000000000003.jsonl");
            Lines.write(other, assistant("p" + f, "rp" + f, 1, f) + "\n");
            others.add(other);
        }
        UsageSnapshot all = read(null);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                List<Future<UsageSnapshot>> results = new ArrayList<>();
                for (int engine = 0; engine < 2; engine++) {
                    Callable<UsageSnapshot> task = () -> new UsageEngine(index)
                            .read(List.of(new TranscriptSource(new LocalHost(), config.toString())));
                    results.add(pool.submit(task));
                }
                for (Future<UsageSnapshot> result : results) {
                    assertThat(result.get(60, TimeUnit.SECONDS).calls()).hasSameSizeAs(all.calls());
                }
                Lines.append(others.get(round), assistant("q" + round, "rq" + round, 1, 1) + "\n");
                all = read(null);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(expected.calls()).hasSize(200);
        assertThat(read(index)).usingRecursiveComparison().ignoringFields("bytesRead").isEqualTo(all);
    }

    @Test
    void interruptingTheReadingThreadCancelsTheRead() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            Thread.currentThread().interrupt();
            try {
                new UsageEngine(null).read(List.of(new TranscriptSource(new LocalHost(), config.toString())));
            } catch (Throwable e) {
                failure.set(e);
            }
        });

        reader.start();
        reader.join(30_000);

        assertThat(failure.get()).isInstanceOf(HostException.class);
        assertThat(((HostException) failure.get()).kind()).isEqualTo(HostException.Kind.CANCELLED);
    }

    @Test
    void aSourceWithoutProjectsFolderGivesNoCalls() throws Exception {
        UsageSnapshot snapshot = new UsageEngine(index).read(List.of(new TranscriptSource(host,
                temp.resolve("nowhere").toString())));

        assertThat(snapshot.calls()).isEmpty();
        assertThatThrownBy(() -> new TranscriptSource(null, "x")).isInstanceOf(NullPointerException.class);
    }
}
