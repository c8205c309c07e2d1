package dev.burnwatch.usage;

import static dev.burnwatch.usage.Lines.assistant;
import static dev.burnwatch.usage.Lines.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.host.HostException;
import dev.burnwatch.host.LocalHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The counting rules of the shared fixtures' README, one behaviour per test, read without an index. */
class CountingRulesTest {

    @TempDir
    Path config;

    private UsageSnapshot read() throws HostException {
        return new UsageEngine(null).read(List.of(new TranscriptSource(new LocalHost(), config.toString())));
    }

    private void transcript(String... lines) throws IOException {
        Lines.write(Lines.transcript(config), String.join("\n", lines) + "\n");
    }

    @Test
    void onlyAssistantLinesWithUsageCount() throws Exception {
        transcript(user("hello \\\"assistant\\\" \\\"usage\\\""), assistant("m1", "r1", 10, 20),
                "{\"type\":\"summary\",\"summary\":\"usage of the assistant\"}",
                "{\"type\":\"assistant\",\"message\":{\"id\":\"m2\",\"content\":\"no usage here\"}}");

        UsageSnapshot snapshot = read();

        assertThat(snapshot.calls()).hasSize(1);
        assertThat(snapshot.calls().get(0).tokens()).isEqualTo(new Tokens(10, 20, 0, 0, 0));
        assertThat(snapshot.malformedLines()).isZero();
    }

    @Test
    void aCallWithoutAUsableTimeTakesThePreviousLinesAndWithNoneBeforeItIsMalformedNotDated1970()
            throws Exception {
        String sonnet = "claude-sonnet-4-20250514";
        transcript(assistant("m0", "r0", sonnet, "not-a-time", 1, 1, 0, 0, 0, false),
                assistant("m1", "r1", sonnet, "2026-11-30T10:00:00Z", 1, 1, 0, 0, 0, false),
                assistant("m2", "r2", sonnet, "not-a-time", 1, 1, 0, 0, 0, false));

        UsageSnapshot snapshot = read();

        assertThat(snapshot.calls()).extracting(ApiCall::timestamp).containsOnly(
                Instant.parse("2026-11-30T10:00:00Z")).hasSize(2);
        assertThat(snapshot.malformedLines()).isEqualTo(1);
    }

    @Test
    void syntheticLinesNeverCount() throws Exception {
        transcript(assistant("m1", "r1", "<synthetic>", "2026-11-30T10:00:00Z", 0, 0, 0, 0, 0, false),
                assistant("m2", "r2", 1, 1));

        assertThat(read().calls()).extracting(ApiCall::model).containsExactly("claude-sonnet-4-20250514");
    }

    @Test
    void streamingSnapshotsOfOneResponseCountOnceFromTheLargest() throws Exception {
        transcript(assistant("m1", "r1", 5, 9), assistant("m1", "r1", 5, 159), assistant("m1", "r1", 5, 30));

        UsageSnapshot snapshot = read();

        assertThat(snapshot.calls()).hasSize(1);
        assertThat(snapshot.calls().get(0).tokens().output()).isEqualTo(159);
    }

    @Test
    void onATieTheFirstLineReadWinsAndDecidesTheDay() throws Exception {
        transcript(assistant("m1", "r1", "claude-sonnet-4-20250514", "2026-11-30T23:59:00Z", 1, 1, 0, 0, 0, false),
                assistant("m1", "r1", "claude-sonnet-4-20250514", "2026-12-01T00:01:00Z", 1, 1, 0, 0, 0, false));

        assertThat(read().calls()).extracting(ApiCall::timestamp)
                .containsExactly(Instant.parse("2026-11-30T23:59:00Z"));
    }

    @Test
    void withoutARequestIdTheMessageIdAloneIsTheKey() throws Exception {
        transcript(assistant("m1", null, 1, 5), assistant("m1", null, 1, 7), assistant("m1", "r9", 1, 3));

        assertThat(read().calls()).extracting(call -> call.tokens().output()).containsExactly(7L, 3L);
    }

    @Test
    void aLineWithoutMessageIdCountsAndIsNeverMerged() throws Exception {
        transcript(assistant(null, "r1", 1, 5), assistant(null, "r1", 1, 5));

        assertThat(read().calls()).hasSize(2);
    }

    @Test
    void duplicatesAcrossFilesCountOnce() throws Exception {
        transcript(assistant("m1", "r1", 1, 5));
        Path resumed = Lines.transcript(config).resolveSibling("22222222-aaaa-4bbb-8ccc-000000000002.jsonl");
        Lines.write(resumed, assistant("m1", "r1", 1, 5) + "\n" + assistant("m2", "r2", 1, 6) + "\n");

        assertThat(read().calls()).hasSize(2);
    }

    @Test
    void aSidechainReplayOfAMainThreadMessageIsNotNewSpend() throws Exception {
        transcript(assistant("m1", "r1", 5, 100));
        Path agent = Lines.transcript(config).resolveSibling(Lines.SESSION).resolve("subagents/agent-1.jsonl");
        Lines.write(agent, assistant("m1", "r-replay", "claude-sonnet-4-20250514", "2026-11-30T10:00:40Z", 5, 100, 0,
                0, 50000, true) + "\n" + assistant("c1", "rc1", "claude-haiku-4-5-20251001", "2026-11-30T10:00:45Z",
                4, 220, 0, 0, 0, true) + "\n");

        UsageSnapshot snapshot = read();

        assertThat(snapshot.calls()).hasSize(2);
        assertThat(snapshot.calls()).filteredOn(ApiCall::sidechain).extracting(ApiCall::model)
                .containsExactly("claude-haiku-4-5-20251001");
        assertThat(snapshot.calls()).extracting(ApiCall::sessionId).containsOnly(Lines.SESSION);
    }

    @Test
    void oneHourWritesArePricedApartFromTheRest() throws Exception {
        String noSplit = "{\"type\":\"assistant\",\"sessionId\":\"s\",\"timestamp\":\"2026-11-30T10:00:00Z\","
                + "\"message\":{\"id\":\"m2\",\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":1,"
                + "\"cache_creation_input_tokens\":700,\"output_tokens\":2}},\"requestId\":\"r2\"}";
        transcript(assistant("m1", "r1", "claude-sonnet-4-5", "2026-11-30T10:00:00Z", 1, 2, 300, 500, 0, false),
                noSplit);

        List<ApiCall> calls = read().calls();

        assertThat(calls.get(0).tokens()).isEqualTo(new Tokens(1, 2, 300, 500, 0));
        assertThat(calls.get(1).tokens()).isEqualTo(new Tokens(1, 2, 700, 0, 0));
    }

    @Test
    void aMissingOrNullCountIsZero() throws Exception {
        transcript("{\"type\":\"assistant\",\"timestamp\":\"2026-11-30T10:00:00Z\",\"message\":{\"id\":\"m\","
                + "\"model\":\"claude-sonnet-4\",\"usage\":{\"input_tokens\":null,\"output_tokens\":4}}}");

        assertThat(read().calls().get(0).tokens()).isEqualTo(new Tokens(0, 4, 0, 0, 0));
    }

    @Test
    void badCountsAndBrokenUsageLinesAreMalformedAndSkipped() throws Exception {
        transcript(assistant("m1", "r1", 1, 1).replace("\"output_tokens\":1", "\"output_tokens\":-1"),
                assistant("m2", "r2", 1, 1).replace("\"output_tokens\":1", "\"output_tokens\":1.5"),
                assistant("m3", "r3", 1, 1).replace("\"output_tokens\":1", "\"output_tokens\":\"1\""),
                assistant("m4", "r4", 1, 1).replace("done", "bad\u0001char"),
                assistant("m5", "r5", 1, 1).replace("}}", "}"),
                "}{ not json at all", "[1, 2]",
                assistant("m6", "r6", 1, 6));

        UsageSnapshot snapshot = read();

        assertThat(snapshot.malformedLines()).isEqualTo(7);
        assertThat(snapshot.calls()).extracting(call -> call.tokens().output()).containsExactly(6L);
    }

    @Test
    void blankLinesBomAndCrlfAreHarmless() throws Exception {
        Path file = Lines.transcript(config);
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = (assistant("m1", "r1", 1, 2) + "\r\n\r\n   \n" + assistant("m2", "r2", 1, 3) + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, content, 0, bom.length);
        System.arraycopy(body, 0, content, bom.length, body.length);
        Files.write(file, content);

        UsageSnapshot snapshot = read();

        assertThat(snapshot.calls()).hasSize(2);
        assertThat(snapshot.malformedLines()).isZero();
    }

    @Test
    void invalidUtf8NeverStopsTheRun() throws Exception {
        Path file = Lines.transcript(config);
        byte[] first = (assistant("m1", "r1", 1, 2).replace("done", "XX") + "\n").getBytes(StandardCharsets.UTF_8);
        int at = new String(first, StandardCharsets.UTF_8).indexOf("XX");
        first[at] = (byte) 0xC3;
        first[at + 1] = (byte) 0x28;
        byte[] rest = ("{\"type\":\"user\",\"message\":\"\u00ff\"}\n" + assistant("m2", "r2", 1, 3) + "\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] content = new byte[first.length + rest.length];
        System.arraycopy(first, 0, content, 0, first.length);
        System.arraycopy(rest, 0, content, first.length, rest.length);
        Files.write(file, content);

        assertThat(read().calls()).hasSize(2);
    }

    @Test
    void aTruncatedLastLineIsNeitherCountedNorMalformed() throws Exception {
        String full = assistant("m2", "r2", 1, 3);
        Lines.write(Lines.transcript(config),
                assistant("m1", "r1", 1, 2) + "\n" + full.substring(0, full.length() / 2));

        UsageSnapshot snapshot = read();

        assertThat(snapshot.calls()).hasSize(1);
        assertThat(snapshot.malformedLines()).isZero();
    }

    @Test
    void aCompleteLastLineWithoutNewlineCounts() throws Exception {
        Lines.write(Lines.transcript(config), assistant("m1", "r1", 1, 2) + "\n" + assistant("m2", "r2", 1, 3));

        assertThat(read().calls()).hasSize(2);
    }

    @Test
    void escapedTextInIdsAndPathsIsDecoded() throws Exception {
        transcript(assistant("m1", "r1", 1, 2).replace("/home/ubuntu/agent", "C:\\\\work\\\\agent \\u00e9"));

        assertThat(read().calls().get(0).project()).isEqualTo("C:\\work\\agent \u00e9");
    }

    @Test
    void aLineWithoutSessionIdBelongsToItsFilesSession() throws Exception {
        transcript("{\"type\":\"assistant\",\"timestamp\":\"2026-11-30T10:00:00Z\",\"message\":{\"id\":\"m\","
                + "\"model\":\"claude-sonnet-4\",\"usage\":{\"output_tokens\":4}}}");

        assertThat(read().calls().get(0).sessionId()).isEqualTo(Lines.SESSION);
    }
}
