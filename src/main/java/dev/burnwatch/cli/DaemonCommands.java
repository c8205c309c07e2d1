package dev.burnwatch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.burnwatch.BadInputException;
import dev.burnwatch.config.AppDirs;
import dev.burnwatch.daemon.ChangeHistory;
import dev.burnwatch.daemon.ChangeRecord;
import dev.burnwatch.daemon.UnitFinder;
import dev.burnwatch.host.ConnectOptions;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostException;
import dev.burnwatch.host.Hosts;
import dev.burnwatch.host.Location;
import dev.burnwatch.host.ShellQuote;
import dev.burnwatch.pricing.PriceTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** What the daemon commands (patch, verify, restart, rollback, history) share. */
final class DaemonCommands {

    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private DaemonCommands() {
    }

    /**
     * Reads a duration as an operator writes it: {@code 90s}, {@code 15m}, {@code 1h}, or ISO
     * ({@code PT15M}).
     */
    static Duration duration(String option, String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        java.util.regex.Matcher simple = java.util.regex.Pattern.compile("(\\d{1,6})(s|m|h)").matcher(value);
        if (simple.matches()) {
            long amount = Long.parseLong(simple.group(1));
            switch (simple.group(2)) {
                case "s":
                    return Duration.ofSeconds(amount);
                case "m":
                    return Duration.ofMinutes(amount);
                default:
                    return Duration.ofHours(amount);
            }
        }
        try {
            return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new BadInputException(option + " must be a duration such as 90s, 15m or 1h, got '" + text + "'");
        }
    }

    static ConnectOptions connectOptions(SshOptions ssh) {
        return new ConnectOptions(ssh.identity, ssh.knownHosts, ssh.trustHostKey);
    }

    /**
     * Refuses an option given with an empty value ({@code --hard-stop ''}): leaving it out means
     * "not asked for", an empty value is a mistake to say out loud.
     */
    static void refuseEmpty(String option, String value, String goodValue, String leftOut) {
        if (value != null && value.isBlank()) {
            throw new BadInputException(option + " needs " + goodValue + ", got an empty value. Leave the option"
                    + " out for " + leftOut + ".");
        }
    }

    /** The bundled prices, with the user's {@code prices.json} laid over them when there is one. */
    static PriceTable prices() {
        Path override = AppDirs.fromEnvironment().configDir().resolve("prices.json");
        return Files.isRegularFile(override) ? PriceTable.withOverride(override) : PriceTable.bundled();
    }

    /** A value as a shell word an operator can paste: bare when safe, else single-quoted. */
    static String word(String value) {
        return value.matches("[A-Za-z0-9_@%+=:,./-]+") ? value : ShellQuote.quote(value);
    }

    /** The SSH options given on this command, to repeat on a suggested next command. */
    static String sshFlags(SshOptions ssh) {
        StringBuilder flags = new StringBuilder();
        if (ssh.identity != null) {
            flags.append(" --identity ").append(word(ssh.identity.toString()));
        }
        if (ssh.knownHosts != null) {
            flags.append(" --known-hosts ").append(word(ssh.knownHosts.toString()));
        }
        return flags.toString();
    }

    /**
     * The restart command for the host a TARGET names, with its unit filled in: the saved host's
     * unit, else the unit systemd says runs the script, else {@code --unit UNIT} to fill in.
     */
    static String restartLine(String target, Host host, SshOptions ssh, String... scriptPaths) {
        Location location = Location.parse(target);
        String hostArgument = switch (location.kind()) {
            case LOCAL -> "local";
            case SAVED -> location.address();
            default -> location.withoutPath().toString();
        };
        Optional<String> unit = Optional.empty();
        if (location.kind() == Location.Kind.SAVED) {
            try {
                unit = Optional.ofNullable(Hosts.savedHost(location.address()).systemdUnit())
                        .filter(name -> !name.isBlank());
            } catch (HostException | RuntimeException e) {
                unit = Optional.empty();
            }
        }
        if (unit.isEmpty()) {
            unit = UnitFinder.find(host, scriptPaths);
        }
        return "burnwatch restart " + word(hostArgument) + " --unit " + unit.map(DaemonCommands::word).orElse("UNIT")
                + sshFlags(ssh);
    }

    static ChangeHistory history() {
        return new ChangeHistory(AppDirs.fromEnvironment().historyFile());
    }

    /** Prints one JSON object as the command's whole standard output. */
    static void printJson(PrintWriter out, Object value) throws JsonProcessingException {
        Json.print(out, JSON.valueToTree(value));
    }

    /** A history record as JSON, with its settings as an object rather than a string. */
    static ObjectNode recordJson(ChangeRecord record) throws JsonProcessingException {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", record.id());
        node.put("host", record.hostId());
        node.setAll((ObjectNode) JSON.valueToTree(record));
        node.remove("hostId");
        JsonNode settings = JSON.readTree(record.settings());
        node.set("settings", settings);
        node.put("kind", record.kind().name().toLowerCase(Locale.ROOT));
        return node;
    }
}
