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
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
