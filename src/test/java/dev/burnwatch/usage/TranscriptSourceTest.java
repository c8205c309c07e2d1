package dev.burnwatch.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.host.LocalHost;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TranscriptSourceTest {

    private final LocalHost host = new LocalHost();

    @Test
    void withoutClaudeConfigDirBothHomeDirsAreRead() throws Exception {
        List<TranscriptSource> sources = TranscriptSource.defaults(host, Map.of());

        assertThat(sources).extracting(TranscriptSource::configDir)
                .containsExactly(host.homeDir() + "/.config/claude", host.homeDir() + "/.claude");
    }

    @Test
    void claudeConfigDirMayListSeveralDirs() throws Exception {
        List<TranscriptSource> sources = TranscriptSource.defaults(host,
                Map.of("CLAUDE_CONFIG_DIR", "/srv/agent-a/.claude, ~/work/claude,,"));

        assertThat(sources).extracting(TranscriptSource::configDir)
                .containsExactly("/srv/agent-a/.claude", host.homeDir() + "/work/claude");
    }

    @Test
    void transcriptsAreBelowTheProjectsFolder() {
        assertThat(new TranscriptSource(host, "/home/ubuntu/.claude/").projectsDir())
                .isEqualTo("/home/ubuntu/.claude/projects");
    }
}
