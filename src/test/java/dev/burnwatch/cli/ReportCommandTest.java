package dev.burnwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {

    private static final Path CASES = Path.of(System.getProperty("burnwatch.fixtures", "../shared/fixtures"),
            "transcripts");

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void isolateAppDirs() {
        System.setProperty("burnwatch.home", temp.resolve("home").toString());
    }

    @AfterEach
    void restoreAppDirs() {
        System.clearProperty("burnwatch.home");
    }

    private int run(String... args) {
        var commandLine = Cli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private String fixture(String name) throws IOException {
        Path target = temp.resolve(name);
        Path source = CASES.resolve(name);
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
        return target.toString();
    }

    @Test
    void theTableShowsSessionsWithUnitsTotalsAndNotes() throws IOException {
        int status = run("report", "--source", fixture("unknown-model"), "--tz", "UTC");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("Session", "Turns", "Cost USD", "Total", "00000007-aaaa-4bbb-8ccc",
                "/home/ubuntu/agent", "Haiku 4.5", "claude-nova-9-20270101", "its cost is left out", "Prices: ");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void tableColumnsLineUp() throws IOException {
        run("report", "--source", fixture("basic"), "--by", "day", "--tz", "UTC");

        String[] lines = out.toString().split("\n");
        assertThat(lines[0]).startsWith("Day (UTC)");
        assertThat(lines[2]).startsWith("2026-11-30");
        assertThat(lines[0].length()).isEqualTo(lines[2].length());
        assertThat(lines[1]).matches("[- ]+");
    }

    @Test
    void sinceAndUntilKeepWholeDaysInTheZone() throws IOException {
        String source = fixture("timezone");

        run("report", "--source", source, "--by", "day", "--tz", "UTC", "--since", "2026-12-01", "--json",
                "--no-cache");

        JsonNode result = new ObjectMapper().readTree(out.toString());
        assertThat(result.get("rows")).hasSize(1);
        assertThat(result.at("/rows/0/date").asText()).isEqualTo("2026-12-01");
        assertThat(result.at("/totals/apiCalls").asInt()).isEqualTo(2);
    }

    @Test
    void modelAndProjectRowsCarryTheirKeys() throws IOException {
        String source = fixture("subagents");

        run("report", "--source", source, "--by", "model", "--json", "--no-cache");
        JsonNode byModel = new ObjectMapper().readTree(out.toString());
        out.getBuffer().setLength(0);
        run("report", "--source", source, "--by", "project", "--json", "--no-cache");
        JsonNode byProject = new ObjectMapper().readTree(out.toString());

        assertThat(byModel.get("rows")).extracting(row -> row.get("model").asText())
                .containsExactlyInAnyOrder("claude-sonnet-4-20250514", "claude-haiku-4-5-20251001");
        assertThat(byProject.at("/rows/0/project").asText()).isEqualTo("/home/ubuntu/agent");
        assertThat(byProject.at("/rows/0/apiCalls").asInt()).isEqualTo(4);
    }

    @Test
    void sessionRowsNameHostProjectModelsTurnsAndTimes() throws IOException {
        run("report", "--source", fixture("subagents"), "--json", "--no-cache");

        JsonNode row = new ObjectMapper().readTree(out.toString()).at("/rows/0");
        assertThat(row.get("host").asText()).isEqualTo("local");
        assertThat(row.get("project").asText()).isEqualTo("/home/ubuntu/agent");
        assertThat(row.get("models")).hasSize(2);
        assertThat(row.get("turns").asInt()).isEqualTo(2);
        assertThat(row.get("apiCalls").asInt()).isEqualTo(4);
        assertThat(row.get("firstTimestamp").asText()).isEqualTo("2026-11-30T09:00:03Z");
        assertThat(row.get("lastTimestamp").asText()).isEqualTo("2026-11-30T09:01:00Z");
    }

    @Test
    void aBadDayIsBadInputWithTheExpectedForm() throws IOException {
        int status = run("report", "--source", fixture("basic"), "--since", "30/11/2026");

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("--since 30/11/2026", "YYYY-MM-DD").doesNotContain("Exception");
    }

    @Test
    void aBadZoneIsBadInput() throws IOException {
        int status = run("report", "--source", fixture("basic"), "--tz", "Mars/Olympus");

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("Mars/Olympus", "Europe/Berlin");
    }

    @Test
    void sinceAfterUntilIsBadInput() throws IOException {
        int status = run("report", "--source", fixture("basic"), "--since", "2026-12-02", "--until", "2026-12-01");

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("after");
    }

    @Test
    void anUnknownGroupingIsBadInput() throws IOException {
        int status = run("report", "--source", fixture("basic"), "--by", "week");

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("session, day, model, project");
    }

    @Test
    void aFolderThatIsNotAConfigDirIsBadInput() {
        int status = run("report", "--source", temp.toString());

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("projects/");
    }

    @Test
    void theProjectsFolderItselfIsAcceptedForItsConfigDir() throws IOException {
        int status = run("report", "--source", fixture("basic") + "/projects", "--json", "--no-cache");

        assertThat(status).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).at("/totals/apiCalls").asInt()).isEqualTo(5);
    }

    @Test
    void aMissingFolderIsBadInput() {
        int status = run("report", "--source", temp.resolve("nope").toString());

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("nope", "not a folder");
    }

    @Test
    void aDayThatTheCalendarDoesNotHaveIsNamedSo() throws IOException {
        int status = run("report", "--source", fixture("basic"), "--since", "2026-02-30");

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("2026-02-30", "no such date", "February 2026 has 28 days")
                .doesNotContain("is not a day");
    }

    @Test
    void smallCostsShowTheirDigitsInsteadOfLessThanOneCent() throws IOException {
        int status = run("report", "--source", fixture("unknown-model"), "--by", "model", "--tz", "UTC");

        assertThat(status).isZero();
        assertThat(out.toString()).doesNotContain("<0.01").containsPattern("Haiku 4\\.5 .* 0\\.001127\\n")
                .containsPattern("Total .* 0\\.001127\\n");
    }

    @Test
    void oneUnpricedModelIsNamedInTheSingular() throws IOException {
        run("report", "--source", fixture("unknown-model"), "--by", "model", "--tz", "UTC");

        assertThat(out.toString()).contains("No price known for claude-nova-9-20270101: its tokens are counted,"
                + " its cost is left out.\n").doesNotContain("their").doesNotContain("* marks");
    }

    @Test
    void theJsonNamesNoUnreadableFilesWhenEveryTranscriptWasRead() throws IOException {
        run("report", "--source", fixture("basic"), "--json", "--no-cache");

        assertThat(new ObjectMapper().readTree(out.toString()).get("unreadableFiles")).isEmpty();
    }
}
