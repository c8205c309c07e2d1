package dev.burnwatch.daemon;

import dev.burnwatch.host.CommandResult;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostException;
import dev.burnwatch.host.ShellQuote;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which systemd unit runs a daemon script, so that the next step after a change can name it
 * ({@code burnwatch restart HOST --unit agent-daemon}). It asks systemd about the units named
 * after the script ({@code agent_daemon.sh}: {@code agent_daemon}, {@code agent-daemon}) and takes
 * the one whose {@code ExecStart} runs it, then looks for the script's path in the unit files.
 * It only ever reads, and an answer it cannot get is no answer: it is a hint, not a check.
 *
 * <pre>{@code
 * Optional<String> unit = UnitFinder.find(host, "/home/ubuntu/agent_daemon.sh");
 * }</pre>
 */
public final class UnitFinder {

    private static final Logger LOG = LoggerFactory.getLogger(UnitFinder.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String UNIT_FILES = "/etc/systemd/system/*.service /run/systemd/system/*.service"
            + " /usr/lib/systemd/system/*.service /lib/systemd/system/*.service";

    private UnitFinder() {
    }

    /**
     * The unit that runs the script at one of {@code paths} (as given, and with links resolved).
     *
     * @return the unit's name without {@code .service}, or empty when none was found
     */
    public static Optional<String> find(Host host, String... paths) {
        try {
            Optional<String> named = byName(host, paths);
            return named.isPresent() ? named : byUnitFile(host, paths);
        } catch (HostException e) {
            LOG.debug("Could not find the unit of {} on {}: {}", String.join(", ", paths), host.id(), e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<String> byName(Host host, String... paths) throws HostException {
        Set<String> candidates = new LinkedHashSet<>();
        for (String path : paths) {
            String name = path.substring(path.lastIndexOf('/') + 1).replaceFirst("\\.(sh|bash)$", "");
            if (name.matches("[A-Za-z0-9_][A-Za-z0-9_.@-]*")) {
                candidates.add(name + ".service");
                candidates.add(name.replace('_', '-') + ".service");
                candidates.add(name.replace('-', '_') + ".service");
            }
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        CommandResult result = host.exec("systemctl show -p Id -p LoadState -p ExecStart "
                + String.join(" ", candidates) + " 2>/dev/null", TIMEOUT);
        for (Map<String, String> unit : blocks(result.stdout())) {
            String execStart = unit.getOrDefault("ExecStart", "");
            boolean runsScript = List.of(paths).stream().anyMatch(path -> execStart.contains(path));
            if ("loaded".equals(unit.get("LoadState")) && runsScript && unit.containsKey("Id")) {
                return Optional.of(unit.get("Id").replaceFirst("\\.service$", ""));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> byUnitFile(Host host, String... paths) throws HostException {
        StringBuilder patterns = new StringBuilder();
        for (String path : paths) {
            patterns.append(" -e ").append(ShellQuote.quote(path));
        }
        CommandResult result = host.exec("grep -lsF" + patterns + " " + UNIT_FILES + " 2>/dev/null | head -n 1",
                TIMEOUT);
        String file = result.stdout().strip();
        if (file.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(file.substring(file.lastIndexOf('/') + 1).replaceFirst("\\.service$", ""));
    }

    /** {@code systemctl show} of several units: one block of {@code Key=value} lines each. */
    private static List<Map<String, String>> blocks(String output) {
        List<Map<String, String>> blocks = new ArrayList<>();
        Map<String, String> block = new LinkedHashMap<>();
        for (String line : output.split("\n", -1)) {
            if (line.isBlank()) {
                if (!block.isEmpty()) {
                    blocks.add(block);
                    block = new LinkedHashMap<>();
                }
                continue;
            }
            int equals = line.indexOf('=');
            if (equals > 0) {
                block.put(line.substring(0, equals), line.substring(equals + 1).strip());
            }
        }
        if (!block.isEmpty()) {
            blocks.add(block);
        }
        return blocks;
    }
}
