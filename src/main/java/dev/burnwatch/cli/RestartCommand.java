package dev.burnwatch.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnwatch.BadInputException;
import dev.burnwatch.daemon.RestartFailedException;
import dev.burnwatch.daemon.RestartReport;
import dev.burnwatch.daemon.ServiceControl;
import dev.burnwatch.daemon.UnitState;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostConfig;
import dev.burnwatch.host.Hosts;
import dev.burnwatch.host.Location;
import java.io.PrintWriter;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code burnwatch restart HOST --unit UNIT}: restarts the daemon and proves it restarted. */
@Command(name = "restart", description = {
    "Restart the daemon's systemd unit and show that it restarted.",
    "It runs sudo -n (never a password prompt), then shows the new main PID and",
    "start time, is-active, and the journal's last lines."})
public final class RestartCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "HOST", description = "local, ssh://user@host[:port] or a saved host's name.")
    String hostArgument;

    @Option(names = "--unit", paramLabel = "UNIT",
            description = "The daemon's unit, e.g. agent-daemon (default for a saved host: its saved unit).")
    String unit;

    @Option(names = "--restart-command", paramLabel = "CMD",
            description = "Restart with this command instead; {unit} stands for the unit (default: the saved"
                    + " host's restartCommand, else " + ServiceControl.DEFAULT_RESTART_COMMAND + ").")
    String restartCommand;

    @Mixin
    SshOptions ssh = new SshOptions();

    @Override
    protected int execute() throws Exception {
        Location location = Location.parse(hostArgument);
        if (location.path() != null && location.kind() != Location.Kind.LOCAL) {
            throw new BadInputException("'" + hostArgument + "' names a file; restart takes a host:"
                    + " ssh://user@host[:port], local or a saved host's name");
        }
        if (location.kind() == Location.Kind.LOCAL && location.path() != null) {
            throw new BadInputException("'" + hostArgument + "' is not a host; write 'local' for this machine");
        }
        DaemonCommands.refuseEmpty("--restart-command", restartCommand, "a command such as 'sudo -n systemctl"
                + " restart {unit}'", "the default");
        HostConfig saved = location.kind() == Location.Kind.SAVED ? Hosts.savedHost(location.address()) : null;
        String command = restartCommand != null ? restartCommand : saved != null ? saved.restartCommand() : null;
        String unit = this.unit != null ? this.unit : saved != null ? saved.systemdUnit() : null;
        if (unit == null || unit.isBlank()) {
            throw new BadInputException("Which unit? Name it with --unit UNIT (e.g. --unit agent-daemon)"
                    + (saved != null ? ", or save it with the host: burnwatch hosts add " + saved.name()
                    + " ... --unit UNIT --replace" : ""));
        }
        try (Host host = Hosts.open(location, DaemonCommands.connectOptions(ssh))) {
            RestartReport report;
            try {
                report = new ServiceControl(host, command).restart(unit);
            } catch (RestartFailedException e) {
                return failed(host, e);
            }
            if (output.json) {
                DaemonCommands.printJson(out(), json(host, report, true, null));
                return ExitCode.OK;
            }
            out().println("Restarted " + report.unit() + " on " + host.id() + " (" + report.command() + ").");
            printState(out(), report);
            return ExitCode.OK;
        }
    }

    /** The refusal first, then what the host showed (the journal lines it points to). */
    private int failed(Host host, RestartFailedException e) throws Exception {
        err().println("burnwatch: " + e.getMessage());
        if (e.report() != null && !output.json) {
            err().println("What the host showed:");
            printState(err(), e.report());
        }
        err().flush();
        if (output.json && e.report() != null) {
            DaemonCommands.printJson(out(), json(host, e.report(), false, e.getMessage()));
        }
        return ExitCode.CHECK_FAILED;
    }

    /** The report with ISO-8601 times; systemd's own wording of the start time is kept beside it. */
    private static ObjectNode json(Host host, RestartReport report, boolean restarted, String problem) {
        ObjectNode root = DaemonCommands.JSON.createObjectNode();
        root.put("host", host.id());
        root.put("unit", report.unit());
        root.put("restarted", restarted);
        if (problem != null) {
            root.put("problem", problem);
        }
        root.put("command", report.command());
        root.put("restartedAt", report.restartedAt().toString());
        root.set("before", stateJson(report.before()));
        root.set("after", stateJson(report.after()));
        root.put("isActive", report.isActive());
        root.put("journalCommand", report.journalCommand());
        root.set("journal", DaemonCommands.JSON.valueToTree(report.journal()));
        return root;
    }

    private static ObjectNode stateJson(UnitState state) {
        ObjectNode node = DaemonCommands.JSON.createObjectNode();
        node.put("activeState", state.activeState());
        node.put("subState", state.subState());
        node.put("mainPid", state.mainPid());
        node.put("startedAt", state.startedAtInstant().map(Instant::toString).orElse(null));
        node.put("startedAtSystemd", state.startedAt());
        node.put("startedAtMonotonic", state.startedAtMonotonic());
        node.put("result", state.result());
        node.put("execMainStatus", state.execMainStatus());
        return node;
    }

    private static String lastExit(UnitState state) {
        if (state.result().isEmpty()) {
            return "-";
        }
        return state.result() + (state.execMainStatus() != 0 ? " (status " + state.execMainStatus() + ")" : "");
    }

    private static void printState(PrintWriter out, RestartReport report) {
        String format = "  %-11s %-34s %s%n";
        out.printf(format, "", "before", "after");
        out.printf(format, "main PID", report.before().mainPid(), report.after().mainPid());
        out.printf(format, "started", report.before().startedAt(), report.after().startedAt());
        out.printf(format, "state", report.before().activeState() + "/" + report.before().subState(),
                report.after().activeState() + "/" + report.after().subState());
        out.printf(format, "last exit", lastExit(report.before()), lastExit(report.after()));
        out.printf("  systemctl is-active: %s%n", report.isActive());
        out.printf("  %s:%n", report.journalCommand());
        report.journal().forEach(line -> out.println("    " + line));
    }
}
