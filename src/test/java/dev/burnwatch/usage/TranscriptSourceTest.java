package dev.burnwatch.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.host.HostConfig;
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

    @Test
    void theHomeFolderComesFromTheEnvironmentWhenItGivesOne() throws Exception {
        List<TranscriptSource> defaults = TranscriptSource.defaults(host, Map.of("HOME", "/tmp/operator/"));
        List<TranscriptSource> configured = TranscriptSource.defaults(host, Map.of("HOME", "/tmp/operator",
                "CLAUDE_CONFIG_DIR", "~/agent"));

        assertThat(defaults).extracting(TranscriptSource::configDir)
                .containsExactly("/tmp/operator/.config/claude", "/tmp/operator/.claude");
        assertThat(configured).extracting(TranscriptSource::configDir).containsExactly("/tmp/operator/agent");
    }

    @Test
    void aSavedHostsConfigDirsAreItsOwnOrElseTheHostsDefaults() throws Exception {
        HostConfig named = HostConfig.of("prod", "10.0.0.5", 22, "ubuntu")
                .withConfigDirs(List.of("~/srv/claude", "/opt/agent/.claude"));
        HostConfig plain = HostConfig.of("prod", "10.0.0.5", 22, "ubuntu");

        assertThat(TranscriptSource.of(host, named)).extracting(TranscriptSource::configDir)
                .containsExactly(host.homeDir() + "/srv/claude", "/opt/agent/.claude");
        assertThat(TranscriptSource.of(host, plain)).extracting(TranscriptSource::configDir)
                .containsExactly(host.homeDir() + "/.config/claude", host.homeDir() + "/.claude");
    }
}
