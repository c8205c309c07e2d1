package dev.burnwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeHistoryTest {

    @TempDir
    Path dir;

    @Test
    void aRecordedChangeComesBackWithEveryFieldAndANumber() throws Exception {
        ChangeHistory history = new ChangeHistory(dir.resolve("data/history.sqlite"));
        ChangeRecord change = change("ubuntu@10.0.0.5:22", "/home/ubuntu/agent_daemon.sh", 1_000);

        ChangeRecord stored = history.record(change);

        assertThat(stored.id()).isPositive();
        assertThat(history.list(null)).containsExactly(stored);
        assertThat(stored).usingRecursiveComparison().ignoringFields("id").isEqualTo(change);
    }

    @Test
    void listingByHostKeepsOnlyThatHostOldestFirst() throws Exception {
        ChangeHistory history = new ChangeHistory(dir.resolve("history.sqlite"));
        ChangeRecord later = history.record(change("a@h:22", "/s.sh", 2_000));
        ChangeRecord earlier = history.record(change("a@h:22", "/s.sh", 1_000));
        history.record(change("local", "/s.sh", 1_500));

        assertThat(history.list("a@h:22")).containsExactly(earlier, later);
        assertThat(history.forFile("a@h:22", "/s.sh")).containsExactly(later, earlier);
        assertThat(history.forFile("a@h:22", "/other.sh")).isEmpty();
    }

    @Test
    void aHistoryThatWasNeverWrittenIsEmptyAndCreatesNoFile() throws Exception {
        Path file = dir.resolve("history.sqlite");

        assertThat(new ChangeHistory(file).list(null)).isEmpty();
        assertThat(file).doesNotExist();
    }

    private static ChangeRecord change(String host, String path, long millis) {
        return new ChangeRecord(0, host, path, Instant.ofEpochMilli(millis), ChangeRecord.Kind.PATCH,
                "{\"maxTurns\":30}", "--- a/s.sh\n+++ b/s.sh\n", path + ".burnwatch-x.bak", "aa", "bb");
    }
}
