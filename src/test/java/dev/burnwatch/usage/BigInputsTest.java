package dev.burnwatch.usage;

import static dev.burnwatch.usage.Lines.assistant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Big and broken inputs, read by the real command in a child JVM with the launcher's 256 MB
 * heap: a 500 MB transcript, a 25 MB usage line, a 6 MB file-history snapshot, a truncated
 * last line; and two processes sharing one index at once.
 */
class BigInputsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HALF_GIGABYTE = 500L << 20;

    @TempDir
    Path temp;

    @Test
    void hugeFilesAndLinesFitIn256MegabytesOfHeap() throws Exception {
        Path config = temp.resolve("claude");
        Path big = Lines.transcript(config);
        long calls = writeBigTranscript(big, HALF_GIGABYTE, "big-");
        Path odd = big.resolveSibling("44444444-aaaa-4bbb-8ccc-000000000004.jsonl");
        writeOddTranscript(odd);

        Process report = start(temp.resolve("home"), "report", "--source", config.toString(), "--json", "--no-cache",
                "--by", "day", "--tz", "UTC");
        JsonNode result = finish(report);

        assertThat(result.at("/totals/apiCalls").asLong()).isEqualTo(calls + 2);
        assertThat(result.at("/totals/outputTokens").asLong()).isEqualTo(calls * 10 + 25_000_000L + 7);
        assertThat(result.at("/malformedLines").asLong()).isZero();
    }

    @Test
    void twoProcessesSharingTheIndexBothGetExactFigures() throws Exception {
        Path config = temp.resolve("claude");
        long calls = 0;
        for (int f = 0; f < 300; f++) {
            String name = String.format("%08d-aaaa-4bbb-8ccc-0000000000%02d.jsonl", f, f % 100);
            Path file = Lines.transcript(config).resolveSibling(name);
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                lines.append(assistant("m" + f + "-" + i, "r" + f + "-" + i, 1, 10)).append('\n');
                calls++;
            }
            Lines.write(file, lines.toString());
        }
        Path home = temp.resolve("home");

        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            processes.add(start(home, "report", "--source", config.toString(), "--json", "--by", "model"));
        }
        List<JsonNode> results = new ArrayList<>();
        for (Process process : processes) {
            results.add(finish(process));
        }
        JsonNode after = finish(start(home, "report", "--source", config.toString(), "--json", "--by", "model"));

        for (JsonNode result : List.of(results.get(0), results.get(1), after)) {
            assertThat(result.at("/totals/apiCalls").asLong()).isEqualTo(calls);
            assertThat(result.at("/totals/outputTokens").asLong()).isEqualTo(calls * 10);
        }
        assertThat(home.resolve("usage-index.sqlite")).exists();
    }

    @Test
    void processesKilledMidRunLeaveAnIndexThatStillGivesExactFigures() throws Exception {
        Path config = temp.resolve("claude");
        long calls = 0;
        List<Path> files = new ArrayList<>();
        for (int f = 0; f < 40; f++) {
            Path file = Lines.transcript(config).resolveSibling(String.format("%08d-cccc-4bbb-8ccc-000000000000.jsonl",
                    f));
            calls += writeBigTranscript(file, 2L << 20, "f" + f + "-");
            files.add(file);
        }
        Path home = temp.resolve("home");

        for (int kill = 0; kill < 6; kill++) {
            Process doomed = start(home, "report", "--source", config.toString(), "--json");
            Thread.sleep(150L + 250L * kill);
            doomed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            Lines.append(files.get(kill), assistant("late-" + kill, "rl-" + kill, 1, 10) + "\n");
            calls++;
        }
        JsonNode result = finish(start(home, "report", "--source", config.toString(), "--json"));
        JsonNode again = finish(start(home, "report", "--source", config.toString(), "--json"));

        for (JsonNode run : List.of(result, again)) {
            assertThat(run.at("/totals/apiCalls").asLong()).isEqualTo(calls);
            assertThat(run.at("/totals/outputTokens").asLong()).isEqualTo(calls * 10);
        }
    }

    /** Repeats an API call and a tool result until the file has {@code size} bytes; returns the calls. */
    private static long writeBigTranscript(Path file, long size, String idPrefix) throws IOException {
        String toolResult = Lines.user("y".repeat(9000)) + "\n";
        long calls = 0;
        long written = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            StringBuilder block = new StringBuilder();
            while (written < size) {
                block.setLength(0);
                for (int i = 0; i < 100; i++) {
                    block.append(assistant(idPrefix + calls, "r" + idPrefix + calls, 1, 10)).append('\n').append(toolResult);
                    calls++;
                }
                byte[] bytes = block.toString().getBytes(StandardCharsets.UTF_8);
                out.write(bytes);
                written += bytes.length;
            }
        }
        return calls;
    }

    /** A 25 MB usage line, a 6 MB file-history snapshot, CRLF, and a last line cut short. */
    private static void writeOddTranscript(Path file) throws IOException {
        String hugeReply = assistant("huge", "rh", 1, 25_000_000).replace("\"done\"",
                "\"" + "z".repeat(25 << 20) + "\"");
        String snapshot = "{\"type\":\"file-history-snapshot\",\"messageId\":\"x\","
                + "\"snapshot\":{\"trackedFileBackups\":"
                + "{\"a.txt\":\"" + "s".repeat(6 << 20) + "\"}}}";
        String cut = assistant("cut", "rc", 1, 99);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write((hugeReply + "\r\n" + snapshot + "\r\n" + assistant("small", "rs", 1, 7) + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(cut.substring(0, cut.length() - 40).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Process start(Path home, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), "dev.burnwatch.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("BURNWATCH_HOME", home.toString());
        return builder.start();
    }

    private static JsonNode finish(Process process) throws Exception {
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("exit status; stderr: %s", err).isZero();
        return JSON.readTree(out);
    }
}
