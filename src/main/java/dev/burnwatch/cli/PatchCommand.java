package dev.burnwatch.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnwatch.daemon.ChangeRefusedException;
import dev.burnwatch.daemon.ChangeResult;
import dev.burnwatch.daemon.ModelCheck;
import dev.burnwatch.daemon.DaemonTarget;
import dev.burnwatch.daemon.PatchPreview;
import dev.burnwatch.daemon.ScriptPatch;
import dev.burnwatch.daemon.script.CallFlag;
import dev.burnwatch.daemon.script.ClaudeCall;
import dev.burnwatch.daemon.script.Finding;
import dev.burnwatch.daemon.script.PatchResult;
import dev.burnwatch.daemon.script.PatchSettings;
import dev.burnwatch.daemon.script.ScriptAnalysis;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;
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
        DaemonCommands.refuseEmpty("--hard-stop", hardStop, "a time of day in UTC as HH:MM, such as 04:00",
                "no daily stop");
        DaemonCommands.refuseEmpty("--max-budget-usd", maxBudgetUsd, "an amount in USD such as 2 or 0.50",
                "no budget per session");
        PatchSettings settings = PatchSettings.of(maxTurns, model, hardStop, maxBudgetUsd, guardExit);
        List<String> warnings = ModelCheck.warnings(settings.model(), DaemonCommands.prices());
        warnings.forEach(warning -> err().println("warning: " + warning));
        err().flush();
        try (DaemonTarget script = DaemonTarget.open(target, DaemonCommands.connectOptions(ssh))) {
            ScriptPatch patch = new ScriptPatch(script.host(), DaemonCommands.history());
            PatchPreview preview = patch.preview(script.path(), settings);
            ChangeResult result = apply ? patch.apply(preview) : null;
            String restart = result != null && result.changed()
                    ? DaemonCommands.restartLine(target, script.host(), ssh, script.path(), result.outcome().path())
                    : null;
            if (output.json) {
                DaemonCommands.printJson(out(), json(preview, result, warnings, restart));
            } else {
                print(out(), preview, result, restart);
            }
            return ExitCode.OK;
        } catch (ChangeRefusedException e) {
            throw new CheckFailedException(e.getMessage());
        }
    }

    private void print(PrintWriter out, PatchPreview preview, ChangeResult result, String restart) {
        PatchResult patched = preview.result();
        out.println(preview.script().path() + " on " + preview.script().hostId() + ", as it is:");
        printCalls(out, patched.before());
        printFindings(out, "Found", patched.before().findings());
        if (!patched.changed()) {
            printGuard(out, patched);
            boolean hidden = patched.before().findings().stream().anyMatch(f -> f.code().equals("hidden-call"));
            out.println("It already caps every call at " + preview.settings().maxTurns() + " turns on "
                    + preview.settings().model() + (hidden ? " (apart from the calls it cannot see, above)" : "")
                    + ": unchanged.");
            return;
        }
        out.println();
        out.print(preview.diff());
        out.println();
        out.println("After the patch:");
        printCalls(out, patched.after());
        printFindings(out, "Found after the patch", patched.after().findings());
        printGuard(out, patched);
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
        out.println("Next: restart the daemon's unit (" + restart + "), then burnwatch verify "
                + DaemonCommands.word(target) + " --max-turns " + preview.settings().maxTurns() + " --model "
                + preview.settings().model() + " --watch" + DaemonCommands.sshFlags(ssh));
    }

    /** Each session call with its cap, model and flags, then what the script as a whole does. */
    private static void printCalls(PrintWriter out, ScriptAnalysis analysis) {
        for (ClaudeCall call : analysis.sessionCalls()) {
            out.printf("  line %-4d cap %-6s model %s%n", call.line(),
                    call.maxTurns().map(String::valueOf).orElse("none"), call.effectiveModelText());
            out.println("            flags: " + flagsText(call));
        }
        out.println("  script: cap " + analysis.turnCap().map(n -> n + " turns").orElse(capNone(analysis))
                + ", pinned model " + analysis.pinnedModel().orElse("none") + ", daily stop "
                + analysis.dailyStop().map(stop -> stop.timeUtc() + " UTC").orElse("none"));
    }

    private static String capNone(ScriptAnalysis analysis) {
        return analysis.sessionCalls().stream().anyMatch(call -> call.maxTurns().isPresent())
                ? "none (not the same on every call)" : "none";
    }

    private static String flagsText(ClaudeCall call) {
        if (call.flags().isEmpty()) {
            return "(none)";
        }
        return call.flags().stream().map(flag -> flag.rawValue() == null ? flag.name()
                : flag.name() + " " + flag.rawValue()).collect(Collectors.joining(" "));
    }

    private static void printGuard(PrintWriter out, PatchResult patched) {
        if (patched.guardReason() != null) {
            out.println("--guard-exit: " + patched.guardReason() + ".");
        }
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

    private ObjectNode json(PatchPreview preview, ChangeResult result, List<String> warnings, String restart) {
        PatchResult patched = preview.result();
        ObjectNode root = DaemonCommands.JSON.createObjectNode();
        root.put("host", preview.script().hostId());
        root.put("path", preview.script().path());
        root.set("settings", DaemonCommands.JSON.valueToTree(preview.settings()));
        root.set("warnings", DaemonCommands.JSON.valueToTree(warnings));
        root.put("changed", patched.changed());
        root.put("applied", result != null && result.changed());
        root.put("diff", preview.diff());
        root.set("findingsBefore", DaemonCommands.JSON.valueToTree(patched.before().findings()));
        root.set("findingsAfter", DaemonCommands.JSON.valueToTree(patched.after().findings()));
        root.set("calls", callsJson(patched.before()));
        root.set("script", scriptJson(patched.before()));
        root.set("callsAfter", callsJson(patched.after()));
        root.set("scriptAfter", scriptJson(patched.after()));
        if (preview.settings().guardExit()) {
            root.put("guardAdded", patched.guardAdded());
            root.put("guardReason", patched.guardReason());
        }
        root.put("beforeSha256", preview.script().sha256());
        if (result != null) {
            root.put("backupPath", result.outcome().backupPath());
            root.put("afterSha256", result.outcome().afterSha256());
            if (result.record() != null) {
                root.put("historyId", result.record().id());
            }
        }
        if (restart != null) {
            root.put("next", restart);
        }
        return root;
    }

    private static ArrayNode callsJson(ScriptAnalysis analysis) {
        ArrayNode calls = DaemonCommands.JSON.createArrayNode();
        for (ClaudeCall call : analysis.sessionCalls()) {
            ObjectNode row = calls.addObject();
            row.put("line", call.line());
            row.put("maxTurns", call.maxTurns().orElse(null));
            row.put("model", call.effectiveModel().orElse(null));
            row.put("modelSource", call.modelSource().description());
            ArrayNode flags = row.putArray("flags");
            for (CallFlag flag : call.flags()) {
                flags.addObject().put("name", flag.name()).put("value", flag.value()).put("rawValue", flag.rawValue())
                        .put("line", flag.line());
            }
        }
        return calls;
    }

    private static ObjectNode scriptJson(ScriptAnalysis analysis) {
        ObjectNode script = DaemonCommands.JSON.createObjectNode();
        script.put("cap", analysis.turnCap().orElse(null));
        script.put("model", analysis.pinnedModel().orElse(null));
        script.put("dailyStop", analysis.dailyStop().map(stop -> stop.timeUtc().toString()).orElse(null));
        return script;
    }
}
