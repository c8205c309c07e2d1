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
import dev.burnwatch.host.ConnectOptions;
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
