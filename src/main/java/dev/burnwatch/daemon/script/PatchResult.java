package dev.burnwatch.daemon.script;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;

/**
 * A patched script and what it took: the new text, the analysis before and after, the changes in
 * words, and the unified diff an operator reviews before {@code --apply}.
 *
 * @param newText the patched script (equal to the original when nothing needed to change)
 * @param changed whether the text differs from the original
 * @param before the analysis of the original
 * @param after the analysis of the patched text
 * @param changes what was changed, one line each, for people
 * @param guardAdded whether this patch added the exit guard to at least one call
 * @param guardReason why no guard was added although {@code --guard-exit} asked for one ({@code no guard
 *     needed: ...}); null when a guard was added or none was asked for
 */
public record PatchResult(String newText, boolean changed, ScriptAnalysis before, ScriptAnalysis after,
        List<String> changes, boolean guardAdded, String guardReason) {

    private static final String NO_NEWLINE = "\\ No newline at end of file";

    /** Keeps the lists unmodifiable. */
    public PatchResult {
        changes = List.copyOf(changes);
    }

    /**
     * The change as a unified diff ({@code --- a/NAME}, {@code +++ b/NAME}, three lines of context),
     * marking a last line without a newline as {@code diff -u} does. Empty when nothing changed.
     */
    public String unifiedDiff(String fileName) {
        if (!changed) {
            return "";
        }
        List<String> original = linesWithEndings(before.text());
        List<String> revised = linesWithEndings(newText);
        Patch<String> patch = DiffUtils.diff(original, revised);
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff("a/" + fileName, "b/" + fileName, original, patch, 3);
        StringBuilder out = new StringBuilder();
        for (String line : diff) {
            if (line.startsWith("---") || line.startsWith("+++") || line.startsWith("@@")) {
                out.append(line).append('\n');
            } else if (line.endsWith("\n")) {
                out.append(line, 0, line.length() - 1).append('\n');
            } else {
                out.append(line).append('\n').append(NO_NEWLINE).append('\n');
            }
        }
        return out.toString();
    }

    /** Lines that keep their newline, so that a missing final newline shows as a difference. */
    private static List<String> linesWithEndings(String text) {
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
