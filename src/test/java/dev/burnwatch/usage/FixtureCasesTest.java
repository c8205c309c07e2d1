package dev.burnwatch.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnwatch.cli.Cli;
import dev.burnwatch.host.LocalHost;
import dev.burnwatch.pricing.PriceTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every case in the shared fixtures gives exactly its expected.json figures, in every time
 * zone listed there, through the CLI's JSON and through the API, with and without the index.
 */
class FixtureCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CASES = Path.of(System.getProperty("burnwatch.fixtures", "../shared/fixtures"),
            "transcripts");

    @TempDir
    Path temp;

    @BeforeEach
    void isolateAppDirs() {
        System.setProperty("burnwatch.home", temp.resolve("home").toString());
    }

    @AfterEach
    void restoreAppDirs() {
        System.clearProperty("burnwatch.home");
    }

    static Stream<Arguments> casesAndZones() throws IOException {
        List<Arguments> arguments = new ArrayList<>();
        try (Stream<Path> cases = Files.list(CASES)) {
            for (Path dir : cases.filter(Files::isDirectory).sorted().toList()) {
                Iterator<String> zones = JSON.readTree(dir.resolve("expected.json").toFile()).fieldNames();
                while (zones.hasNext()) {
                    String zone = zones.next();
                    arguments.add(Arguments.of(dir.getFileName().toString(), zone, false));
                    arguments.add(Arguments.of(dir.getFileName().toString(), zone, true));
                }
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} in {1}, index {2}")
    @MethodSource("casesAndZones")
    void reportJsonGivesTheExpectedFigures(String name, String zone, boolean withIndex) throws IOException {
        Path config = copyCase(name);
        JsonNode expected = JSON.readTree(CASES.resolve(name).resolve("expected.json").toFile()).get(zone);
        List<String> cache = withIndex ? List.of() : List.of("--no-cache");

        List<JsonNode> runs = new ArrayList<>();
        for (int run = 0; run < (withIndex ? 2 : 1); run++) {
            runs.add(report(config, zone, "session", cache));
            runs.add(report(config, zone, "day", cache));
        }

        for (int run = 0; run < runs.size(); run += 2) {
            JsonNode bySession = runs.get(run);
            JsonNode byDay = runs.get(run + 1);
            assertRowsMatch(bySession.get("rows"), "sessionId", expected.get("sessions"));
            assertRowsMatch(byDay.get("rows"), "date", expected.get("days"));
            for (JsonNode result : List.of(bySession, byDay)) {
                assertFiguresMatch(result.get("totals"), expected.get("totals"), "totals");
                assertThat(result.get("malformedLines").asLong()).isEqualTo(expected.get("malformedLines").asLong());
                assertThat(texts(result.get("unpricedModels"))).isEqualTo(texts(expected.get("unpricedModels")));
            }
        }
    }

    @ParameterizedTest(name = "{0} in {1}, index {2}")
    @MethodSource("casesAndZones")
    void aggregatesGiveTheExpectedFigures(String name, String zone, boolean withIndex) throws Exception {
        Path config = copyCase(name);
        JsonNode expected = JSON.readTree(CASES.resolve(name).resolve("expected.json").toFile()).get(zone);
        PriceTable prices = PriceTable.bundled();
        UsageEngine engine = new UsageEngine(withIndex ? temp.resolve("index.sqlite") : null);
        List<TranscriptSource> sources = List.of(new TranscriptSource(new LocalHost(), config.toString()));

        UsageSnapshot first = engine.read(sources);
        UsageSnapshot second = engine.read(sources);

        for (UsageSnapshot snapshot : List.of(first, second)) {
            List<SessionSummary> sessions = Aggregates.sessions(snapshot, prices);
            assertThat(sessions).hasSize(expected.get("sessions").size());
            for (SessionSummary session : sessions) {
                JsonNode want = expected.get("sessions").get(session.sessionId());
                assertThat(want).as("session %s", session.sessionId()).isNotNull();
                assertFigures(session.apiCalls(), session.tokens(), session.costUsd(), want, session.sessionId());
            }
            List<UsageRow> days = Aggregates.byDay(snapshot, prices, ZoneId.of(zone));
            assertThat(days).hasSize(expected.get("days").size());
            for (UsageRow day : days) {
                assertFigures(day.apiCalls(), day.tokens(), day.costUsd(), expected.get("days").get(day.key()),
                        day.key());
            }
            UsageRow totals = Aggregates.totals(snapshot, prices);
            assertFigures(totals.apiCalls(), totals.tokens(), totals.costUsd(), expected.get("totals"), "totals");
            assertThat(Aggregates.unpricedModels(snapshot, prices)).isEqualTo(texts(expected.get("unpricedModels")));
            assertThat(snapshot.malformedLines()).isEqualTo(expected.get("malformedLines").asLong());
        }
        if (withIndex) {
            assertThat(second.bytesRead()).isZero();
        }
    }

    private Path copyCase(String name) throws IOException {
        Path source = CASES.resolve(name);
        Path target = temp.resolve("cases").resolve(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
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

    private static JsonNode report(Path config, String zone, String by, List<String> extra) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Cli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("report", "--source", config.toString(), "--by", by, "--tz",
                zone, "--json"));
        args.addAll(extra);

        int status = commandLine.execute(args.toArray(String[]::new));

        assertThat(status).as("exit status; stderr: %s", err).isZero();
        return JSON.readTree(out.toString());
    }

    private static void assertRowsMatch(JsonNode rows, String keyField, JsonNode expected) {
        assertThat(rows.size()).as("rows by %s", keyField).isEqualTo(expected.size());
        for (JsonNode row : rows) {
            String key = row.get(keyField).asText();
            assertThat(expected.has(key)).as("unexpected row %s", key).isTrue();
            assertFiguresMatch(row, expected.get(key), key);
        }
    }

    private static void assertFiguresMatch(JsonNode actual, JsonNode expected, String what) {
        for (String field : List.of("apiCalls", "inputTokens", "outputTokens", "cacheWrite5mTokens",
                "cacheWrite1hTokens", "cacheReadTokens")) {
            assertThat(actual.get(field).asLong()).as("%s of %s", field, what).isEqualTo(expected.get(field).asLong());
        }
        long total = 0;
        for (String field : List.of("inputTokens", "outputTokens", "cacheWrite5mTokens", "cacheWrite1hTokens",
                "cacheReadTokens")) {
            total += expected.get(field).asLong();
        }
        assertThat(actual.get("totalTokens").asLong()).as("totalTokens of %s", what).isEqualTo(total);
        assertThat(actual.get("costUsd").decimalValue()).as("costUsd of %s", what)
                .isEqualByComparingTo(expected.get("costUsd").decimalValue());
    }

    private static void assertFigures(int apiCalls, Tokens tokens, BigDecimal cost, JsonNode expected, String what) {
        assertThat(Map.of("apiCalls", (long) apiCalls, "inputTokens", tokens.input(), "outputTokens", tokens.output(),
                "cacheWrite5mTokens", tokens.cacheWrite5m(), "cacheWrite1hTokens", tokens.cacheWrite1h(),
                "cacheReadTokens", tokens.cacheRead()))
                .as(what)
                .isEqualTo(Map.of("apiCalls", expected.get("apiCalls").asLong(),
                        "inputTokens", expected.get("inputTokens").asLong(),
                        "outputTokens", expected.get("outputTokens").asLong(),
                        "cacheWrite5mTokens", expected.get("cacheWrite5mTokens").asLong(),
                        "cacheWrite1hTokens", expected.get("cacheWrite1hTokens").asLong(),
                        "cacheReadTokens", expected.get("cacheReadTokens").asLong()));
        assertThat(cost.setScale(6, RoundingMode.HALF_UP)).as("cost of %s", what)
                .isEqualByComparingTo(expected.get("costUsd").decimalValue());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
