package dev.burnwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox's stand-in commands, run as real bash scripts in a prepared sandbox. */
class StandInCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant DEMO_NOW = Instant.parse("2026-12-03T09:00:00Z");

    @TempDir
    Path root;

    private Sandbox sandbox;

    @BeforeEach
    void prepareSandbox() throws IOException {
        sandbox = new Sandbox(root.toRealPath());
        sandbox.prepare();
        DemoClock.start(sandbox.clockFile(), DEMO_NOW, 60);
    }

    record Run(int status, String stdout, String stderr) {
    }

    private Run run(Map<String, String> env, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of("bash", "-c", "exec \"$@\"", "bash"));
        line.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(line).directory(sandbox.home().toFile());
        builder.environment().clear();
        builder.environment().put("HOME", sandbox.home().toString());
        builder.environment().put("PATH", sandbox.binDir() + ":" + System.getenv("PATH"));
        builder.environment().put("SIM_TURN_SECONDS", "0");
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out, err);
    }

    private List<Path> transcripts() throws IOException {
        if (!Files.isDirectory(sandbox.projectDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(sandbox.projectDir())) {
            return files.toList();
        }
    }

    @Test
    void claudeStopsAtTheCapWithErrorMaxTurnsAndANonZeroExit() throws Exception {
        Run run = run(Map.of("SIM_TURNS_MIN", "40", "SIM_TURNS_MAX", "40"), "bash", "-c",
                "claude --max-turns 5 --output-format json \"$(cat context/crew_manifest.md)\"");

        JsonNode result = JSON.readTree(run.stdout());
        assertThat(run.status()).isEqualTo(1);
        assertThat(result.get("subtype").asText()).isEqualTo("error_max_turns");
        assertThat(result.get("is_error").asBoolean()).isTrue();
        assertThat(result.get("num_turns").asInt()).isEqualTo(5);
        Transcripts.Session session = Transcripts.read(sandbox.claudeConfigDir()).get(0);
        assertThat(session.turns()).isEqualTo(5);
        assertThat(session.id()).isEqualTo(result.get("session_id").asText());
    }

    @Test
    void claudeFinishesASessionShorterThanTheCapWithSuccess() throws Exception {
        Run run = run(Map.of("SIM_TURNS_MIN", "3", "SIM_TURNS_MAX", "3"), "claude", "--max-turns", "30", "task");

        assertThat(run.status()).isZero();
        assertThat(run.stdout()).isEqualTo("Done after 3 turns.\n");
    }

    @Test
    void theModelFlagBeatsTheEnvironmentAndAliasesResolve() throws Exception {
        Map<String, String> env = Map.of("SIM_TURNS_MIN", "1", "SIM_TURNS_MAX", "1",
                "ANTHROPIC_MODEL", "claude-opus-4-1-20250805", "ANTHROPIC_DEFAULT_SONNET_MODEL", "claude-sonnet-4-5");

        String flag = model(run(env, "claude", "--model", "haiku", "--output-format", "json", "task"));
        String environment = model(run(env, "claude", "--output-format", "json", "task"));
        String remapped = model(run(env, "claude", "--model=sonnet", "--output-format", "json", "task"));
        String byDefault = model(run(Map.of("SIM_TURNS_MIN", "1", "SIM_TURNS_MAX", "1"), "claude",
                "--output-format", "json", "task"));

        assertThat(flag).isEqualTo("claude-haiku-4-5-20251001");
        assertThat(environment).isEqualTo("claude-opus-4-1-20250805");
        assertThat(remapped).isEqualTo("claude-sonnet-4-5");
        assertThat(byDefault).isEqualTo(HistorySeeder.DEFAULT_MODEL);
    }

    @Test
    void claudeStampsItsTranscriptWithTheDemoClock() throws Exception {
        run(Map.of("SIM_TURNS_MIN", "2", "SIM_TURNS_MAX", "2"), "claude", "task");

        List<String> lines = Files.readAllLines(transcripts().get(0));
        Instant first = Instant.parse(JSON.readTree(lines.get(0)).get("timestamp").asText());
        assertThat(Duration.between(DEMO_NOW, first).abs()).isLessThan(Duration.ofMinutes(5));
        assertThat(transcripts().get(0).getParent().getFileName().toString())
                .isEqualTo(sandbox.home().toString().replace('/', '-').replace('.', '-'));
    }

    @Test
    void theHistoryWriterWritesTheStandInsFormatLineForLine() throws Exception {
        run(Map.of("SIM_TURNS_MIN", "2", "SIM_TURNS_MAX", "2"), "claude", "task");
        List<String> shell = Files.readAllLines(transcripts().get(0));

        String java = new TranscriptWriter(new Random(1)).session(sandbox.home().toString(),
                HistorySeeder.DEFAULT_MODEL, 2, 25_000, 4, DEMO_NOW, Duration.ofSeconds(60)).text();

        List<String> javaLines = java.lines().toList();
        assertThat(javaLines).hasSameSizeAs(shell);
        for (int i = 0; i < shell.size(); i++) {
            assertThat(shape(JSON.readTree(javaLines.get(i)))).as("line %d", i + 1)
                    .isEqualTo(shape(JSON.readTree(shell.get(i))));
        }
    }

    @Test
    void dateTellsTheDemoClocksTimeInTheFormsScriptsUse() throws Exception {
        Run run = run(Map.of(), "bash", "-c", "date -u +%FT%TZ; date +%s; date +%s%3N; date -u -d @86400 +%F");

        String[] lines = run.stdout().split("\n");
        assertThat(Instant.parse(lines[0])).isBetween(DEMO_NOW, DEMO_NOW.plusSeconds(120));
        assertThat(Long.parseLong(lines[1])).isBetween(DEMO_NOW.getEpochSecond(), DEMO_NOW.getEpochSecond() + 120);
        assertThat(lines[2]).hasSize(13);
        assertThat(lines[3]).isEqualTo("1970-01-02");
    }

    @Test
    void withoutTheServiceManagerSystemctlSaysSo() throws Exception {
        Run run = run(Map.of(), "systemctl", "is-active", "agent-daemon");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.stderr()).contains("service manager is not running");
    }

    private static String model(Run run) throws IOException {
        return JSON.readTree(run.stdout()).get("model").asText();
    }

    /** The structure of a JSON value: field names in order and value types, values left out. */
    private static String shape(JsonNode node) {
        if (node.isObject()) {
            List<String> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                fields.add(field.getKey() + ":" + shape(field.getValue()));
            }
            return "{" + String.join(",", fields) + "}";
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(shape(item)));
            return "[" + String.join(",", items) + "]";
        }
        return node.getNodeType().toString();
    }
}
