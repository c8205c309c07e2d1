package dev.burnwatch.daemon.script;

import dev.burnwatch.daemon.script.Finding.Severity;
import dev.burnwatch.daemon.script.ShellSyntax.HereDoc;
import dev.burnwatch.daemon.script.ShellSyntax.Script;
import dev.burnwatch.daemon.script.ShellSyntax.Simple;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The findings half of {@link ScriptAnalyzer}: what an operator needs to know about a script's
 * calls before and after a patch, each with why it matters and what to do.
 */
final class ScriptLint {

    private static final Pattern CLAUDE_COMMAND_IN_STRING = ScriptAnalyzer.CLAUDE_COMMAND_IN_STRING;
    private static final Set<String> SHELLS = ScriptAnalyzer.SHELLS;

    private final Script script;
    private final String text;
    private final List<Simple> commands;
    private final List<ShellAssignment> assignments;
    private final Set<String> exportedNames;
    private final List<Finding> findings;

    ScriptLint(Script script, List<Simple> commands, List<ShellAssignment> assignments, Set<String> exportedNames,
            List<Finding> findings) {
        this.script = script;
        this.text = script.text;
        this.commands = commands;
        this.assignments = assignments;
        this.exportedNames = exportedNames;
        this.findings = findings;
    }

    /** Adds the findings about the calls, the model variable and hidden calls to the shared list. */
    void lint(List<CallSite> sites, List<ScriptAnalyzer.Hidden> hidden, boolean crlf, Optional<DailyStop> dailyStop,
            Optional<ShellAssignment> export) {
        if (crlf) {
            int line = script.lineOf(text.indexOf("\r\n"));
            findings.add(new Finding(Severity.ERROR, "crlf", line,
                    "The script has Windows (CRLF) line endings, starting on line " + line + ".",
                    "bash reads the carriage return as part of each line's last word, so the daemon cannot run"
                            + " as written and Burnwatch will not patch it.",
                    "Convert it to Unix line endings (dos2unix FILE, or sed -i 's/\\r$//' FILE), then patch."));
        }
        List<CallSite> sessions = sites.stream().filter(site -> site.session).toList();
        if (sessions.isEmpty()) {
            findings.add(new Finding(Severity.ERROR, "no-call", 0, "No call of the claude CLI found.",
                    "Only words the shell runs as a command count: mentions in comments, strings, echo lines"
                            + " and here-documents do not.",
                    "Check that this is the script the daemon's unit runs (its ExecStart line)."));
        }
        for (CallSite site : sites) {
            if (!site.session) {
                findings.add(new Finding(Severity.INFO, "not-a-session", site.line,
                        "The call on line " + site.line + " starts no session (" + site.text.strip() + ").",
                        "It takes no turns, so it needs no cap.", "Nothing to do: a patch leaves it as it is."));
                continue;
            }
            lintCap(site);
            lintModel(site, export);
            lintExit(site);
            lintArguments(site);
        }
        lintModelVariable();
        lintHiddenCalls(hidden);
        if (dailyStop.isEmpty() && !sessions.isEmpty()) {
            findings.add(new Finding(Severity.INFO, "no-daily-stop", 0, "The daemon never stops by itself.",
                    "A daily stop restarts it fresh once a day (systemd's Restart=always starts it again), which"
                            + " keeps one stuck session from burning through the night.",
                    "Add --hard-stop HH:MM (UTC) to the patch."));
        }
    }

    private void lintCap(CallSite site) {
        int count = site.flags("--max-turns").size();
        if (count == 0) {
            findings.add(new Finding(Severity.WARNING, "uncapped-call", site.line,
                    "The call on line " + site.line + " runs without --max-turns.",
                    "An unattended session keeps taking turns until the task is done or the context runs out;"
                            + " each turn re-sends the whole conversation, so a stuck task costs the most.",
                    "burnwatch patch TARGET --max-turns 30 --model claude-haiku-4-5"));
        } else if (count > 1) {
            findings.add(new Finding(Severity.WARNING, "cap-repeated", site.line,
                    "The call on line " + site.line + " has --max-turns " + count + " times.",
                    "Only one of them counts, and which one is easy to misread.",
                    "Patch with --max-turns N: Burnwatch keeps one."));
        } else if (site.maxTurns().isEmpty()) {
            findings.add(new Finding(Severity.WARNING, "cap-not-fixed", site.line,
                    "The turn cap on line " + site.line + " is only known at run time.",
                    "The value comes from a variable, so the file does not show the cap in effect.",
                    "Patch with --max-turns N to write the number into the call."));
        }
    }

    private void lintModel(CallSite site, Optional<ShellAssignment> export) {
        if (site.effectiveModel.isEmpty()) {
            String why = switch (site.modelSource) {
                case CLEARED -> "A wrapper (" + String.join(", ", site.wrappers) + ") clears the environment, so"
                        + " an exported ANTHROPIC_MODEL does not reach the CLI.";
                case ENVIRONMENT -> "Nothing in the script decides the model, so the session runs on whatever the"
                        + " environment or the CLI's settings give, which can be the most expensive model.";
                default -> "The model comes from a variable, so the file does not show which model runs; it can"
                        + " be the most expensive one.";
            };
            findings.add(new Finding(Severity.WARNING, "unpinned-model", site.line,
                    "The call on line " + site.line + " runs on " + site.toCall().effectiveModelText() + ".", why,
                    "burnwatch patch TARGET --max-turns 30 --model claude-haiku-4-5"));
        }
        Optional<String> exported = export.map(ShellAssignment::valueLiteral);
        Optional<String> flag = site.modelFlag();
        if (exported.isPresent() && !site.flags("--model").isEmpty() && !flag.equals(exported)) {
            findings.add(new Finding(Severity.WARNING, "model-flag-defeats-pin", site.line,
                    "The call on line " + site.line + " passes --model " + flag.orElse("(set at run time)")
                            + ", which overrides the exported ANTHROPIC_MODEL=" + exported.get() + ".",
                    "A --model flag on the call beats the environment: the export pins nothing for this call.",
                    "Patch with --model M: Burnwatch writes the pinned model into the flag as well."));
        }
        if (exported.isPresent() && site.modelSource == ModelSource.PREFIX
                && !site.prefixModel.equals(exported)) {
            findings.add(new Finding(Severity.WARNING, "prefix-overrides-pin", site.line,
                    "The call on line " + site.line + " sets ANTHROPIC_MODEL="
                            + site.prefixModel.orElse("(set at run time)") + " for itself.",
                    "An assignment on the call overrides the script's export for that call.",
                    "Patch with --model M: the flag Burnwatch adds beats the assignment."));
        }
    }

    private void lintExit(CallSite site) {
        String capped = site.maxTurns().isPresent() ? "stops at its turn cap" : "stops at a turn cap";
        switch (site.exitEffect) {
            case ENDS_SCRIPT -> findings.add(new Finding(Severity.WARNING, "exit-ends-loop", site.line,
                    "Under set -e, the call on line " + site.line + " ends the daemon when it exits non-zero.",
                    "The CLI exits non-zero when a session " + capped + ". set -e then ends the script before"
                            + " the task is marked done; systemd starts it again and it picks the same task:"
                            + " the task is retried forever and every retry spends again.",
                    "Add --guard-exit to the patch: the call's non-zero exit is logged and the loop goes on,"
                            + " so the task is marked done as before."));
            case SKIPS_MARK_DONE -> findings.add(new Finding(Severity.WARNING, "exit-skips-mark-done",
                    site.line, "A non-zero exit of the call on line " + site.line
                            + " skips marking the task done.",
                    "The CLI exits non-zero when a session " + capped + ", so a capped task stays queued and is"
                            + " run again on the next pass, spending again each time.",
                    "Add --guard-exit to the patch: the call's non-zero exit is logged and the task is marked"
                            + " done as before."));
            case DECIDES_BRANCH -> findings.add(new Finding(Severity.WARNING, "exit-decides-branch",
                    site.line, "The call on line " + site.line + " is an if condition whose branch marks the"
                            + " task done.",
                    "The CLI exits non-zero when a session " + capped + ", so a capped task is never marked done"
                            + " and is run again on every pass. --guard-exit cannot rewrite an if condition.",
                    "Mark the task done after the if (as in: if ! claude ...; then log; fi; mv ...), then"
                            + " patch."));
            default -> {
            }
        }
    }

    private void lintArguments(CallSite site) {
        if (!site.dynamicArguments.isEmpty()) {
            String words = String.join(" ", site.dynamicArguments.stream().map(word -> word.raw).toList());
            findings.add(new Finding(Severity.WARNING, "arguments-from-variable", site.line,
                    "The call on line " + site.line + " takes arguments from " + words + ".",
                    "Those words are only known at run time and can carry their own --model or --max-turns,"
                            + " which the file does not show.",
                    "Check where they come from; keep --model and --max-turns out of them."));
        }
        if (site.assumedBinary) {
            findings.add(new Finding(Severity.INFO, "assumed-binary", site.line,
                    "Line " + site.line + " runs " + site.binary.raw + ", taken to be the claude CLI.",
                    "The variable is not set in the script; its name says it holds the CLI.",
                    "If it holds something else, tell whoever maintains the script to name it differently."));
        }
    }

    private void lintModelVariable() {
        List<ShellAssignment> model = assignments.stream()
                .filter(a -> a.name().equals(ScriptAnalyzer.MODEL_VARIABLE)).toList();
        if (!model.isEmpty() && !exportedNames.contains(ScriptAnalyzer.MODEL_VARIABLE)) {
            int line = script.lineOf(model.get(0).word().start);
            findings.add(new Finding(Severity.WARNING, "model-not-exported", line,
                    "ANTHROPIC_MODEL is set on line " + line + " but never exported.",
                    "A shell variable that is not exported does not reach the CLI: the setting has no effect.",
                    "Patch with --model M: Burnwatch writes an export line."));
        }
        model.stream().filter(a -> ScriptAnalyzer.DEFAULTED_MODEL.matcher(a.valueRaw()).matches()).findFirst()
                .ifPresent(a -> findings.add(new Finding(Severity.INFO, "model-overridable",
                        script.lineOf(a.word().start),
                        "ANTHROPIC_MODEL on line " + script.lineOf(a.word().start)
                                + " is only a default: the unit's environment can override it.",
                        "An Environment= line in the unit or a drop-in changes the model without a change here.",
                        "Patch with --model M to pin it.")));
    }

    private void lintHiddenCalls(List<ScriptAnalyzer.Hidden> hidden) {
        hidden.forEach(call -> hidden(call.offset(), call.where()));
        for (HereDoc doc : script.hereDocs) {
            String fed = doc.command() == null ? null : doc.command().commandName();
            String feeder = fed == null ? "" : ScriptAnalyzer.baseName(fed);
            if ((SHELLS.contains(feeder) || feeder.equals("ssh"))
                    && CLAUDE_COMMAND_IN_STRING.matcher(text.substring(doc.bodyStart(), doc.bodyEnd())).find()) {
                hidden(doc.bodyStart(), "in a here-document fed to " + feeder);
            }
        }
    }

    private void hidden(int offset, String where) {
        int line = script.lineOf(offset);
        findings.add(new Finding(Severity.WARNING, "hidden-call", line,
                "Line " + line + " seems to run claude " + where + ": Burnwatch cannot see that call.",
                "The call is put together only when the script runs, or parsed later by another shell, so"
                        + " Burnwatch can neither cap it nor give it --model, and 'burnwatch verify' fails: the"
                        + " script cannot be proven capped. The exported ANTHROPIC_MODEL reaches it only if it runs"
                        + " on this host in the script's environment.",
                "Write the call directly in the script (claude ..., or \"$CLAUDE_BIN\" ... with CLAUDE_BIN set"
                        + " in the script), then patch again."));
    }
}
