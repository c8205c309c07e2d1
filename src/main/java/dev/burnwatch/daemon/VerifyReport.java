package dev.burnwatch.daemon;

import java.util.List;

/**
 * What {@link Verifier} found in a script on its host: the raw {@code grep -n} lines and a
 * pass or fail per call.
 *
 * @param hostId the host
 * @param path the script's path
 * @param maxTurns the cap N asked for
 * @param model the pin M asked for
 * @param capGrep {@code grep -n -- '--max-turns' FILE} and its lines
 * @param modelGrep {@code grep -n 'ANTHROPIC_MODEL\|--model' FILE} and its lines
 * @param calls each session call's check, in line order
 * @param problems what fails the script as a whole (no call found, CRLF line endings)
 */
public record VerifyReport(String hostId, String path, int maxTurns, String model, GrepResult capGrep,
        GrepResult modelGrep, List<CallCheck> calls, List<String> problems) {

    /** True when there are calls, all pass, and nothing fails the script as a whole. */
    public boolean passed() {
        return problems.isEmpty() && !calls.isEmpty() && calls.stream().allMatch(CallCheck::passed);
    }
}
