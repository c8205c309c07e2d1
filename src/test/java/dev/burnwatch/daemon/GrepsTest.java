package dev.burnwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.host.LocalHost;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrepsTest {

    @TempDir
    Path dir;

    @Test
    void theCapAndModelGrepsShowTheLinesAnOperatorWouldSee() throws Exception {
        Path script = dir.resolve("agent_daemon.sh");
        Files.writeString(script, "#!/bin/bash\nexport ANTHROPIC_MODEL=claude-haiku-4-5\n"
                + "claude --max-turns 30 -p \"$t\"\nclaude --model opus -p x\n");
        Greps greps = new Greps(new LocalHost());

        GrepResult cap = greps.cap(script.toString());
        GrepResult model = greps.model(script.toString());

        assertThat(cap.command()).isEqualTo("grep -n -- '--max-turns' " + script);
        assertThat(cap.lines()).containsExactly("3:claude --max-turns 30 -p \"$t\"");
        assertThat(model.command()).isEqualTo("grep -n 'ANTHROPIC_MODEL\\|--model' " + script);
        assertThat(model.lines()).containsExactly("2:export ANTHROPIC_MODEL=claude-haiku-4-5",
                "4:claude --model opus -p x");
    }

    @Test
    void noMatchIsAnEmptyListAndAnOddPathIsQuoted() throws Exception {
        Path script = dir.resolve("agent daemon's.sh");
        Files.writeString(script, "#!/bin/bash\nclaude x\n");

        GrepResult cap = new Greps(new LocalHost()).cap(script.toString());

        assertThat(cap.lines()).isEmpty();
        assertThat(cap.command()).endsWith("'" + dir + "/agent daemon'\\''s.sh'");
    }
}
