package dev.burnwatch.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnwatch.daemon.ChangeRefusedException;
import dev.burnwatch.daemon.ChangeResult;
import dev.burnwatch.daemon.DaemonTarget;
import dev.burnwatch.daemon.PatchPreview;
import dev.burnwatch.daemon.ScriptPatch;
import dev.burnwatch.daemon.script.ClaudeCall;
import dev.burnwatch.daemon.script.Finding;
import dev.burnwatch.daemon.script.PatchSettings;
import dev.burnwatch.daemon.script.ScriptAnalysis;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code burnwatch patch TARGET --max-turns N --model M [--hard-stop HH:MM] [--max-budget-usd X]
 * [--guard-exit] [--apply]}: without {@code --apply} the diff and the findings, nothing written;
 * with it the safe write, a backup and a history record.
 */
@Command(name = "patch", description = {
    "Cap every claude call in a daemon script at N turns and pin model M.",
    "Optionally a daily stop, a budget per call and the exit guard. Without",
    "--apply: show the diff and the findings, write nothing."})
public final class PatchCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "TARGET",
            description = "The script: a path, ssh://user@host[:port]/absolute/path or savedhost:/path.")
    String target;

    @Option(names = "--max-turns", required = true, paramLabel = "N", description = "The turn cap for every call.")
    String maxTurns;

    @Option(names = "--model", required = true, paramLabel = "M",
            description = "The model to pin, e.g. claude-haiku-4-5 or haiku.")
    String model;

    @Option(names = "--hard-stop", paramLabel = "HH:MM",
            description = "Stop the daemon once a day at this time (UTC), after its current task.")
    String hardStop;

    @Option(names = "--max-budget-usd", paramLabel = "X", description = "Stop a session once it spent X USD.")
    String maxBudgetUsd;

    @Option(names = "--guard-exit",
            description = "Log a capped call's non-zero exit instead of letting it end the loop.")
    boolean guardExit;

    @Option(names = "--apply", description = "Write the change (with a backup and a history record).")
    boolean apply;

    @Mixin
    SshOptions ssh = new SshOptions();

    @Override
    protected int execute() throws Exception {
        PatchSettings settings = PatchSettings.of(maxTurns, model, hardStop, maxBudgetUsd, guardExit);
        try (DaemonTarget script = DaemonTarget.open(target, DaemonCommands.connectOptions(ssh))) {
            ScriptPatch patch = new ScriptPatch(script.host(), DaemonCommands.history());
            PatchPreview preview = patch.preview(script.path(), settings);
            ChangeResult result = apply ? patch.apply(preview) : null;
            if (output.json) {
                DaemonCommands.printJson(out(), json(preview, result));
            } else {
                print(out(), preview, result);
            }
            return ExitCode.OK;
        } catch (ChangeRefusedException e) {
            throw new CheckFailedException(e.getMessage());
        }
    }

    private void print(PrintWriter out, PatchPreview preview, ChangeResult result) {
        ScriptAnalysis before = preview.result().before();
        out.println(preview.script().path() + " on " + preview.script().hostId() + ":");
        for (ClaudeCall call : before.sessionCalls()) {
            out.printf("  line %-4d cap %-16s model %s%n", call.line(),
                    call.maxTurns().map(String::valueOf).orElse("none"), call.effectiveModelText());
        }
        printFindings(out, "Found", before.findings());
        if (!preview.result().changed()) {
            out.println("It already caps every call at " + preview.settings().maxTurns() + " turns on "
                    + preview.settings().model() + ": unchanged.");
            return;
        }
        out.println();
        out.print(preview.diff());
        out.println();
        printFindings(out, "After the patch", preview.result().after().findings());
        out.println();
        if (result == null) {
            out.println("Check mode: nothing was written. Run the same command with --apply to write it.");
            return;
        }
        if (!result.changed()) {
            out.println("Unchanged: the file already had this text.");
            return;
        }
        out.println("Patched " + result.outcome().path() + " (owner and mode kept: " + result.outcome().ownerAndMode()
                + ").");
        out.println("Backup: " + result.outcome().backupPath() + " (history #" + result.record().id() + ").");
        out.println("Next: restart the daemon's unit (burnwatch restart HOST --unit UNIT), then"
                + " burnwatch verify " + target + " --max-turns " + preview.settings().maxTurns() + " --model "
                + preview.settings().model() + " --watch");
    }

    private static void printFindings(PrintWriter out, String title, List<Finding> findings) {
        if (findings.isEmpty()) {
            return;
        }
        out.println(title + ":");
        for (Finding finding : findings) {
            out.println("  " + finding.severity() + (finding.line() > 0 ? " line " + finding.line() : "") + ": "
                    + finding.message());
            if (finding.explanation() != null && !finding.explanation().isBlank()) {
                out.println("      why: " + finding.explanation());
            }
            if (finding.suggestedFix() != null && !finding.suggestedFix().isBlank()) {
                out.println("      fix: " + finding.suggestedFix());
            }
        }
    }

    private static ObjectNode json(PatchPreview preview, ChangeResult result) {
        ObjectNode root = DaemonCommands.JSON.createObjectNode();
        root.put("host", preview.script().hostId());
        root.put("path", preview.script().path());
        root.set("settings", DaemonCommands.JSON.valueToTree(preview.settings()));
        root.put("changed", preview.result().changed());
        root.put("applied", result != null && result.changed());
        root.put("diff", preview.diff());
        root.set("findingsBefore", DaemonCommands.JSON.valueToTree(preview.result().before().findings()));
        root.set("findingsAfter", DaemonCommands.JSON.valueToTree(preview.result().after().findings()));
        ArrayNode calls = root.putArray("calls");
        for (ClaudeCall call : preview.result().before().sessionCalls()) {
            ObjectNode row = calls.addObject();
            row.put("line", call.line());
            row.put("maxTurns", call.maxTurns().orElse(null));
            row.put("model", call.effectiveModel().orElse(null));
            row.put("modelSource", call.modelSource().description());
        }
        root.put("beforeSha256", preview.script().sha256());
        if (result != null) {
            root.put("backupPath", result.outcome().backupPath());
            root.put("afterSha256", result.outcome().afterSha256());
            if (result.record() != null) {
                root.put("historyId", result.record().id());
            }
        }
        return root;
    }
}
