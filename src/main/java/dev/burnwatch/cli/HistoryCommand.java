package dev.burnwatch.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnwatch.BadInputException;
import dev.burnwatch.daemon.ChangeRecord;
import dev.burnwatch.host.HostConfig;
import dev.burnwatch.host.HostStore;
import dev.burnwatch.host.LocalHost;
import dev.burnwatch.host.Location;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code burnwatch history [HOST]}: the changes Burnwatch made to daemon scripts. */
@Command(name = "history", description = "List the changes Burnwatch made to daemon scripts (and their backups).")
public final class HistoryCommand extends BaseCommand {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** The HOST forms, for messages. */
    private static final String FORMS = "local, a saved host's name, ssh://user@host[:port], or user@host:port as"
            + " 'burnwatch history' lists it (user@host matches any port)";

    /** {@code [user@]host[:port]} without a scheme or a path. */
    private static final Pattern BARE_ADDRESS = Pattern.compile("([^@/\\s]+@)?[^@/:\\s]+(:[0-9]+)?");

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST",
            description = "Only this host: local, a saved host's name, ssh://user@host[:port], or user@host:port"
                    + " as this command lists it.")
    String hostArgument;

    /** Accepted as on every host command, though history reads only the local record and never connects. */
    @Mixin
    SshOptions ssh = new SshOptions();

    @Override
    protected int execute() throws Exception {
        List<ChangeRecord> all = DaemonCommands.history().list(null);
        List<ChangeRecord> changes = hostArgument == null ? all : ofHost(hostArgument, all);
        if (output.json) {
            ObjectNode root = DaemonCommands.JSON.createObjectNode();
            ArrayNode rows = root.putArray("changes");
            for (ChangeRecord change : changes) {
                rows.add(DaemonCommands.recordJson(change));
            }
            DaemonCommands.printJson(out(), root);
        } else {
            printTable(out(), changes);
        }
        if (hostArgument != null && changes.isEmpty()) {
            err().println("No change is recorded for " + hostArgument + ". " + recordedHosts(all));
        }
        return ExitCode.OK;
    }

    /**
     * The changes of the host a HOST argument names, without connecting: {@code local}, a saved
     * host's name, {@code ssh://user@host[:port]}, or {@code user@host:port} as this command
     * prints it (parts left out match any). An argument that is none of these is refused,
     * naming the forms and the hosts that have changes.
     */
    private static List<ChangeRecord> ofHost(String argument, List<ChangeRecord> all) throws Exception {
        if (argument.equals(LocalHost.ID) || all.stream().anyMatch(change -> change.hostId().equals(argument))) {
            return all.stream().filter(change -> change.hostId().equals(argument)).toList();
        }
        Optional<HostConfig> saved = HostStore.fromEnvironment().find(argument);
        if (saved.isPresent()) {
            String id = saved.get().hostId();
            return all.stream().filter(change -> change.hostId().equals(id)).toList();
        }
        Location location = sshLocation(argument);
        if (location == null) {
            throw new BadInputException("'" + argument + "' names no host: " + FORMS + ". " + recordedHosts(all));
        }
        List<ChangeRecord> matching = all.stream().filter(change -> sameHost(location, change.hostId())).toList();
        boolean bareWord = !argument.startsWith("ssh://") && !argument.contains("@") && location.port() < 0;
        if (matching.isEmpty() && bareWord) {
            throw new BadInputException("There is no saved host called '" + argument + "', and no host of that"
                    + " address has recorded changes. HOST is " + FORMS + ". " + recordedHosts(all));
        }
        return matching;
    }

    /** {@code ssh://...}, or {@code [user@]host[:port]} read as if it were one; null for anything else. */
    private static Location sshLocation(String argument) {
        if (argument.startsWith("ssh://")) {
            return Location.parse(argument).withoutPath();
        }
        if (!BARE_ADDRESS.matcher(argument).matches()) {
            return null;
        }
        try {
            Location location = Location.parse("ssh://" + argument);
            return location.path() == null ? location : null;
        } catch (BadInputException e) {
            return null;
        }
    }

    /** Which hosts do have recorded changes, as a sentence. */
    private static String recordedHosts(List<ChangeRecord> all) {
        String hosts = all.stream().map(ChangeRecord::hostId).distinct().sorted().collect(Collectors.joining(", "));
        return hosts.isEmpty() ? "No host has recorded changes yet." : "Hosts with recorded changes: " + hosts + ".";
    }

    /**
     * Matches a HOST argument against a recorded host id ({@code local} or
     * {@code user@address:port}) without connecting: parts the argument leaves out match any.
     */
    static boolean sameHost(Location location, String hostId) {
        if (location.kind() == Location.Kind.LOCAL) {
            return LocalHost.ID.equals(hostId);
        }
        if (location.kind() != Location.Kind.SSH) {
            return false;
        }
        int at = hostId.lastIndexOf('@');
        int colon = hostId.lastIndexOf(':');
        if (at < 0 || colon < at) {
            return false;
        }
        String user = hostId.substring(0, at);
        String address = hostId.substring(at + 1, colon);
        String port = hostId.substring(colon + 1);
        return address.equalsIgnoreCase(location.address())
                && (location.user() == null || location.user().equals(user))
                && (location.port() < 0 || String.valueOf(location.port()).equals(port));
    }

    private static void printTable(PrintWriter out, List<ChangeRecord> changes) {
        if (changes.isEmpty()) {
            out.println("No changes recorded.");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "time (UTC)", "kind", "host", "path", "backup"});
        for (ChangeRecord change : changes) {
            rows.add(new String[] {Long.toString(change.id()), TIME.format(change.time()),
                change.kind().name().toLowerCase(Locale.ROOT), change.hostId(), change.path(),
                change.backupPath() == null ? "-" : change.backupPath()});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        String format = "%" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %-" + widths[3]
                + "s  %-" + widths[4] + "s  %s%n";
        String indent = " ".repeat(widths[0] + 2);
        for (int i = 0; i < rows.size(); i++) {
            out.printf(format, (Object[]) rows.get(i));
            if (i > 0) {
                out.printf("%ssettings %s%n", indent, changes.get(i - 1).settings());
            }
        }
    }
}
