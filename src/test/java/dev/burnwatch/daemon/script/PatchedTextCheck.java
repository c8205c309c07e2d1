package dev.burnwatch.daemon.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.DeltaType;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a patched script differs from its original only where a patch may change it: the
 * cap, model and budget flags on call lines, the exit guard at the end of a call, the pin's export
 * line, and the daily stop's lines. Everything else, line endings and indentation included, must be
 * byte for byte as it was.
 */
final class PatchedTextCheck {

    private PatchedTextCheck() {
    }

    static void assertOnlyIntendedChanges(String original, String patched, PatchSettings settings) {
        assertThat(patched.endsWith("\n")).as("final newline kept as it was").isEqualTo(original.endsWith("\n"));
        assertThat(patched.chars().filter(c -> c == '\r').count()).as("carriage returns")
                .isEqualTo(original.chars().filter(c -> c == '\r').count());

        List<String> before = lines(original);
        List<String> after = lines(patched);
        for (AbstractDelta<String> delta : DiffUtils.diff(before, after).getDeltas()) {
            List<String> source = delta.getSource().getLines();
            List<String> target = delta.getTarget().getLines();
            if (delta.getType() == DeltaType.DELETE) {
                fail("The patch removed lines: " + source);
            }
            int at = 0;
            for (String old : source) {
                while (at < target.size() && !normalize(target.get(at)).equals(normalize(old))) {
                    assertAdded(target.get(at), settings);
                    at++;
                }
                if (at == target.size()) {
                    fail("Line changed beyond the cap, pin and guard:\n  was: " + old + "  now: " + target);
                }
                at++;
            }
            target.subList(at, target.size()).forEach(line -> assertAdded(line, settings));
        }
    }

    private static void assertAdded(String line, PatchSettings settings) {
        String text = line.strip();
        boolean allowed = text.equals("export ANTHROPIC_MODEL=" + settings.modelWord())
                || text.equals(ScriptPatcher.STOP_CHECK)
                || text.startsWith(ScriptPatcher.STOP_COMMENT)
                || text.startsWith(ScriptPatcher.STOP_VARIABLE + "=$(date -u +%s); ");
        assertThat(allowed).as("added line is one a patch may add: %s", line).isTrue();
        assertThat(line).as("added lines end with a plain newline").endsWith("\n").doesNotEndWith("\r\n");
    }

    /** A line with the values a patch may set taken out. */
    static String normalize(String line) {
        return line.replace(ScriptPatcher.GUARD, "")
                .replaceAll("ANTHROPIC_MODEL=\\S+", "ANTHROPIC_MODEL=<M>")
                .replaceAll(" --max-turns[ =]\\S+", "")
                .replaceAll(" --model[ =]\\S+", "")
                .replaceAll(" --max-budget-usd[ =]\\S+", "");
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
