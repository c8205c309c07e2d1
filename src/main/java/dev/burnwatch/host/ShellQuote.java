package dev.burnwatch.host;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The one way a value enters a remote command line: as a single-quoted POSIX shell word,
 * so that the shell sees it as one literal word whatever it holds (quotes, {@code $(...)},
 * backticks, {@code ;}, newlines, globs).
 */
public final class ShellQuote {

    private ShellQuote() {
    }

    /** {@code it's} becomes {@code 'it'\''s'}; the empty string becomes {@code ''}. */
    public static String quote(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("A shell word cannot hold a NUL character");
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** Quotes each value and joins them with spaces. */
    public static String join(List<String> words) {
        return words.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
    }
}
