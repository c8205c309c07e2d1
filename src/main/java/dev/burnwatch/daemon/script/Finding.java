package dev.burnwatch.daemon.script;

/**
 * One thing an operator should know about the script before or after a patch: what, where, why it
 * matters, and what to do about it.
 *
 * @param severity how much it matters
 * @param code a stable name for the kind of finding, such as {@code uncapped-call}
 * @param line the 1-based line it concerns, or 0 for the whole script
 * @param message one sentence in the operator's terms
 * @param explanation why it matters
 * @param suggestedFix what to do, often a Burnwatch command
 */
public record Finding(Severity severity, String code, int line, String message, String explanation,
        String suggestedFix) {

    /** How much a finding matters. */
    public enum Severity {
        /** The script cannot be patched (or cannot run) as it is. */
        ERROR,
        /** Spend or the loop is at risk. */
        WARNING,
        /** Worth knowing; nothing is at risk. */
        INFO
    }

    @Override
    public String toString() {
        return severity + (line > 0 ? " line " + line : "") + " [" + code + "] " + message;
    }
}
