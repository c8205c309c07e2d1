package dev.burnwatch.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The publish timer's units as shipped in {@code packaging/systemd/} and as the README shows
 * them inline: the same settings in the same order, and the Host dimension the console uses.
 */
class SystemdUnitsTest {

    private static List<String> settings(Path unit) throws Exception {
        return Files.readAllLines(unit).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("# ") && !line.equals("#")).toList();
    }

    /** The README's indented block that follows the line naming {@code installedAs}. */
    private static List<String> readmeBlock(String installedAs) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int at = 0;
        while (!lines.get(at).startsWith("`" + installedAs + "`")) {
            at++;
        }
        while (!lines.get(at).startsWith("    ")) {
            at++;
        }
        List<String> block = new java.util.ArrayList<>();
        for (; at < lines.size() && (lines.get(at).startsWith("    ") || lines.get(at).isEmpty()); at++) {
            if (!lines.get(at).isBlank()) {
                block.add(lines.get(at).strip());
            }
        }
        return block;
    }

    @Test
    void theReadmeShowsTheServiceAndTheTimerAsShipped() throws Exception {
        List<String> service = settings(Path.of("packaging/systemd/burnwatch-publish.service"));
        List<String> timer = settings(Path.of("packaging/systemd/burnwatch-publish.timer"));

        assertThat(readmeBlock("/etc/systemd/system/burnwatch-publish.service")).isEqualTo(service);
        assertThat(readmeBlock("/etc/systemd/system/burnwatch-publish.timer")).isEqualTo(timer);
    }

    @Test
    void theTimerPublishesUnderTheHostsOwnNameAsTheConsoleDoes() throws Exception {
        List<String> service = settings(Path.of("packaging/systemd/burnwatch-publish.service"));

        assertThat(service).contains("ExecStart=/opt/burnwatch/bin/burnwatch publish --host-name %H");
        assertThat(PublishIdentity.TIMER).isEqualTo("burnwatch-publish.timer");
        assertThat(Path.of("packaging/systemd", PublishIdentity.TIMER)).exists();
    }
}
