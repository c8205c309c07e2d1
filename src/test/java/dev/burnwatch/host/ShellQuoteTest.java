package dev.burnwatch.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every hostile string reaches a real remote shell as exactly one literal word: through the
 * embedded SSH server's {@code sh -c}, and once more through {@code bash -c}.
 */
class ShellQuoteTest {

    static final List<String> HOSTILE = List.of(
            "",
            " ",
            "two words",
            "it's",
            "'",
            "''",
            "\"double\"",
            "$(touch /tmp/burnwatch-pwned)",
            "`touch /tmp/burnwatch-pwned`",
            "${HOME}",
            "$HOME",
            "a;rm -rf /nonexistent;b",
            "a && b || c",
            "line1\nline2",
            "\n",
            "tab\there",
            "*",
            "/*",
            "?",
            "[a-z]*",
            "~",
            "~root",
            "-n",
            "--help",
            "back\\slash\\",
            "!event",
            "a|b>c<d&e",
            "{a,b}",
            "# not a comment",
            "unicode: café ✓ 日本語 🔥",
            "\u00a0non-breaking\u2028separator");

    @TempDir
    static Path temp;

    private static EmbeddedSshServer server;
    private static Host host;

    @BeforeAll
    static void connect() throws Exception {
        System.setProperty("burnwatch.home", temp.resolve("burnwatch").toString());
        server = EmbeddedSshServer.start(temp.resolve("server"));
        host = server.open();
    }

    @AfterAll
    static void disconnect() throws IOException {
        host.close();
        server.close();
        System.clearProperty("burnwatch.home");
    }

    @Test
    void eachHostileStringArrivesAsOneLiteralWordInTheRemoteShell() throws Exception {
        for (String value : HOSTILE) {
            CommandResult result = host.exec("printf '%s\\0' " + ShellQuote.quote(value), Duration.ofSeconds(10));

            assertThat(result.stdout()).as("printed back: %s", value).isEqualTo(value + "\0");
        }
        assertThat(Path.of("/tmp/burnwatch-pwned")).as("a command hidden in a value ran").doesNotExist();
    }

    @Test
    void eachHostileStringArrivesAsOneLiteralWordThroughBashToo() throws Exception {
        for (String value : HOSTILE) {
            String inner = "set -- " + ShellQuote.quote(value) + "; printf '%s:%s' \"$#\" \"$1\"";

            CommandResult result = host.exec("bash -c " + ShellQuote.quote(inner), Duration.ofSeconds(10));

            assertThat(result.stdout()).as("through bash: %s", value).isEqualTo("1:" + value);
        }
        assertThat(Path.of("/tmp/burnwatch-pwned")).as("a command hidden in a value ran").doesNotExist();
    }

    @Test
    void joinedWordsStaySeparateWords() throws Exception {
        CommandResult result = host.exec("printf '[%s]' " + ShellQuote.join(List.of("a b", "", "$(x)")),
                Duration.ofSeconds(10));

        assertThat(result.stdout()).isEqualTo("[a b][][$(x)]");
    }

    @Test
    void aNulCharacterIsRefusedBecauseNoShellWordCanHoldIt() {
        assertThatThrownBy(() -> ShellQuote.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quotingIsPlainSingleQuotes() {
        assertThat(ShellQuote.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(ShellQuote.quote("")).isEqualTo("''");
    }
}
