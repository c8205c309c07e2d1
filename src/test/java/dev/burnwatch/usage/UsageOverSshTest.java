package dev.burnwatch.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnwatch.host.ConnectOptions;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostConfig;
import dev.burnwatch.host.Hosts;
import dev.burnwatch.host.PassphraseProvider;
import dev.burnwatch.host.ShellQuote;
import dev.burnwatch.host.TestHostFacts;
import dev.burnwatch.pricing.PriceTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine over SSH against the real test host (../shared/testhost/README.md): the fixture's
 * figures come out exactly, a refresh of an unchanged host moves almost nothing, and an
 * appended transcript moves only what was appended. Skipped unless TESTHOST_* is set (failed
 * instead when {@code burnwatch.testhost.required=true}: {@link TestHostFacts}).
 */
@Tag("testhost")
class UsageOverSshTest {

    private static final Path CASES = Path.of(System.getProperty("burnwatch.fixtures", "../shared/fixtures"),
            "transcripts");

    /** The transcript that gets padded, then one more line. */
    private static final String PADDED = "projects/-home-ubuntu-agent/00000004-aaaa-4bbb-8ccc-000000000004.jsonl";
    private static final int PADDING = 256 * 1024;

    @TempDir
    Path temp;

    @Test
    void anSshHostIsReadIncrementallyThroughByteRanges() throws Exception {
        TestHostFacts facts = TestHostFacts.fromEnvironment();
        Path knownHosts = Files.copy(facts.knownHosts(), temp.resolve("known_hosts"));
        ConnectOptions options = new ConnectOptions(facts.key(), knownHosts, null);
        JsonNode expected = new ObjectMapper().readTree(CASES.resolve("subagents/expected.json").toFile()).get("UTC");

        try (Host host = Hosts.open(HostConfig.of("testhost", facts.address(), facts.port(), facts.user()), options,
                PassphraseProvider.NONE)) {
            String dir = "/tmp/burnwatch-usage-" + System.nanoTime();
            try {
                long size = upload(host, CASES.resolve("subagents"), dir);
                UsageEngine engine = new UsageEngine(temp.resolve("index.sqlite"));
                List<TranscriptSource> sources = List.of(new TranscriptSource(host, dir));

                UsageSnapshot first = engine.read(sources);
                long afterFirst = host.bytesReceived();
                UsageSnapshot unchanged = engine.read(sources);
                long afterUnchanged = host.bytesReceived();
                String line = Lines.assistant("ssh-new", "ssh-req", 1, 500) + "\n";
                host.exec("printf '%s' " + ShellQuote.quote(line) + " >> " + ShellQuote.quote(dir + "/" + PADDED),
                        Duration.ofSeconds(10));
                long beforeAppended = host.bytesReceived();
                UsageSnapshot appended = engine.read(sources);
                long appendedWire = host.bytesReceived() - beforeAppended;

                UsageRow totals = Aggregates.totals(first, PriceTable.bundled());
                assertThat(totals.apiCalls()).isEqualTo(expected.at("/totals/apiCalls").asInt());
                assertThat(totals.tokens().cacheRead()).isEqualTo(expected.at("/totals/cacheReadTokens").asLong());
                assertThat(first.bytesRead()).isEqualTo(size);
                assertThat(unchanged.bytesRead()).isZero();
                assertThat(afterUnchanged - afterFirst).as("bytes moved by an unchanged refresh")
                        .isLessThan(8 * 1024L);
                int lineBytes = line.getBytes(StandardCharsets.UTF_8).length;
                assertThat(appended.bytesRead()).isEqualTo(lineBytes);
                // the appended transcript holds PADDING bytes before the new line: reading it again would show
                assertThat(appendedWire).as("bytes moved to read one appended line of %d B", lineBytes)
                        .isLessThan(lineBytes + 8 * 1024L);
                assertThat(appended.calls()).hasSize(first.calls().size() + 1);
                System.out.printf("testhost: %d B uploaded; unchanged refresh %d B on the wire; %d B appended moved"
                        + " %d B%n", size, afterUnchanged - afterFirst, lineBytes, appendedWire);
            } finally {
                host.exec("rm -rf " + ShellQuote.quote(dir), Duration.ofSeconds(30));
            }
        }
    }

    /**
     * The transcript with {@link #PADDING} bytes of file-history snapshots after it: lines
     * without usage, as the CLI writes them, so the figures stay the fixture's while a
     * re-read of the file would move far more than one appended line.
     */
    private static byte[] padded(byte[] content) {
        StringBuilder padding = new StringBuilder();
        String filler = "x".repeat(900);
        while (padding.length() < PADDING) {
            padding.append("{\"type\":\"file-history-snapshot\",\"messageId\":\"pad\",\"snapshot\":{\"note\":\"")
                    .append(filler).append("\"},\"isSnapshotUpdate\":false}\n");
        }
        byte[] extra = padding.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(content, content.length + extra.length);
        System.arraycopy(extra, 0, all, content.length, extra.length);
        return all;
    }

    /** Copies a fixture's transcripts to the host; returns their total size. */
    private static long upload(Host host, Path fixture, String dir) throws Exception {
        long size = 0;
        try (Stream<Path> files = Files.walk(fixture.resolve("projects"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String target = dir + "/" + fixture.relativize(file);
                String parent = target.substring(0, target.lastIndexOf('/'));
                host.exec("mkdir -p " + ShellQuote.quote(parent), Duration.ofSeconds(10));
                byte[] content = Files.readAllBytes(file);
                if (fixture.relativize(file).toString().equals(PADDED)) {
                    content = padded(content);
                }
                host.write(target, content, 0644);
                size += content.length;
            }
        }
        return size;
    }
}
