package dev.burnwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo's volumes are to scale at its default pace: before the fix, tasks every three
 * demo hours each run a 30-100 turn Sonnet session (tens of dollars a day); after the cap
 * at 30 turns and the Haiku pin, the same tasks cost a few dollars a day. Sessions are
 * written by the demo's own transcript writer (the format of the stand-in CLI) and priced
 * line by line.
 */
class DemoVolumesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DAYS = 20;

    @ParameterizedTest
    @ValueSource(doubles = {60, 600})
    void theDefaultPaceBurnsTensOfDollarsADayBeforeTheFixAndAFewAfterIt(double speed) throws Exception {
        DemoOptions options = DemoOptions.atSpeed(speed);
        long tasksPerDay = Duration.ofDays(1).toMillis() / options.taskInterval().toMillis();
        Duration turnGap = Duration.ofMillis(Math.round(options.turnPause().toMillis() * options.speed()));
        Random random = new Random(42);
        TranscriptWriter writer = new TranscriptWriter(random);
        double before = 0;
        double after = 0;
        Duration longestBefore = Duration.ZERO;

        for (int task = 0; task < tasksPerDay * DAYS; task++) {
            int natural = options.turnsMin() + random.nextInt(options.turnsMax() - options.turnsMin() + 1);
            TranscriptWriter.Session unbounded = writer.session("/home/demo", HistorySeeder.DEFAULT_MODEL, natural,
                    options.contextTokens(), 100_000, Instant.EPOCH, turnGap);
            TranscriptWriter.Session capped = writer.session("/home/demo", "claude-haiku-4-5-20251001",
                    Math.min(natural, 30), options.contextTokens(), 100_000, Instant.EPOCH, turnGap);
            before += cost(unbounded.text());
            after += cost(capped.text());
            Duration length = Duration.between(Instant.EPOCH, unbounded.end());
            longestBefore = length.compareTo(longestBefore) > 0 ? length : longestBefore;
        }

        double perDayBefore = before / DAYS;
        double perDayAfter = after / DAYS;
        System.out.printf("demo volumes at %.0fx: %.2f USD/day before, %.2f USD/day after (%.1fx), %d tasks a day, "
                + "longest session %s of demo time%n", speed, perDayBefore, perDayAfter, perDayBefore / perDayAfter,
                tasksPerDay, longestBefore);
        assertThat(perDayBefore).isBetween(10.0, 99.0);
        assertThat(perDayAfter).isBetween(1.0, 9.9);
        assertThat(perDayBefore / perDayAfter).isGreaterThan(5);
        assertThat(longestBefore).isLessThan(options.taskInterval());
    }

    private static double cost(String transcript) throws Exception {
        double total = 0;
        String lastRequest = "";
        JsonNode kept = null;
        for (String line : transcript.split("\n")) {
            JsonNode node = JSON.readTree(line);
            if (!node.path("type").asText().equals("assistant")) {
                continue;
            }
            String request = node.path("requestId").asText();
            if (!request.equals(lastRequest) && kept != null) {
                total += Transcripts.cost(kept);
                kept = null;
            }
            lastRequest = request;
            kept = kept == null || output(node) > output(kept) ? node : kept;
        }
        return kept == null ? total : total + Transcripts.cost(kept);
    }

    private static long output(JsonNode node) {
        return node.path("message").path("usage").path("output_tokens").asLong();
    }
}
