package dev.burnwatch.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A SRC or TARGET: a local path that exists wins over a saved host's name; {@code name:} is always the host. */
class LocationParseSourceTest {

    @TempDir
    Path temp;

    @Test
    void anExistingLocalPathIsThatPath() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("basic2"));
        String relative = Path.of("").toAbsolutePath().relativize(folder).toString();

        assertThat(Location.parseSource(relative)).isEqualTo(new Location(Location.Kind.LOCAL, null, null, -1,
                relative));
    }

    @Test
    void aBareWordThatIsNoPathHereIsASavedHost() {
        assertThat(Location.parseSource("no-such-folder-here")).isEqualTo(new Location(Location.Kind.SAVED, null,
                "no-such-folder-here", -1, null));
    }

    @Test
    void aNameWithAColonIsTheSavedHostEvenWhereAFolderOfThatNameExists() {
        assertThat(Location.parseSource("src:")).isEqualTo(new Location(Location.Kind.SAVED, null, "src", -1, null));
        assertThat(Location.parseSource("prod.example.com:")).isEqualTo(new Location(Location.Kind.SAVED, null,
                "prod.example.com", -1, null));
        assertThat(Location.parseSource("src:/home/ubuntu/.claude")).isEqualTo(new Location(Location.Kind.SAVED,
                null, "src", -1, "/home/ubuntu/.claude"));
    }

    @Test
    void otherFormsReadAsParseReadsThem() {
        assertThat(Location.parseSource("ssh://u@h:2222/x")).isEqualTo(Location.parse("ssh://u@h:2222/x"));
        assertThat(Location.parseSource("local")).isEqualTo(Location.parse("local"));
        assertThat(Location.parseSource("./x")).isEqualTo(Location.parse("./x"));
    }
}
