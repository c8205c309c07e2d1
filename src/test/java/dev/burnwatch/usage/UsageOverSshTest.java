package dev.burnwatch.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnwatch.host.ConnectOptions;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostConfig;
import dev.burnwatch.host.Hosts;
import dev.burnwatch.host.PassphraseProvider;
import dev.burnwatch.host.ShellQuote;
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
 * appended transcript moves only what was appended. Skipped unless TESTHOST_* is set.
 */
@Tag("testhost")
class UsageOverSshTest {

    private static final Path CASES = Path.of(System.getProperty("burnwatch.fixtures", "../shared/fixtures"),
            "transcripts");

    @TempDir
    Path temp;

    @Test
    void anSshHostIsReadIncrementallyThroughByteRanges() throws Exception {
        assumeTrue(System.getenv("TESTHOST_PORT") != null && System.getenv("TESTHOST_KEY") != null,
                "TESTHOST_* is not set: no test host to run against");
        String address = System.getenv().getOrDefault("TESTHOST_ADDRESS", "127.0.0.1");
        int port = Integer.parseInt(System.getenv("TESTHOST_PORT"));
        String user = System.getenv().getOrDefault("TESTHOST_USER", "ubuntu");
        Path knownHosts = Files.copy(Path.of(System.getenv("TESTHOST_KNOWN_HOSTS")), temp.resolve("known_hosts"));
        ConnectOptions options = new ConnectOptions(Path.of(System.getenv("TESTHOST_KEY")), knownHosts, null);
        JsonNode expected = new ObjectMapper().readTree(CASES.resolve("subagents/expected.json").toFile()).get("UTC");

        try (Host host = Hosts.open(HostConfig.of("testhost", address, port, user), options,
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
                String transcript = dir + "/projects/-home-ubuntu-agent/00000004-aaaa-4bbb-8ccc-000000000004.jsonl";
                host.exec("printf '%s' " + ShellQuote.quote(line) + " >> " + ShellQuote.quote(transcript),
                        Duration.ofSeconds(10));
                long beforeAppended = host.bytesReceived();
                UsageSnapshot appended = engine.read(sources);

                UsageRow totals = Aggregates.totals(first, PriceTable.bundled());
                assertThat(totals.apiCalls()).isEqualTo(expected.at("/totals/apiCalls").asInt());
                assertThat(totals.tokens().cacheRead()).isEqualTo(expected.at("/totals/cacheReadTokens").asLong());
                assertThat(first.bytesRead()).isEqualTo(size);
                assertThat(unchanged.bytesRead()).isZero();
                assertThat(afterUnchanged - afterFirst).as("bytes moved by an unchanged refresh").isLessThan(size);
                assertThat(appended.bytesRead()).isEqualTo(line.getBytes(StandardCharsets.UTF_8).length);
                assertThat(host.bytesReceived() - beforeAppended).isLessThan(size + line.length());
                assertThat(appended.calls()).hasSize(first.calls().size() + 1);
            } finally {
                host.exec("rm -rf " + ShellQuote.quote(dir), Duration.ofSeconds(30));
            }
        }
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
                host.write(target, content, 0644);
                size += content.length;
            }
        }
        return size;
    }
}
