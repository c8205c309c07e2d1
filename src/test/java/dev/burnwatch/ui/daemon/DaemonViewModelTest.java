package dev.burnwatch.ui.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.daemon.ChangeHistory;
import dev.burnwatch.daemon.ChangeRecord;
import dev.burnwatch.host.LocalHost;
import dev.burnwatch.pricing.PriceTable;
import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.DialogService;
import dev.burnwatch.ui.common.EngineUsageSource;
import dev.burnwatch.ui.common.EventBus;
import dev.burnwatch.ui.common.FxSupport;
import dev.burnwatch.ui.common.HostItem;
import dev.burnwatch.ui.common.HostLink;
import dev.burnwatch.ui.common.TestHosts;
import dev.burnwatch.ui.common.UiExecutor;
import dev.burnwatch.usage.UsageEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon screen's view model on this machine: a script in a temporary folder, no systemd
 * unit (so Apply stops at Restart), and a dialog service that answers yes and notes what it
 * was asked.
 */
class DaemonViewModelTest {

    private static final String UNCAPPED = "#!/bin/bash\nwhile true; do\n  claude -p \"$(cat task.txt)\"\n"
            + "  sleep 5\ndone\n";

    @TempDir
    Path dir;

    private final UiExecutor executor = new UiExecutor();
    private final EventBus bus = new EventBus();
    private final AnsweringDialogs dialogs = new AnsweringDialogs();
    private ConsoleModel model;
    private DaemonViewModel viewModel;
    private Path script;

    @BeforeAll
    static void toolkit() {
        FxSupport.startToolkit();
    }

    @BeforeEach
    void open() throws Exception {
        script = dir.resolve("agent_daemon.sh");
        Files.writeString(script, UNCAPPED);
        ChangeHistory history = new ChangeHistory(dir.resolve("home/history.sqlite"));
        // The sidebar's usage of this host reads an empty config dir: the daemon screen is what is tested.
        EngineUsageSource usage = new EngineUsageSource(HostLink.local(), new UsageEngine(dir.resolve("home/index")),
                new ReentrantLock(), Map.of("CLAUDE_CONFIG_DIR", Files.createDirectories(dir.resolve("claude"))
                        .toString()));
        HostItem host = new HostItem(LocalHost.ID, "This machine", "test", usage, null);
        FxSupport.onFx(() -> {
            model = TestHosts.model(executor, bus);
            viewModel = new DaemonViewModel(model, bus, executor, dialogs, history,
                    PriceTable.bundled().models());
            model.addHost(host);
            viewModel.scriptPathProperty().set(script.toString());
            viewModel.load();
            return null;
        });
        waitForTheScript();
    }

    @AfterEach
    void close() throws Exception {
        TestHosts.close(model, executor);
    }

    @Test
    void aRollbackReplacesThePatchStepsWithItsOwnAndReloadsTheUncappedScript() throws Exception {
        applyCapOf30();
        ChangeRecord patch = onlyChange();

        FxSupport.onFx(() -> {
            viewModel.rollback(patch);
            return null;
        });
        FxSupport.waitFor("the rolled-back script", () -> !viewModel.busyProperty().get()
                && viewModel.currentSettingsProperty().get().contains("Cap: none")
                && viewModel.changes().size() == 2);

        assertThat(Files.readString(script)).isEqualTo(UNCAPPED);
        assertThat(dialogs.changes).hasSize(1);
        assertThat(dialogs.changes.get(0)).startsWith("Roll back|").contains("--max-turns 30");
        assertThat(dialogs.questions).isEmpty();
        ApplyStep write = viewModel.steps().get(0);
        ApplyStep restart = viewModel.steps().get(1);
        ApplyStep verify = viewModel.steps().get(2);
        assertThat(write.stateProperty().get()).isEqualTo(ApplyStep.State.OK);
        assertThat(write.outputProperty().get()).startsWith("Rolled back " + script).contains(patch.backupPath());
        assertThat(restart.stateProperty().get()).isEqualTo(ApplyStep.State.SKIPPED);
        assertThat(restart.outputProperty().get()).contains("restart it");
        assertThat(verify.stateProperty().get()).isEqualTo(ApplyStep.State.SKIPPED);
        assertThat(verify.outputProperty().get()).doesNotContain("grep", "PASS");
        assertThat(viewModel.watchStep().stateProperty().get()).isEqualTo(ApplyStep.State.WAITING);
        assertThat(viewModel.canWatchProperty().get()).isFalse();
    }

    @Test
    void aChangeWhoseBackupTheScriptAlreadyEqualsIsNotOfferedForRollback() throws Exception {
        applyCapOf30();
        ChangeRecord patch = onlyChange();
        boolean offeredBefore = FxSupport.onFx(() -> viewModel.canRollBack(patch));
        FxSupport.onFx(() -> {
            viewModel.rollback(patch);
            return null;
        });
        FxSupport.waitFor("the rolled-back script", () -> !viewModel.busyProperty().get()
                && viewModel.currentSettingsProperty().get().contains("Cap: none"));

        boolean offeredAfter = FxSupport.onFx(() -> viewModel.canRollBack(patch));
        FxSupport.onFx(() -> {
            viewModel.rollback(patch);
            return null;
        });
        Thread.sleep(300);

        assertThat(offeredBefore).isTrue();
        assertThat(offeredAfter).isFalse();
        assertThat(dialogs.changes).hasSize(1);
        assertThat(dialogs.questions).isEmpty();
        assertThat(FxSupport.onFx(() -> viewModel.statusProperty().get())).contains("nothing to roll back");
    }

    @Test
    void aValidationMessageFollowsTheFieldsAndNamesThemAsLabelled() throws Exception {
        String notANumber = FxSupport.onFx(() -> {
            viewModel.maxTurnsProperty().set("abc");
            return viewModel.problemProperty().get();
        });
        String corrected = FxSupport.onFx(() -> {
            viewModel.maxTurnsProperty().set("30");
            return viewModel.problemProperty().get();
        });
        String lateStop = FxSupport.onFx(() -> {
            viewModel.hardStopProperty().set("25:00");
            return viewModel.problemProperty().get();
        });
        String previewed = FxSupport.onFx(() -> {
            viewModel.preview();
            return viewModel.problemProperty().get();
        });
        String budget = FxSupport.onFx(() -> {
            viewModel.hardStopProperty().set("");
            viewModel.maxBudgetProperty().set("lots");
            return viewModel.problemProperty().get();
        });

        assertThat(notANumber).startsWith("Turn cap must be").contains("'abc'").doesNotContain("--max-turns");
        assertThat(corrected).isEmpty();
        assertThat(lateStop).startsWith("Daily stop must be").doesNotContain("--hard-stop");
        assertThat(previewed).isEqualTo(lateStop);
        assertThat(budget).startsWith("Budget per session must be").doesNotContain("--max-budget-usd");
    }

    @Test
    void theCliKeepsItsFlagWordingAndOtherMessagesPassUnchanged() {
        assertThat(DaemonViewModel.inFieldTerms("--model must be a plain model id")).isEqualTo(
                "Model must be a plain model id");
        assertThat(DaemonViewModel.inFieldTerms("No call of the claude CLI found in the script, so --max-turns"))
                .isEqualTo("No call of the claude CLI found in the script, so --max-turns");
    }

    @Test
    void afterAWriteThePreviewOfTheOldScriptGoesAndTheSettingsReload() throws Exception {
        applyCapOf30();

        assertThat(FxSupport.onFx(() -> viewModel.diffProperty().get())).isEmpty();
        assertThat(FxSupport.onFx(() -> viewModel.currentSettingsProperty().get())).contains("Cap: 30 turns");
        assertThat(Files.readString(script)).contains("--max-turns 30");
    }

    /** Previews a cap of 30 on Haiku and applies it; returns once the script was read again. */
    private void applyCapOf30() throws Exception {
        FxSupport.onFx(() -> {
            viewModel.maxTurnsProperty().set("30");
            viewModel.preview();
            return null;
        });
        FxSupport.waitFor("the preview", () -> viewModel.canApplyProperty().get());
        assertThat(FxSupport.onFx(() -> viewModel.diffProperty().get())).contains("+").contains("--max-turns 30");
        FxSupport.onFx(() -> {
            viewModel.apply();
            return null;
        });
        FxSupport.waitFor("the write", () -> viewModel.steps().get(0).stateProperty().get() == ApplyStep.State.OK
                && viewModel.steps().get(2).stateProperty().get() == ApplyStep.State.SKIPPED);
        FxSupport.waitFor("the patched script", () -> !viewModel.busyProperty().get()
                && viewModel.currentSettingsProperty().get().contains("Cap: 30") && viewModel.changes().size() == 1);
    }

    private ChangeRecord onlyChange() throws Exception {
        return FxSupport.onFx(() -> viewModel.changes().get(0));
    }

    private void waitForTheScript() throws Exception {
        FxSupport.waitFor("the script", () -> !viewModel.busyProperty().get()
                && viewModel.currentSettingsProperty().get().contains("Cap: none"));
    }

    /** Says yes to everything, and keeps what it was asked. */
    private static final class AnsweringDialogs implements DialogService {

        final List<String> questions = new CopyOnWriteArrayList<>();
        final List<String> changes = new CopyOnWriteArrayList<>();

        @Override
        public boolean confirm(String title, String header, String details) {
            questions.add(title + "|" + details);
            return true;
        }

        @Override
        public boolean confirmChange(String title, String header, String diff, String action) {
            changes.add(action + "|" + diff);
            return true;
        }

        @Override
        public void showError(String title, String message) {
            questions.add("error: " + title + ": " + message);
        }

        @Override
        public void notify(String title, String message, boolean warning) {
        }

        @Override
        public Optional<Path> askSaveFile(String title, String suggestedName, String extension) {
            return Optional.empty();
        }
    }
}
