package dev.burnwatch.daemon.script;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Replacements at offsets of the original text, applied together so that no offset shifts under another. */
final class TextEdits {

    private record Edit(int start, int end, String replacement, int order) {
    }

    private final String original;
    private final List<Edit> edits = new ArrayList<>();

    TextEdits(String original) {
        this.original = original;
    }

    void insert(int offset, String text) {
        replace(offset, offset, text);
    }

    void replace(int start, int end, String text) {
        edits.add(new Edit(start, end, text, edits.size()));
    }

    boolean isEmpty() {
        return edits.isEmpty();
    }

    String apply() {
        List<Edit> sorted = edits.stream()
                .sorted(Comparator.comparingInt(Edit::start).thenComparingInt(Edit::order)).toList();
        StringBuilder result = new StringBuilder(original.length() + 256);
        int at = 0;
        for (Edit edit : sorted) {
            if (edit.start() < at) {
                throw new IllegalStateException("Two changes overlap at offset " + edit.start());
            }
            result.append(original, at, edit.start()).append(edit.replacement());
            at = edit.end();
        }
        return result.append(original, at, original.length()).toString();
    }
}
