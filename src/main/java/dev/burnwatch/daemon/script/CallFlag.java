package dev.burnwatch.daemon.script;

/**
 * A flag on a call as written.
 *
 * @param name the flag, such as {@code --max-turns} or {@code -p}
 * @param value its value after quote removal, or null when it has none or it is only known at run time
 * @param rawValue its value as written, or null when it has none
 * @param line the 1-based line of the flag
 */
public record CallFlag(String name, String value, String rawValue, int line) {
}
