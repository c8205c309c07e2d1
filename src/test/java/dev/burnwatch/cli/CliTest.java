package dev.burnwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Cli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void versionNamesTheApplicationJavaAndJavaFx() {
        int status = run("--version");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("Burnwatch").contains("Java 17").contains("JavaFX 21.0.11");
    }

    @Test
    void anUnknownCommandIsBadInputWithAHint() {
        int status = run("frobnicate");

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("frobnicate").contains("--help");
    }

    @Test
    void anUnknownOptionIsBadInput() {
        int status = run("report", "--no-such-flag");

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("--no-such-flag");
    }
}
