package dev.burnwatch.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnwatch.daemon.script.PatchResult;
import dev.burnwatch.daemon.script.PatchSettings;
import dev.burnwatch.daemon.script.ScriptPatcher;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostException;
import java.io.IOException;

/**
 * Caps, pins and (when asked) adds a daily stop and the exit guard to a daemon script on its
 * host: {@link #preview} reads the script and works out the patch (check mode: the diff and
 * the findings, nothing written); {@link #apply} writes it through {@link SafeApply} and
 * records it in the {@link ChangeHistory}.
 *
 * <pre>{@code
 * ScriptPatch patch = new ScriptPatch(host, new ChangeHistory(AppDirs.fromEnvironment().historyFile()));
 * PatchPreview preview = patch.preview("/home/ubuntu/agent_daemon.sh", PatchSettings.of("30", "haiku", null,
 *         null, true));
 * show(preview.result().unifiedDiff(preview.script().fileName()), preview.result().after().findings());
 * ChangeResult done = patch.apply(preview);   // done.outcome().backupPath()
 * }</pre>
 */
public final class ScriptPatch {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Host host;
    private final ChangeHistory history;

    public ScriptPatch(Host host, ChangeHistory history) {
        this.host = host;
        this.history = history;
    }

    /**
     * Reads the script and works out the patch without writing anything.
     *
     * @throws dev.burnwatch.BadInputException when the script cannot be patched (CRLF line
     *     endings, no call of the CLI, not UTF-8), is a folder or does not exist
     * @throws ChangeRefusedException when the script is already not valid bash ({@code bash -n})
     */
    public PatchPreview preview(String path, PatchSettings settings) throws HostException, ChangeRefusedException {
        SafeApply safe = new SafeApply(host);
        ScriptFile script = safe.read(path);
        if (!script.text().contains("\r\n")) {
            // CRLF line endings get their own refusal from the patcher, which says how to convert them
            safe.requireValidBash(script);
        }
        PatchResult result = ScriptPatcher.patch(script.text(), settings);
        return new PatchPreview(script, settings, result);
    }

    /**
     * Writes the previewed patch and records it; a script that already has these settings is
     * left alone and reported unchanged.
     *
     * @throws ChangeRefusedException when the script changed on the host since the preview,
     *     {@code bash -n} rejects the result, or owner and mode cannot be kept
     */
    public ChangeResult apply(PatchPreview preview) throws HostException, IOException, ChangeRefusedException {
        return new ChangeWriter(host, history).write(preview.script(), preview.result().newText(),
                ChangeRecord.Kind.PATCH, settingsJson(preview.settings()), preview.diff());
    }

    /**
     * The settings as the change history keeps them: {@code {"maxTurns":30,"model":"...",
     * "guardExit":true,"hardStopUtc":"04:00","maxBudgetUsd":"2.50"}} (the budget as a string, so
     * that 2.50 stays 2.50). The CLI and the console record patches with this one shape.
     */
    public static String settingsJson(PatchSettings settings) {
        ObjectNode node = JSON.createObjectNode()
                .put("maxTurns", settings.maxTurns())
                .put("model", settings.model())
                .put("guardExit", settings.guardExit());
        if (settings.hardStopUtc() != null) {
            node.put("hardStopUtc", settings.hardStopUtc().toString());
        }
        if (settings.maxBudgetUsd() != null) {
            node.put("maxBudgetUsd", settings.maxBudgetUsd().toPlainString());
        }
        return node.toString();
    }
}
