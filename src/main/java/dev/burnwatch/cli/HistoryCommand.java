package dev.burnwatch.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnwatch.daemon.ChangeRecord;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.Hosts;
import dev.burnwatch.host.LocalHost;
import dev.burnwatch.host.Location;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code burnwatch history [HOST]}: the changes Burnwatch made to daemon scripts. */
@Command(name = "history", description = "List the changes Burnwatch made to daemon scripts (and their backups).")
public final class HistoryCommand extends BaseCommand {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST",
            description = "Only this host: local, ssh://user@host[:port] or a saved host's name.")
    String hostArgument;

    @Mixin
    SshOptions ssh = new SshOptions();

    @Override
    protected int execute() throws Exception {
        List<ChangeRecord> changes = DaemonCommands.history().list(null);
        if (hostArgument != null) {
            Location location = Location.parse(hostArgument).withoutPath();
            changes = location.kind() == Location.Kind.SAVED
                    ? DaemonCommands.history().list(savedHostId(location))
                    : changes.stream().filter(change -> sameHost(location, change.hostId())).toList();
        }
        if (output.json) {
            ObjectNode root = DaemonCommands.JSON.createObjectNode();
            ArrayNode rows = root.putArray("changes");
            for (ChangeRecord change : changes) {
                rows.add(DaemonCommands.recordJson(change));
            }
            DaemonCommands.printJson(out(), root);
            return ExitCode.OK;
        }
        printTable(out(), changes);
        return ExitCode.OK;
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

    private String savedHostId(Location location) throws Exception {
        try (Host host = Hosts.open(location, DaemonCommands.connectOptions(ssh))) {
            return host.id();
        }
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
