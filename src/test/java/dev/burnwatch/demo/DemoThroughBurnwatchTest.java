package dev.burnwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.burnwatch.cli.Cli;
import dev.burnwatch.config.AppDirs;
import dev.burnwatch.host.ConnectOptions;
import dev.burnwatch.host.FileStat;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.Hosts;
import dev.burnwatch.host.Location;
import dev.burnwatch.host.PassphraseProvider;
import dev.burnwatch.pricing.PriceTable;
import dev.burnwatch.usage.Aggregates;
import dev.burnwatch.usage.SessionSummary;
import dev.burnwatch.usage.TranscriptSource;
import dev.burnwatch.usage.UsageEngine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The demo host reached through Burnwatch's own host and usage code, exactly as a real host
 * is: nothing below knows it is a demo.
 */
class DemoThroughBurnwatchTest {

    private static final Duration TASK_INTERVAL = Duration.ofHours(2);

    @TempDir
    Path home;

    private DemoHost demo;

    @AfterEach
    void stopDemoHost() {
        if (demo != null) {
            demo.stop();
        }
    }

    private Host open() throws Exception {
        System.setProperty("burnwatch.home", home.toString());
        DemoOptions options = DemoOptions.defaults().withSpeed(1200).withTurnPause(Duration.ofMillis(10))
                .withTaskInterval(TASK_INTERVAL).withRestartDelay(Duration.ofMillis(300))
                .withPollInterval(Duration.ofMillis(100)).withTurns(50, 100).withHistoryDays(1);
        demo = DemoHost.start(new AppDirs(home, home), options);
        DemoHost.Info info = demo.info();
        return Hosts.open(Location.parse(info.sshUri()), new ConnectOptions(info.privateKey(),
                info.knownHostsFile(), null), PassphraseProvider.NONE);
    }

    @Test
    void theHostLayerSeesALinuxHostWithTheDemosClockAndFiles() throws Exception {
        try (Host host = open()) {
            DemoHost.Info info = demo.info();

            Instant hostNow = host.now();
            String homeDir = host.homeDir();
            List<FileStat> transcripts = host.listFiles(info.transcriptsConfigDir() + "/projects", ".jsonl");
            byte[] script = host.readAll(info.scriptPath(), 1 << 20);

            assertThat(Duration.between(hostNow, demo.now()).abs()).isLessThan(Duration.ofMinutes(10));
            assertThat(homeDir).isEqualTo(info.homeDir());
            assertThat(transcripts).hasSizeGreaterThan(5).allMatch(file -> !file.identity().isEmpty());
            assertThat(new String(script, StandardCharsets.UTF_8)).contains("claude \"$task_prompt\"");
            assertThat(host.stat(info.scriptPath())).isPresent();
        }
    }

    @Test
    void theReportCommandThatTheDemoPrintsReadsTheDemosTranscripts() throws Exception {
        open().close();
        DemoHost.Info info = demo.info();
        StringWriter out = new StringWriter();
        CommandLine cli = Cli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));

        int status = cli.execute("report", "--source", info.transcriptsUri(), "--by", "model", "--json",
                "--identity", info.privateKey().toString(), "--known-hosts", info.knownHostsFile().toString());

        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(status).isZero();
        assertThat(report.get("rows").findValuesAsText("model")).contains(HistorySeeder.DEFAULT_MODEL);
        assertThat(report.get("totals").get("costUsd").asDouble()).isGreaterThan(10);
    }

    @Test
    void afterTheFixTheProjectedDailySpendFallsMoreThanFiveTimes() throws Exception {
        try (Host host = open()) {
            DemoHost.Info info = demo.info();
            Instant patchedAt = host.now();
            double before = perDay(sessions(host), patchedAt.minus(Duration.ofDays(1)), patchedAt);

            String script = new String(host.readAll(info.scriptPath(), 1 << 20), StandardCharsets.UTF_8);
            String patched = script.replace("set -euo pipefail\n",
                    "set -euo pipefail\nexport ANTHROPIC_MODEL=claude-haiku-4-5-20251001\n")
                    .replace("    claude \"$task_prompt\"\n", "    claude --max-turns 30 \"$task_prompt\" || true\n");
            host.write(info.scriptPath() + ".new", patched.getBytes(StandardCharsets.UTF_8), 0755);
            assertThat(host.exec("bash -n " + info.scriptPath() + ".new", Duration.ofSeconds(10)).succeeded())
                    .isTrue();
            host.rename(info.scriptPath() + ".new", info.scriptPath());
            assertThat(host.exec("sudo -n systemctl restart agent-daemon", Duration.ofSeconds(30)).succeeded())
                    .isTrue();
            Instant restartedAt = host.now();
            Instant windowEnd = restartedAt.plus(TASK_INTERVAL.multipliedBy(5));
            DemoStoryTest.await(() -> demo.now().isAfter(windowEnd.plus(Duration.ofMinutes(50))),
                    Duration.ofSeconds(90));

            List<SessionSummary> all = sessions(host);
            double after = perDay(all, restartedAt, windowEnd);
            List<SessionSummary> fixed = all.stream().filter(s -> s.firstTimestamp().isAfter(restartedAt))
                    .filter(s -> s.lastTimestamp().isBefore(windowEnd)).toList();
            System.out.printf("demo through Burnwatch: %.2f USD/day projected before, %.2f after (%.1fx), "
                    + "%d sessions after%n", before, after, before / after, fixed.size());
            assertThat(fixed).hasSizeGreaterThanOrEqualTo(2).allSatisfy(session -> {
                assertThat(session.turns()).isLessThanOrEqualTo(30);
                assertThat(session.models()).containsExactly("claude-haiku-4-5-20251001");
            });
            assertThat(before).isGreaterThan(10);
            assertThat(before / after).isGreaterThan(5);
        }
    }

    private static List<SessionSummary> sessions(Host host) throws Exception {
        return Aggregates.sessions(new UsageEngine(null).read(TranscriptSource.defaults(host, Map.of())),
                PriceTable.bundled());
    }

    /** Cost of the sessions that started in a window, extrapolated to a day. */
    private static double perDay(List<SessionSummary> sessions, Instant from, Instant to) {
        BigDecimal cost = sessions.stream()
                .filter(s -> !s.firstTimestamp().isBefore(from) && s.firstTimestamp().isBefore(to))
                .map(SessionSummary::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
        double hours = Duration.between(from, to).toMillis() / 3_600_000.0;
        return cost.doubleValue() / hours * 24;
    }
}
