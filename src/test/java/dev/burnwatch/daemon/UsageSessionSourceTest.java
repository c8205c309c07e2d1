package dev.burnwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.host.LocalHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watch reading real transcripts (the shared fixtures) through the usage engine. */
class UsageSessionSourceTest {

    @TempDir
    Path dir;

    @Test
    void sessionsComeFromTheTranscriptsWithTheirTurnsAndModels() throws Exception {
        Path config = copyFixture("basic");
        UsageSessionSource source = new UsageSessionSource(new LocalHost(), dir.resolve("index.sqlite"),
                Map.of("CLAUDE_CONFIG_DIR", config.toString()));

        var sessions = source.sessions();

        assertThat(sessions).extracting(ObservedSession::sessionId).containsExactlyInAnyOrder(
                "00000001-aaaa-4bbb-8ccc-000000000001", "00000002-aaaa-4bbb-8ccc-000000000002");
        assertThat(sessions).allSatisfy(session -> {
            assertThat(session.turns()).isPositive();
            assertThat(session.models()).isNotEmpty();
            assertThat(session.firstTimestamp()).isBefore(session.lastTimestamp().plusMillis(1));
        });
    }

    @Test
    void theWatchJudgesTranscriptSessionsAgainstTheCapAndThePin() throws Exception {
        Path config = copyFixture("basic");
        UsageSessionSource source = new UsageSessionSource(new LocalHost(), null,
                Map.of("CLAUDE_CONFIG_DIR", config.toString()));
        SessionWatch watch = new SessionWatch(new LocalHost(), source, new SessionWatch.Settings(1, "haiku", 2,
                Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMinutes(1)));

        WatchResult result = watch.watch(Instant.parse("2026-11-30T00:00:00Z"), progress -> { });

        assertThat(result.sessions()).hasSize(2).allMatch(SessionVerdict::finished);
        assertThat(result.passed()).isFalse();
        assertThat(result.sessions()).filteredOn(v -> v.session().sessionId().startsWith("00000001"))
                .singleElement().extracting(SessionVerdict::otherModels).asList()
                .containsExactly("claude-sonnet-4-20250514");
        assertThat(result.sessions()).filteredOn(v -> v.session().sessionId().startsWith("00000002"))
                .singleElement().satisfies(v -> {
                    assertThat(v.onPinnedModel()).isTrue();
                    assertThat(v.cap()).isEqualTo(SessionVerdict.Cap.OVER_CAP);
                });
    }

    private Path copyFixture(String name) throws IOException {
        Path source = Path.of(System.getProperty("burnwatch.fixtures"), "transcripts", name);
        Path target = dir.resolve(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
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
}
