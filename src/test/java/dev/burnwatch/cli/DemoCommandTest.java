package dev.burnwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {

    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void useTemporaryHome() {
        System.setProperty("burnwatch.home", home.toString());
    }

    @AfterEach
    void forgetTemporaryHome() {
        System.clearProperty("burnwatch.home");
    }

    private CommandLine commandLine() {
        CommandLine commandLine = Cli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine;
    }

    @Test
    void jsonPrintsOneObjectWithWhatAClientNeedsAndTheHostRunsUntilStopped() throws Exception {
        AtomicInteger status = new AtomicInteger(-1);
        Thread command = new Thread(() -> status.set(commandLine().execute("demo", "--json", "--speed", "120")));
        command.start();
        JsonNode facts = awaitJson();

        String whoami = exec(facts, "whoami");
        command.interrupt();
        command.join(30_000);

        assertThat(whoami.trim()).isEqualTo(facts.get("user").asText());
        assertThat(status.get()).isZero();
        assertThat(facts.get("host").asText()).isEqualTo("ssh://" + facts.get("user").asText() + "@127.0.0.1:"
                + facts.get("port").asInt());
        assertThat(facts.get("knownHostsLine").asText()).startsWith("[127.0.0.1]:" + facts.get("port").asInt());
        assertThat(facts.get("speed").asDouble()).isEqualTo(120.0);
        assertThat(facts.get("unit").asText()).isEqualTo("agent-daemon");
        assertThat(facts.get("examples").get("patch").asText())
                .contains("--max-turns 30", "--guard-exit", "--identity", "--known-hosts")
                .contains(facts.get("target").asText());
        assertThat(new ObjectMapper().readerFor(JsonNode.class).readValues(out.toString()).readAll()).hasSize(1);
        assertThat(listens(facts.get("port").asInt())).isFalse();
    }

    @Test
    void aSpeedOfZeroIsBadInput() {
        int status = commandLine().execute("demo", "--speed", "0");

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("demo speed");
    }

    @Test
    void aPortInUseIsBadInputInOneLineWithoutTheSshServersErrorLog() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run run = burnwatchInChildJvm(Map.of(), "demo", "--port", Integer.toString(taken.getLocalPort()));

            assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(run.stderr().trim().lines()).containsExactly("burnwatch: The demo host cannot listen on "
                    + "127.0.0.1:" + taken.getLocalPort() + ": the port is in use (another program, or a demo host "
                    + "of another Burnwatch home). Choose another port with --port, or leave --port out for the last"
                    + " one used or any free one.");
            assertThat(run.stdout()).isEmpty();
        }
    }

    @Test
    void withoutBashTheDemoSaysWhatToInstallAndExitsWith2() throws Exception {
        Run run = burnwatchInChildJvm(Map.of("PATH", "/nonexistent"), "demo");

        assertThat(run.status()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.stderr()).startsWith("burnwatch: The demo host needs bash, which is not on this machine's PATH")
                .contains("Install it (Debian/Ubuntu: sudo apt install bash").doesNotContain("\tat ");
        assertThat(run.stderr().trim().lines()).hasSize(1);
        assertThat(run.stdout()).isEmpty();
    }

    record Run(int status, String stdout, String stderr) {
    }

    /** The command line in a JVM of its own, with the product's logging and this environment on top of a bare one. */
    private Run burnwatchInChildJvm(Map<String, String> env, String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "dev.burnwatch.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(home.resolve("child.err").toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().put("HOME", home.toString());
        builder.environment().put("BURNWATCH_HOME", home.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), stdout, Files.readString(home.resolve("child.err")));
    }

    private JsonNode awaitJson() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (out.toString().isBlank()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no output; stderr: " + err);
            }
            Thread.sleep(100);
        }
        return new ObjectMapper().readTree(out.toString());
    }

    private static String exec(JsonNode facts, String commandLine) throws Exception {
        JSch jsch = new JSch();
        jsch.setKnownHosts(facts.get("knownHostsFile").asText());
        jsch.addIdentity(facts.get("identity").asText());
        Session session = jsch.getSession(facts.get("user").asText(), facts.get("address").asText(),
                facts.get("port").asInt());
        session.setConfig("StrictHostKeyChecking", "yes");
        session.connect(10_000);
        try {
            ChannelExec channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(commandLine);
            InputStream stdout = channel.getInputStream();
            channel.connect(10_000);
            return new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            session.disconnect();
        }
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
