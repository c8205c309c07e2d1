package dev.burnwatch.daemon.script;

import dev.burnwatch.BadInputException;
import dev.burnwatch.daemon.script.ShellSyntax.AndOr;
import dev.burnwatch.daemon.script.ShellSyntax.Compound;
import dev.burnwatch.daemon.script.ShellSyntax.Pipeline;
import dev.burnwatch.daemon.script.ShellSyntax.Script;
import dev.burnwatch.daemon.script.ShellSyntax.Simple;
import dev.burnwatch.daemon.script.ShellSyntax.Word;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a cap and a pin into a daemon's script, and on request a daily stop, a spend cap and the exit
 * guard, changing nothing else: every byte outside the changed words and added lines stays as it was
 * (line endings, indentation, comments, a missing final newline).
 *
 * <p>The design: each session call gets {@code --max-turns N} exactly once and {@code --model M}
 * (a flag on the call beats every environment, so {@code sudo}, {@code env -i} and prefix assignments
 * cannot defeat it), and the script exports {@code ANTHROPIC_MODEL=M} near its top for calls Burnwatch
 * cannot see. Patching an already patched script with the same settings finds every value in place
 * and changes nothing.
 */
public final class ScriptPatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptPatcher.class);

    /** The variable the daily stop's deadline lives in; also how Burnwatch recognises its own stop. */
    static final String STOP_VARIABLE = "burnwatch_stop_at";
    static final String STOP_COMMENT = "# burnwatch: daily stop at ";
    static final String STOP_CHECK = "if (( $(date -u +%s) >= " + STOP_VARIABLE + " )); then"
            + " echo \"burnwatch: daily stop\" >&2; exit 0; fi";
    static final String GUARD = " || echo \"burnwatch guard: claude exited with status $?,"
            + " the loop goes on\" >&2";

    /** Leading commands the pin goes after: shell options, and files sourced that could set the model. */
    private static final Set<String> HEADER_COMMANDS = Set.of("set", "shopt", "source", ".");

    private ScriptPatcher() {
    }

    /**
     * Patches a script's text.
     *
     * @throws BadInputException when the file has CRLF line endings, holds no call of the CLI, or
     *     needs a loop for a daily stop and has none
     */
    public static PatchResult patch(String scriptText, PatchSettings settings) {
        Objects.requireNonNull(scriptText, "scriptText");
        Objects.requireNonNull(settings, "settings");
        ScriptAnalysis before = ScriptAnalyzer.analyze(scriptText);
        refuseUnpatchable(before);

        Work work = new Work(before, settings);
        work.capAndPinCalls();
        work.exportModel();
        work.addDailyStop();
        work.guardExits();

        String newText = work.edits.apply();
        ScriptAnalysis after = ScriptAnalyzer.analyze(newText);
        checkResult(before, after, settings);
        LOG.debug("Patch of {} session calls: {} changes", before.sessionCalls().size(), work.changes.size());
        return new PatchResult(newText, !newText.equals(scriptText), before, after, work.changes, work.guardAdded,
                work.guardReason);
    }

    private static void refuseUnpatchable(ScriptAnalysis before) {
        if (before.crlf()) {
            int line = before.script().lineOf(before.text().indexOf("\r\n"));
            throw new BadInputException("The script has Windows (CRLF) line endings (first on line " + line
                    + "): bash cannot run it as it is, so Burnwatch will not patch it. Convert it to Unix line"
                    + " endings (dos2unix FILE, or sed -i 's/\\r$//' FILE) and patch again.");
        }
        if (before.sessionCalls().isEmpty()) {
            throw new BadInputException("No call of the claude CLI found in the script, so there is nothing to cap."
                    + " Only words the shell runs as a command count (not comments, strings, echo lines or"
                    + " here-documents). Check that this is the script the daemon's unit runs (its ExecStart line).");
        }
    }

    /** The patch is checked by reading its own result: a patch that misses a call is never handed out. */
    private static void checkResult(ScriptAnalysis before, ScriptAnalysis after, PatchSettings settings) {
        List<ClaudeCall> calls = after.sessionCalls();
        String problem = null;
        if (calls.size() != before.sessionCalls().size()) {
            problem = "the patched script shows " + calls.size() + " calls instead of " + before.sessionCalls().size();
        }
        for (ClaudeCall call : calls) {
            if (problem != null) {
                break;
            }
            if (call.maxTurnsCount() != 1 || !call.maxTurns().equals(Optional.of(settings.maxTurns()))) {
                problem = "line " + call.line() + " would not have --max-turns " + settings.maxTurns()
                        + " exactly once";
            } else if (!call.effectiveModel().equals(Optional.of(settings.model()))) {
                problem = "line " + call.line() + " would not run on " + settings.model();
            } else if (settings.maxBudgetUsd() != null && (call.maxBudgetUsd().isEmpty()
                    || call.maxBudgetUsd().get().compareTo(settings.maxBudgetUsd()) != 0)) {
                problem = "line " + call.line() + " would not have --max-budget-usd " + settings.maxBudgetUsd();
            }
        }
        if (problem == null && settings.hardStopUtc() != null && !after.dailyStop()
                .filter(stop -> stop.deadlineBased() && stop.timeUtc().equals(settings.hardStopUtc())).isPresent()) {
            problem = "the daily stop would not be in place";
        }
        if (problem != null) {
            throw new BadInputException("Burnwatch could not patch this script safely: " + problem
                    + ". Nothing was changed. Edit the call by hand, or report the script so the patcher can learn"
                    + " its form.");
        }
    }

    /**
     * Where the blanks (and line continuations) before the word at {@code wordStart} begin: removing
     * from there to the end of a flag's value leaves the words around it as they were spaced, with no
     * stray blank before a {@code )} or at the end of a line.
     */
    static int separatorStart(String text, int wordStart) {
        int at = wordStart;
        while (at > 0) {
            char before = text.charAt(at - 1);
            if (before == ' ' || before == '\t') {
                at--;
            } else if (before == '\n' && escapedNewline(text, at - 1)) {
                at -= 2;
            } else {
                break;
            }
        }
        return at;
    }

    /** A newline after an odd number of backslashes is a line continuation. */
    private static boolean escapedNewline(String text, int newline) {
        int backslashes = 0;
        while (newline - backslashes - 1 >= 0 && text.charAt(newline - backslashes - 1) == '\\') {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** One patch in progress: the edits at original offsets and the words that describe them. */
    private static final class Work {

        private final ScriptAnalysis before;
        private final PatchSettings settings;
        private final Script script;
        private final String text;
        private final TextEdits edits;
        private final List<String> changes = new ArrayList<>();
        private final List<CallSite> sessions;
        private boolean guardAdded;
        private String guardReason;

        Work(ScriptAnalysis before, PatchSettings settings) {
            this.before = before;
            this.settings = settings;
            this.script = before.script();
            this.text = script.text;
            this.edits = new TextEdits(text);
            this.sessions = before.sites().stream().filter(site -> site.session).toList();
        }

        void capAndPinCalls() {
            for (CallSite site : sessions) {
                StringBuilder added = new StringBuilder();
                setOnce(site, "--max-turns", Integer.toString(settings.maxTurns()), added);
                setModel(site, added);
                if (settings.maxBudgetUsd() != null) {
                    setOnce(site, "--max-budget-usd", settings.maxBudgetUsd().toPlainString(), added);
                }
                if (!added.isEmpty()) {
                    edits.insert(site.binary.end, added.toString());
                    changes.add("line " + site.line + ": added" + added);
                }
            }
        }

        /** Leaves one {@code flag} with {@code value} on the call: keeps the first, fixes its value, drops others. */
        private void setOnce(CallSite site, String flag, String value, StringBuilder added) {
            List<CallSite.FlagWords> found = site.flags(flag);
            if (found.isEmpty()) {
                added.append(' ').append(flag).append(' ').append(value);
                return;
            }
            setValue(site, found.get(0), value);
            for (CallSite.FlagWords extra : found.subList(1, found.size())) {
                Word last = extra.valueWord() != null ? extra.valueWord() : extra.flagWord();
                edits.replace(separatorStart(text, extra.flagWord().start), last.end, "");
                changes.add("line " + script.lineOf(extra.flagWord().start) + ": removed the repeated "
                        + text.substring(extra.flagWord().start, last.end));
            }
        }

        private void setModel(CallSite site, StringBuilder added) {
            List<CallSite.FlagWords> found = site.flags("--model");
            if (found.isEmpty()) {
                added.append(" --model ").append(settings.modelWord());
                return;
            }
            found.forEach(flag -> setValue(site, flag, settings.model()));
        }

        private void setValue(CallSite site, CallSite.FlagWords flag, String value) {
            String word = flag.name().equals("--model") ? settings.modelWord() : value;
            int line = script.lineOf(flag.flagWord().start);
            if (flag.inline()) {
                if (!value.equals(flag.value())) {
                    edits.replace(flag.flagWord().start, flag.flagWord().end, flag.name() + "=" + word);
                    changes.add("line " + line + ": " + flag.flagWord().raw + " -> " + flag.name() + "=" + word);
                }
                return;
            }
            if (flag.valueWord() == null) {
                edits.insert(flag.flagWord().end, " " + word);
                changes.add("line " + line + ": gave " + flag.name() + " the value " + word);
                return;
            }
            if (!value.equals(flag.value())) {
                edits.replace(flag.valueWord().start, flag.valueWord().end, word);
                changes.add("line " + line + ": " + flag.name() + " " + flag.valueWord().raw + " -> " + word);
            }
        }

        void exportModel() {
            String assignment = ScriptAnalyzer.MODEL_VARIABLE + "=" + settings.modelWord();
            Word existing = before.modelExport();
            if (existing != null) {
                if (!before.exportedModel().equals(Optional.of(settings.model()))) {
                    edits.replace(existing.start, existing.end, assignment);
                    changes.add("line " + script.lineOf(existing.start) + ": " + existing.raw + " -> " + assignment);
                }
                return;
            }
            insertHeaderLines(List.of("export " + assignment));
            changes.add("added export " + assignment + " near the top, for calls run from elsewhere");
        }

        void addDailyStop() {
            LocalTime stop = settings.hardStopUtc();
            if (stop == null) {
                return;
            }
            Set<Compound> loops = new LinkedHashSet<>();
            sessions.forEach(site -> loops.addAll(site.loops));
            if (loops.isEmpty()) {
                throw new BadInputException("A daily stop needs the loop that runs the claude calls, and the call on"
                        + " line " + sessions.get(0).line + " is not inside one. Leave out --hard-stop for a"
                        + " script that runs once (a systemd timer can stop it instead).");
            }
            Optional<DailyStop> present = before.dailyStop().filter(DailyStop::deadlineBased);
            String hhmm = String.format("%02d:%02d", stop.getHour(), stop.getMinute());
            if (present.isEmpty()) {
                insertHeaderLines(stopHeader(stop));
                changes.add("added the daily stop at " + hhmm + " UTC (a deadline computed when the daemon starts)");
            } else if (!present.get().timeUtc().equals(stop)) {
                replaceStopHeader(present.get(), stop);
                changes.add("line " + present.get().line() + ": daily stop " + present.get().timeUtc() + " -> " + hhmm
                        + " UTC");
            }
            for (Compound loop : loops.stream().sorted(Comparator.comparingInt(loop -> loop.start)).toList()) {
                addStopCheck(loop);
            }
        }

        private List<String> stopHeader(LocalTime stop) {
            int seconds = stop.toSecondOfDay();
            String hhmm = String.format("%02d:%02d", stop.getHour(), stop.getMinute());
            return List.of(STOP_COMMENT + hhmm + " UTC (after the current task; systemd starts it again)",
                    STOP_VARIABLE + "=$(date -u +%s); " + STOP_VARIABLE + "=$(( " + STOP_VARIABLE + " + (" + seconds
                            + " - " + STOP_VARIABLE + " % 86400 + 86399) % 86400 + 1 ))");
        }

        private void replaceStopHeader(DailyStop present, LocalTime stop) {
            List<String> header = stopHeader(stop);
            int lineStart = lineStartOf(present.line());
            int lineEnd = text.indexOf('\n', lineStart);
            edits.replace(lineStart, lineEnd < 0 ? text.length() : lineEnd, header.get(1));
            if (present.line() > 1) {
                int commentStart = lineStartOf(present.line() - 1);
                if (text.startsWith(STOP_COMMENT, commentStart)) {
                    edits.replace(commentStart, lineStart - 1, header.get(0));
                }
            }
        }

        private int lineStartOf(int line) {
            int offset = 0;
            for (int i = 1; i < line; i++) {
                offset = text.indexOf('\n', offset) + 1;
            }
            return offset;
        }

        private void addStopCheck(Compound loop) {
            if (loop.bodyStart < 0) {
                return;
            }
            int lineStart = script.lineStart(loop.bodyStart);
            int lineEnd = text.indexOf('\n', loop.bodyStart);
            String firstLine = text.substring(loop.bodyStart, lineEnd < 0 ? text.length() : lineEnd);
            if (firstLine.contains(STOP_VARIABLE)) {
                return;
            }
            String indent = text.substring(lineStart, loop.bodyStart);
            boolean ownLine = indent.isBlank() && script.lineOf(loop.bodyStart) > script.lineOf(loop.doEnd);
            if (ownLine) {
                edits.insert(lineStart, indent + STOP_CHECK + "\n");
            } else {
                edits.insert(loop.bodyStart, STOP_CHECK + "; ");
            }
            changes.add("line " + script.lineOf(loop.start) + ": the loop checks the daily stop before each pass");
        }

        void guardExits() {
            if (!settings.guardExit()) {
                return;
            }
            Set<Pipeline> guarded = new LinkedHashSet<>();
            List<Integer> branches = new ArrayList<>();
            List<Integer> present = new ArrayList<>();
            for (CallSite site : sessions) {
                if (site.exitEffect == ExitEffect.DECIDES_BRANCH) {
                    branches.add(site.line);
                    changes.add("line " + site.line + ": left unguarded: the call is an if condition that decides"
                            + " whether the task is marked done; move the mark-done after the if by hand");
                    continue;
                }
                if (site.guardAnchor != null && text.startsWith(GUARD, site.guardAnchor.end)) {
                    present.add(site.line);
                    continue;
                }
                if (site.exitEffect == ExitEffect.NONE || site.guardAnchor == null
                        || !guarded.add(site.guardAnchor)) {
                    continue;
                }
                edits.insert(site.guardAnchor.end, GUARD);
                changes.add("line " + script.lineOf(site.guardAnchor.end) + ": a non-zero exit of the call is logged"
                        + " and the loop goes on (exit guard)");
            }
            guardAdded = !guarded.isEmpty();
            if (guardAdded) {
                return;
            }
            if (!branches.isEmpty()) {
                guardReason = "no guard added: the call on line " + branches.get(0) + " is an if condition that"
                        + " decides whether the task is marked done, which --guard-exit cannot rewrite; mark the task"
                        + " done after the if by hand";
            } else if (!present.isEmpty()) {
                guardReason = "no guard needed: the call on line " + present.get(0) + " is already guarded (its"
                        + " non-zero exit is logged and the loop goes on)";
            } else {
                guardReason = "no guard needed: a capped call's non-zero exit does not end the loop here (no set -e"
                        + " where the calls run, and no mark-done that depends on their exit status)";
            }
        }

        /** Adds lines after the script's leading {@code set} and {@code source} lines, or before its first command. */
        private void insertHeaderLines(List<String> lines) {
            int offset = headerOffset();
            String block = lines.stream().map(line -> line + "\n").collect(Collectors.joining());
            if (offset == text.length() && !text.isEmpty() && !text.endsWith("\n")) {
                block = "\n" + block.substring(0, block.length() - 1);
            }
            edits.insert(offset, block);
        }

        private int headerOffset() {
            List<AndOr> topLevel = script.lists.stream()
                    .filter(list -> list.parent == null && list.substitution == null)
                    .sorted(Comparator.comparingInt(AndOr::start)).toList();
            AndOr lastSet = null;
            for (AndOr list : topLevel) {
                Pipeline first = list.pipelines.get(0);
                boolean isSet = list.pipelines.size() == 1 && first.nodes.size() == 1
                        && first.nodes.get(0) instanceof Simple simple && HEADER_COMMANDS.contains(
                                String.valueOf(simple.commandName()));
                if (!isSet) {
                    return lastSet != null ? script.lineEndAfterNewline(lastSet.end()) : script.lineStart(list.start());
                }
                lastSet = list;
            }
            return lastSet != null ? script.lineEndAfterNewline(lastSet.end()) : 0;
        }
    }
}
