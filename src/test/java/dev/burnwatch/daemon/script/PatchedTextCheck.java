package dev.burnwatch.daemon.script;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.daemon.script.ShellSyntax.Compound;
import dev.burnwatch.daemon.script.ShellSyntax.Pipeline;
import dev.burnwatch.daemon.script.ShellSyntax.Word;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks that a patched script differs from its original only where a patch may change it, and
 * exactly so: right after the binary of each call the analyser reports (the flags it lacked), the
 * values of that call's cap, model and budget flags, the repeats of a flag it removes, the one pin
 * line (the script's own export, or an export where the header ends), and, only when asked, the exit
 * guard after the statement whose status the shell acts on and the daily stop's lines. The expected
 * text is built from the original and those places alone; the patched text must equal it byte for
 * byte, so a flag in another place, an export on another line or any other change fails.
 */
final class PatchedTextCheck {

    private static final Pattern HEADER_LINE = Pattern.compile("[ \\t]*(set|shopt|source|\\.)[ \\t][^;&|]*\\n?");
    private static final Set<ExitEffect> GUARDED = Set.of(ExitEffect.ENDS_SCRIPT, ExitEffect.SKIPS_MARK_DONE);

    /** One place a patch may change: {@code [start, end)} of the original becomes {@code replacement}. */
    private record Change(int start, int end, String replacement, int order) {
    }

    private PatchedTextCheck() {
    }

    static void assertOnlyIntendedChanges(String original, String patched, PatchSettings settings) {
        assertThat(patched).as("the patched text, compared with the original changed only at the call sites,"
                + " the pin and (when asked) the guard and the daily stop").isEqualTo(expected(original, settings));
    }

    /** The original with every allowed change made, as the design says it is made. */
    static String expected(String original, PatchSettings settings) {
        ScriptAnalysis before = ScriptAnalyzer.analyze(original);
        List<Change> changes = new ArrayList<>();
        List<CallSite> sessions = before.sites().stream().filter(site -> site.session).toList();
        Set<Pipeline> guarded = new HashSet<>();
        for (CallSite site : sessions) {
            StringBuilder added = new StringBuilder();
            once(original, site, "--max-turns", Integer.toString(settings.maxTurns()), added, changes);
            model(site, settings, added, changes);
            if (settings.maxBudgetUsd() != null) {
                once(original, site, "--max-budget-usd", settings.maxBudgetUsd().toPlainString(), added, changes);
            }
            add(changes, site.binary.end, site.binary.end, added.toString());
            if (settings.guardExit() && GUARDED.contains(site.exitEffect) && site.guardAnchor != null
                    && guarded.add(site.guardAnchor)) {
                add(changes, site.guardAnchor.end, site.guardAnchor.end, ScriptPatcher.GUARD);
            }
        }

        StringBuilder header = new StringBuilder();
        String assignment = ScriptAnalyzer.MODEL_VARIABLE + "=" + settings.modelWord();
        Word export = before.modelExport();
        if (export == null) {
            header.append("export ").append(assignment).append('\n');
        } else if (!before.exportedModel().filter(settings.model()::equals).isPresent()) {
            add(changes, export.start, export.end, assignment);
        }
        if (settings.hardStopUtc() != null) {
            dailyStop(original, before, sessions, settings.hardStopUtc(), header, changes);
        }
        if (!header.isEmpty()) {
            int at = headerEnd(original);
            String block = header.toString();
            if (at == original.length() && !original.isEmpty() && !original.endsWith("\n")) {
                block = "\n" + block.substring(0, block.length() - 1);
            }
            add(changes, at, at, block);
        }
        return apply(original, changes);
    }

    /** The first {@code flag} gets {@code value}; its repeats go with the blanks in front of them. */
    private static void once(String text, CallSite site, String flag, String value, StringBuilder added,
            List<Change> changes) {
        List<CallSite.FlagWords> found = site.flags(flag);
        if (found.isEmpty()) {
            added.append(' ').append(flag).append(' ').append(value);
            return;
        }
        value(found.get(0), value, value, changes);
        for (CallSite.FlagWords repeat : found.subList(1, found.size())) {
            Word last = repeat.valueWord() != null ? repeat.valueWord() : repeat.flagWord();
            int start = repeat.flagWord().start;
            while (start > 0 && (text.charAt(start - 1) == ' ' || text.charAt(start - 1) == '\t'
                    || start > 1 && text.startsWith("\\\n", start - 2))) {
                start -= text.charAt(start - 1) == '\n' ? 2 : 1;
            }
            add(changes, start, last.end, "");
        }
    }

    private static void model(CallSite site, PatchSettings settings, StringBuilder added, List<Change> changes) {
        List<CallSite.FlagWords> found = site.flags("--model");
        if (found.isEmpty()) {
            added.append(" --model ").append(settings.modelWord());
            return;
        }
        found.forEach(flag -> value(flag, settings.model(), settings.modelWord(), changes));
    }

    /** A flag's value in place: rewritten where it differs, given where the flag has none. */
    private static void value(CallSite.FlagWords flag, String value, String word, List<Change> changes) {
        if (flag.inline()) {
            if (!value.equals(flag.value())) {
                add(changes, flag.flagWord().start, flag.flagWord().end, flag.name() + "=" + word);
            }
        } else if (flag.valueWord() == null) {
            add(changes, flag.flagWord().end, flag.flagWord().end, " " + word);
        } else if (!value.equals(flag.value())) {
            add(changes, flag.valueWord().start, flag.valueWord().end, word);
        }
    }

    private static void dailyStop(String text, ScriptAnalysis before, List<CallSite> sessions, LocalTime stop,
            StringBuilder header, List<Change> changes) {
        String hhmm = String.format("%02d:%02d", stop.getHour(), stop.getMinute());
        String comment = ScriptPatcher.STOP_COMMENT + hhmm + " UTC (after the current task; systemd starts it again)";
        String variable = ScriptPatcher.STOP_VARIABLE;
        String deadline = variable + "=$(date -u +%s); " + variable + "=$(( " + variable + " + ("
                + stop.toSecondOfDay() + " - " + variable + " % 86400 + 86399) % 86400 + 1 ))";
        var present = before.dailyStop().filter(DailyStop::deadlineBased);
        if (present.isEmpty()) {
            header.append(comment).append('\n').append(deadline).append('\n');
        } else if (!present.get().timeUtc().equals(stop)) {
            int lineStart = lineStart(text, present.get().line());
            int lineEnd = text.indexOf('\n', lineStart);
            add(changes, lineStart, lineEnd < 0 ? text.length() : lineEnd, deadline);
            int commentStart = lineStart(text, present.get().line() - 1);
            if (present.get().line() > 1 && text.startsWith(ScriptPatcher.STOP_COMMENT, commentStart)) {
                add(changes, commentStart, lineStart - 1, comment);
            }
        }
        Set<Compound> loops = new LinkedHashSet<>();
        sessions.forEach(site -> loops.addAll(site.loops));
        for (Compound loop : loops) {
            if (loop.bodyStart < 0) {
                continue;
            }
            int bodyLine = before.script().lineStart(loop.bodyStart);
            int lineEnd = text.indexOf('\n', loop.bodyStart);
            if (text.substring(loop.bodyStart, lineEnd < 0 ? text.length() : lineEnd).contains(variable)) {
                continue;
            }
            String indent = text.substring(bodyLine, loop.bodyStart);
            if (indent.isBlank() && before.script().lineOf(loop.bodyStart) > before.script().lineOf(loop.doEnd)) {
                add(changes, bodyLine, bodyLine, indent + ScriptPatcher.STOP_CHECK + "\n");
            } else {
                add(changes, loop.bodyStart, loop.bodyStart, ScriptPatcher.STOP_CHECK + "; ");
            }
        }
    }

    /**
     * Where the pin goes: after the leading lines that are a single {@code set}, {@code shopt} or
     * {@code source} command (comments and blank lines between them allowed), else before the first
     * line with a command.
     */
    private static int headerEnd(String text) {
        int at = 0;
        int afterHeader = -1;
        for (String line : lines(text)) {
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                at += line.length();
                continue;
            }
            if (!HEADER_LINE.matcher(line).matches()) {
                return afterHeader >= 0 ? afterHeader : at;
            }
            at += line.length();
            afterHeader = at;
        }
        return afterHeader >= 0 ? afterHeader : 0;
    }

    private static int lineStart(String text, int line) {
        int offset = 0;
        for (int i = 1; i < line; i++) {
            offset = text.indexOf('\n', offset) + 1;
        }
        return offset;
    }

    private static void add(List<Change> changes, int start, int end, String replacement) {
        if (start != end || !replacement.isEmpty()) {
            changes.add(new Change(start, end, replacement, changes.size()));
        }
    }

    private static String apply(String original, List<Change> changes) {
        List<Change> sorted = changes.stream()
                .sorted(Comparator.comparingInt(Change::start).thenComparingInt(Change::order)).toList();
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Change change : sorted) {
            if (change.start() < at) {
                throw new AssertionError("Two allowed changes overlap at offset " + change.start());
            }
            out.append(original, at, change.start()).append(change.replacement());
            at = change.end();
        }
        return out.append(original, at, original.length()).toString();
    }

    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? text.length() : newline + 1;
            lines.add(text.substring(start, end));
            start = end;
        }
        return lines;
    }
}
