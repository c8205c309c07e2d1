package dev.burnwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppDirsTest {

    @Test
    void burnwatchHomeReplacesBothFolders() {
        AppDirs dirs = AppDirs.from(Map.of("BURNWATCH_HOME", "/tmp/bw", "XDG_DATA_HOME", "/x"), "/home/op", null);

        assertThat(dirs.configDir()).isEqualTo(Path.of("/tmp/bw"));
        assertThat(dirs.dataDir()).isEqualTo(Path.of("/tmp/bw"));
    }

    @Test
    void aBurnwatchHomeThatIsAFileIsAProblemAndOneNotMadeYetIsNot(@TempDir Path temp) throws Exception {
        Path file = Files.writeString(temp.resolve("file"), "");

        assertThat(AppDirs.homeProblem(Map.of("BURNWATCH_HOME", file.toString()), null)).hasValue(
                "BURNWATCH_HOME (" + file + ") is a file, not a folder: point it at a folder or unset it");
        assertThat(AppDirs.homeProblem(Map.of("BURNWATCH_HOME", temp.resolve("later").toString()), null)).isEmpty();
        assertThat(AppDirs.homeProblem(Map.of("BURNWATCH_HOME", temp.toString()), null)).isEmpty();
        assertThat(AppDirs.homeProblem(Map.of(), null)).isEmpty();
    }

    @Test
    void xdgFoldersAreUsedWhenSet() {
        AppDirs dirs = AppDirs.from(Map.of("XDG_CONFIG_HOME", "/c", "XDG_DATA_HOME", "/d"), "/home/op", null);

        assertThat(dirs.configDir()).isEqualTo(Path.of("/c/burnwatch"));
        assertThat(dirs.indexFile()).isEqualTo(Path.of("/d/burnwatch/usage-index.sqlite"));
    }

    @Test
    void defaultsFollowTheXdgSpecAndIgnoreRelativeValues() {
        AppDirs dirs = AppDirs.from(Map.of("XDG_CONFIG_HOME", "relative"), "/home/op", null);

        assertThat(dirs.configDir()).isEqualTo(Path.of("/home/op/.config/burnwatch"));
        assertThat(dirs.dataDir()).isEqualTo(Path.of("/home/op/.local/share/burnwatch"));
    }

    @Test
    void theHomeFolderIsTheShellsHomeWhenItGivesAnAbsoluteOne() {
        assertThat(AppDirs.userHome("/tmp/x", "/root")).isEqualTo("/tmp/x");
        assertThat(AppDirs.userHome(null, "/root")).isEqualTo("/root");
        assertThat(AppDirs.userHome("", "/root")).isEqualTo("/root");
        assertThat(AppDirs.userHome("relative", "/root")).isEqualTo("/root");
    }
}
