package dev.burnwatch.ui.daemon;

import java.util.List;

/**
 * What the verify step found on the host: the {@code grep} lines as an operator would see
 * them, and each session call of the script as it is now, passed or failed.
 *
 * @param capGrep the grep command for the cap and its lines
 * @param modelGrep the grep command for the model and its lines
 * @param calls one line per session call: where it is and whether cap and pin hold
 * @param passed true when every session call has the cap and the pinned model
 */
record Verification(String capGrep, List<String> capLines, String modelGrep, List<String> modelLines,
                    List<String> calls, boolean passed) {
}
