package dev.burnwatch.daemon;

import java.util.List;

/**
 * A {@code grep -n} an operator would type to see a setting in the script, and what it
 * printed on the host.
 *
 * @param command the command line, as typed
 * @param lines the matching lines, each {@code LINE:TEXT}
 */
public record GrepResult(String command, List<String> lines) {
}
