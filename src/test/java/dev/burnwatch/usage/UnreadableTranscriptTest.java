package dev.burnwatch.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.host.ForwardingHost;
import dev.burnwatch.host.HostException;
import dev.burnwatch.host.LocalHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transcript the host refuses to hand over is not one that is gone: the snapshot names it,
 * so that a report can say its figures are short (the real permission denied over a whole
 * process is in the CLI's WholeProcessTest).
 */
class UnreadableTranscriptTest {

    @TempDir
    Path temp;

    @Test
    void aTranscriptThatCannotBeReadIsNamedAndTheOthersAreCounted() throws Exception {
        Path config = copy("basic");
        String locked = firstTranscript(config);
        ForwardingHost host = new ForwardingHost(new LocalHost()) {
            @Override
            public String id() {
                return "agent@10.0.0.5:22";
            }

            @Override
            public byte[] read(String path, long offset, int length) throws HostException {
                if (path.equals(locked)) {
                    throw new HostException(HostException.Kind.PERMISSION, "Could not read " + path
                            + ": permission denied");
                }
                return super.read(path, offset, length);
            }
        };

        UsageSnapshot snapshot = new UsageEngine(temp.resolve("index.sqlite"))
                .read(List.of(new TranscriptSource(host, config.toString())));

        assertThat(snapshot.unreadableFiles()).containsExactly(new UnreadableFile("agent@10.0.0.5:22", locked,
                "Could not read " + locked + ": permission denied"));
        assertThat(snapshot.calls()).isNotEmpty().hasSizeLessThan(5);
        assertThat(snapshot.filter(call -> true).unreadableFiles()).hasSize(1);
    }

    @Test
    void whenEveryTranscriptIsReadNoneIsNamed() throws Exception {
        Path config = copy("basic");

        UsageSnapshot snapshot = new UsageEngine(null).read(List.of(new TranscriptSource(new LocalHost(),
                config.toString())));

        assertThat(snapshot.unreadableFiles()).isEmpty();
        assertThat(snapshot.calls()).hasSize(5);
    }

    private Path copy(String fixture) throws IOException {
        Path source = Path.of(System.getProperty("burnwatch.fixtures"), "transcripts", fixture);
        Path target = temp.resolve(fixture);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.sorted().toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        return target;
    }

    private static String firstTranscript(Path config) throws IOException {
        try (Stream<Path> files = Files.walk(config.resolve("projects"))) {
            return files.filter(file -> file.toString().endsWith(".jsonl")).sorted().findFirst().orElseThrow()
                    .toString();
        }
    }
}
