package dev.burnwatch.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnwatch.cli.Cli;
import dev.burnwatch.usage.TranscriptSource;
import dev.burnwatch.usage.UsageEngine;
import dev.burnwatch.usage.UsageSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The usage engine reads a host over SSH exactly as it reads this machine: the same figures
 * from {@code report --source ssh://...} as from a local copy, and a refresh moves only what
 * changed.
 */
class ReportOverSshTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private EmbeddedSshServer server;
    private Path remoteConfig;
    private Path localCopy;

    @BeforeEach
    void placeTheFixtureTranscriptsOnTheHostAndLocally() throws Exception {
        System.setProperty("burnwatch.home", temp.resolve("burnwatch").toString());
        server = EmbeddedSshServer.start(temp.resolve("server"));
        remoteConfig = server.home().resolve(".claude");
        localCopy = temp.resolve("local-copy");
        Path fixtures = Path.of(System.getProperty("burnwatch.fixtures"), "transcripts");
        try (Stream<Path> sets = Files.list(fixtures)) {
            for (Path set : sets.filter(p -> Files.isDirectory(p.resolve("projects"))).toList()) {
                copyTree(set.resolve("projects"), remoteConfig.resolve("projects"));
                copyTree(set.resolve("projects"), localCopy.resolve("projects"));
            }
        }
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        System.clearProperty("burnwatch.home");
    }

    @Test
    void reportOverSshGivesTheSameFiguresAsALocalCopy() throws Exception {
        String source = "ssh://" + server.user() + "@127.0.0.1:" + server.port() + remoteConfig;

        JsonNode remote = report("--source", source, "--identity", server.clientKey().toString(),
                "--known-hosts", server.knownHostsFile().toString());
        JsonNode local = report("--source", localCopy.toString());

        assertThat(remote.get("rows").size()).isGreaterThan(3);
        assertThat(withoutHosts(remote)).isEqualTo(withoutHosts(local));
        assertThat(remote.get("rows").get(0).get("host").asText()).isEqualTo(server.user() + "@127.0.0.1:"
                + server.port());
    }

    @Test
    void aRefreshMovesLittleWhenNothingChangedAndOnlyTheAppendedBytesAfterwards() throws Exception {
        UsageEngine engine = new UsageEngine(temp.resolve("index.sqlite"));
        try (Host host = server.open()) {
            List<TranscriptSource> sources = List.of(new TranscriptSource(host, remoteConfig.toString()));
            long start = host.bytesReceived();
            UsageSnapshot cold = engine.read(sources);
            long coldBytes = host.bytesReceived() - start;

            long beforeWarm = host.bytesReceived();
            UsageSnapshot warm = engine.read(sources);
            long warmBytes = host.bytesReceived() - beforeWarm;

            Path transcript = largestTranscript();
            byte[] appended = lastLineOf(transcript).getBytes(StandardCharsets.UTF_8);
            Files.write(transcript, appended, StandardOpenOption.APPEND);
            long beforeAppended = host.bytesReceived();
            engine.read(sources);
            long appendedBytes = host.bytesReceived() - beforeAppended;

            assertThat(warm.calls()).hasSameSizeAs(cold.calls());
            assertThat(warmBytes).as("bytes for an unchanged refresh").isLessThan(64 * 1024);
            assertThat(appendedBytes).as("bytes after appending %d", appended.length)
                    .isLessThan(appended.length + 8 * 1024L);
            assertThat(coldBytes).isGreaterThan(totalSize());
        }
    }

    private JsonNode report(String... args) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Cli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] all = Stream.concat(Stream.of("report", "--json", "--tz", "UTC"), Stream.of(args))
                .toArray(String[]::new);

        int status = commandLine.execute(all);

        assertThat(status).as(err.toString()).isZero();
        return JSON.readTree(out.toString());
    }

    private static JsonNode withoutHosts(JsonNode report) {
        JsonNode copy = report.deepCopy();
        copy.get("rows").forEach(row -> ((ObjectNode) row).remove("host"));
        return copy;
    }

    private Path largestTranscript() throws IOException {
        try (Stream<Path> files = Files.walk(remoteConfig)) {
            return files.filter(p -> p.toString().endsWith(".jsonl")).max((a, b) -> Long.compare(size(a), size(b)))
                    .orElseThrow();
        }
    }

    private long totalSize() throws IOException {
        try (Stream<Path> files = Files.walk(remoteConfig)) {
            return files.filter(Files::isRegularFile).mapToLong(ReportOverSshTest::size).sum();
        }
    }

    private static String lastLineOf(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return lines.get(lines.size() - 1) + "\n";
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
