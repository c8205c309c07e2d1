package dev.burnwatch.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnwatch.BadInputException;
import dev.burnwatch.daemon.ChangeRefusedException;
import dev.burnwatch.daemon.ChangeResult;
import dev.burnwatch.daemon.DaemonTarget;
import dev.burnwatch.daemon.Rollback;
import dev.burnwatch.daemon.RollbackPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code burnwatch rollback TARGET [--to BACKUP]}: puts a recorded backup back in place. */
@Command(name = "rollback", description = {
    "Restore a recorded backup of a daemon script.",
    "It goes through the same safe path as a patch. Without --to it steps back",
    "one patch; the version it replaces is backed up and recorded too."})
public final class RollbackCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "TARGET",
            description = "The script: a path, ssh://user@host[:port]/absolute/path or savedhost:/path.")
    String target;

    @Option(names = "--to", paramLabel = "BACKUP",
            description = "The recorded backup to restore (its path or file name, as 'burnwatch history' lists).")
    String backup;

    @Mixin
    SshOptions ssh = new SshOptions();

    @Override
    protected int execute() throws Exception {
        try (DaemonTarget script = DaemonTarget.open(target, DaemonCommands.connectOptions(ssh))) {
            Rollback rollback = new Rollback(script.host(), DaemonCommands.history());
            RollbackPlan plan = rollback.plan(script.path(), backup);
            ChangeResult result = rollback.apply(plan);
            String restart = result.changed()
                    ? DaemonCommands.restartLine(target, script.host(), ssh, script.path(), plan.current().path())
                    : null;
            report(plan, result, restart);
            return ExitCode.OK;
        } catch (ChangeRefusedException e) {
            if (e.reason() == ChangeRefusedException.Reason.UNKNOWN_BACKUP) {
                throw new BadInputException(e.getMessage());
            }
            throw new CheckFailedException(e.getMessage());
        }
    }

    private void report(RollbackPlan plan, ChangeResult result, String restart) throws Exception {
        if (output.json) {
            ObjectNode root = DaemonCommands.JSON.createObjectNode();
            root.put("host", plan.current().hostId());
            root.put("path", plan.current().path());
            root.put("restored", plan.source().backupPath());
            root.put("changed", result.changed());
            root.put("diff", plan.diff());
            root.put("backupPath", result.outcome().backupPath());
            root.put("beforeSha256", result.outcome().beforeSha256());
            root.put("afterSha256", result.outcome().afterSha256());
            if (result.record() != null) {
                root.put("historyId", result.record().id());
            }
            if (restart != null) {
                root.put("next", restart);
            }
            DaemonCommands.printJson(out(), root);
            return;
        }
        if (!result.changed()) {
            out().println(plan.current().path() + " already equals " + plan.source().backupPath() + ": unchanged.");
            return;
        }
        out().print(plan.diff());
        out().println();
        out().println("Restored " + plan.source().backupPath() + " to " + plan.current().path() + " on "
                + plan.current().hostId() + ".");
        out().println("The version it replaced is saved as " + result.outcome().backupPath()
                + " (history #" + result.record().id() + ").");
        out().println("Next: restart the daemon's unit for it to take effect: " + restart);
    }
}
