package dev.burnwatch.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnwatch.BadInputException;
import dev.burnwatch.daemon.RestartFailedException;
import dev.burnwatch.daemon.RestartReport;
import dev.burnwatch.daemon.ServiceControl;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.Hosts;
import dev.burnwatch.host.Location;
import java.io.PrintWriter;
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

    @Option(names = "--unit", required = true, paramLabel = "UNIT",
            description = "The daemon's unit, e.g. agent-daemon.")
    String unit;

    @Option(names = "--restart-command", paramLabel = "CMD",
            description = "Restart with this command instead; {unit} stands for the unit (default: "
                    + ServiceControl.DEFAULT_RESTART_COMMAND + ").")
    String restartCommand = ServiceControl.DEFAULT_RESTART_COMMAND;

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
        try (Host host = Hosts.open(location, DaemonCommands.connectOptions(ssh))) {
            RestartReport report = new ServiceControl(host, restartCommand).restart(unit);
            print(host, report);
            return ExitCode.OK;
        } catch (RestartFailedException e) {
            if (e.report() != null && !output.json) {
                err().println("What the host showed:");
                printState(err(), e.report());
            }
            throw new CheckFailedException(e.getMessage());
        }
    }

    private void print(Host host, RestartReport report) throws Exception {
        if (output.json) {
            ObjectNode root = DaemonCommands.JSON.valueToTree(report);
            root.put("host", host.id());
            DaemonCommands.printJson(out(), root);
            return;
        }
        out().println("Restarted " + report.unit() + " on " + host.id() + " (" + report.command() + ").");
        printState(out(), report);
    }

    private static void printState(PrintWriter out, RestartReport report) {
        String format = "  %-11s %-34s %s%n";
        out.printf(format, "", "before", "after");
        out.printf(format, "main PID", report.before().mainPid(), report.after().mainPid());
        out.printf(format, "started", report.before().startedAt(), report.after().startedAt());
        out.printf(format, "state", report.before().activeState() + "/" + report.before().subState(),
                report.after().activeState() + "/" + report.after().subState());
        out.printf("  systemctl is-active: %s%n", report.isActive());
        out.printf("  %s:%n", report.journalCommand());
        report.journal().forEach(line -> out.println("    " + line));
    }
}
