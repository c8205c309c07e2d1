package dev.burnwatch.daemon;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.Arrays;
import java.util.List;

/** Unified diffs between two versions of a script, as {@code diff -u} would print them. */
public final class Diffs {

    private static final int CONTEXT_LINES = 3;

    private Diffs() {
    }

    /** The unified diff from {@code before} to {@code after}; empty when they are equal. */
    public static String unified(String fileName, String before, String after) {
        if (before.equals(after)) {
            return "";
        }
        List<String> oldLines = lines(before);
        List<String> newLines = lines(after);
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff("a/" + fileName, "b/" + fileName, oldLines,
                DiffUtils.diff(oldLines, newLines), CONTEXT_LINES);
        return String.join("\n", diff) + "\n";
    }

    private static List<String> lines(String text) {
        return Arrays.asList(text.split("\n", -1));
    }
}
