package dev.burnwatch.daemon;

import dev.burnwatch.daemon.script.PatchResult;
import dev.burnwatch.daemon.script.PatchSettings;

/**
 * A patch worked out but not written: the script as read (with its fingerprint), the
 * settings, and the patcher's result (new text, diff, what changed, findings before and after).
 *
 * @param script the script as it was read from the host
 * @param settings what was asked for
 * @param result the patched text and what the patcher says about it
 */
public record PatchPreview(ScriptFile script, PatchSettings settings, PatchResult result) {

    /** The unified diff from the script on the host to the patched one; empty when unchanged. */
    public String diff() {
        return result.changed() ? result.unifiedDiff(script.fileName()) : "";
    }
}
