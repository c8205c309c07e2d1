package dev.burnwatch.ui.daemon;

import dev.burnwatch.daemon.ChangeHistory;
import dev.burnwatch.daemon.ChangeRecord;
import dev.burnwatch.daemon.ChangeResult;
import dev.burnwatch.daemon.RestartFailedException;
import dev.burnwatch.daemon.RestartReport;
import dev.burnwatch.daemon.RollbackPlan;
import dev.burnwatch.daemon.ScriptPatch;
import dev.burnwatch.daemon.script.Finding;
import dev.burnwatch.daemon.script.PatchResult;
import dev.burnwatch.daemon.script.PatchSettings;
import dev.burnwatch.daemon.script.ScriptAnalysis;
import dev.burnwatch.daemon.script.ScriptPatcher;
import dev.burnwatch.host.HostConfig;
import dev.burnwatch.pricing.ModelPrice;
import dev.burnwatch.ui.common.ConsoleEvents;
import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.DialogService;
import dev.burnwatch.ui.common.EngineUsageSource;
import dev.burnwatch.ui.common.EventBus;
import dev.burnwatch.ui.common.HostItem;
import dev.burnwatch.ui.common.UiExecutor;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * The daemon screen's state and commands: load the selected host's script and its lint
 * findings, take the operator's settings, preview the patch as a diff, apply it as three
 * visible steps (write, restart, verify) that stop at the first failure, and list and roll
 * back the recorded changes. Every host operation runs on the {@link UiExecutor}.
 */
final class DaemonViewModel {

    /** CLI flags of the shared validator's messages, longest first, and the labels of their fields here. */
    private static final String[][] FIELD_LABELS = {
        {"--max-budget-usd", "Budget per session"},
        {"--max-turns", "Turn cap"},
        {"--hard-stop", "Daily stop"},
        {"--model", "Model"},
    };

    private final ConsoleModel model;
    private final EventBus bus;
    private final UiExecutor executor;
    private final DialogService dialogs;
    private final ChangeHistory history;

    private final StringProperty hostName = new SimpleStringProperty("");
    private final StringProperty scriptPath = new SimpleStringProperty("");
    private final StringProperty unit = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("Select a host to see its daemon.");
    private final StringProperty currentSettings = new SimpleStringProperty("");
    private final ObservableList<Finding> findings = FXCollections.observableArrayList();
    private final StringProperty maxTurns = new SimpleStringProperty("30");
    private final StringProperty pinModel = new SimpleStringProperty("");
    private final StringProperty hardStop = new SimpleStringProperty("");
    private final StringProperty maxBudget = new SimpleStringProperty("");
    /** Off until the operator ticks it: the exit guard changes the script's control flow, never unasked. */
    private final BooleanProperty guardExit = new SimpleBooleanProperty(false);
    private final StringProperty diff = new SimpleStringProperty("");
    private final StringProperty problem = new SimpleStringProperty("");
    private final BooleanProperty canApply = new SimpleBooleanProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final ObservableList<ApplyStep> steps = FXCollections.observableArrayList(new ApplyStep("Write"),
            new ApplyStep("Restart"), new ApplyStep("Verify"));
    private final ApplyStep watchStep = new ApplyStep("Watch");
    private final BooleanProperty canWatch = new SimpleBooleanProperty();
    private PatchSettings applied;
    private java.time.Instant restartedAt;
    private final ObservableList<ChangeRecord> changes = FXCollections.observableArrayList();
    private final ObservableList<ModelPrice> models = FXCollections.observableArrayList();

    private final ObjectProperty<DaemonService.Loaded> loaded = new SimpleObjectProperty<>();
    private PatchResult previewed;
    private PatchSettings previewedSettings;
    private DaemonService service;
    private HostItem host;

    DaemonViewModel(ConsoleModel model, EventBus bus, UiExecutor executor, DialogService dialogs,
                    ChangeHistory history, List<ModelPrice> knownModels) {
        this.model = model;
        this.bus = bus;
        this.executor = executor;
        this.dialogs = dialogs;
        this.history = history;
        models.setAll(knownModels);
        knownModels.stream().filter(m -> m.id().contains("haiku-4-5")).findFirst()
                .or(() -> knownModels.stream().findFirst()).ifPresent(m -> pinModel.set(m.id()));

        for (StringProperty field : List.of(maxTurns, pinModel, hardStop, maxBudget)) {
            field.addListener((obs, old, value) -> fieldsChanged());
        }
        guardExit.addListener((obs, old, value) -> fieldsChanged());
        model.selectedHostIdProperty().addListener((obs, old, id) -> select(target()));
        model.hosts().addListener((javafx.collections.ListChangeListener<HostItem>) c -> {
            if (host == null || !model.hosts().contains(host)) {
                select(target());
            }
        });
        bus.subscribe(ConsoleEvents.ApplyRequested.class, event -> {
            if (canApply.get() && !busy.get()) {
                apply();
            }
        });
        select(target());
    }

    /** The selected host; with all hosts selected, the only host when there is just one. */
    private HostItem target() {
        return model.selectedHost().orElse(model.hosts().size() == 1 ? model.hosts().get(0) : null);
    }

    StringProperty hostNameProperty() {
        return hostName;
    }

    StringProperty scriptPathProperty() {
        return scriptPath;
    }

    StringProperty unitProperty() {
        return unit;
    }

    StringProperty statusProperty() {
        return status;
    }

    StringProperty currentSettingsProperty() {
        return currentSettings;
    }

    ObservableList<Finding> findings() {
        return findings;
    }

    StringProperty maxTurnsProperty() {
        return maxTurns;
    }

    StringProperty modelProperty() {
        return pinModel;
    }

    StringProperty hardStopProperty() {
        return hardStop;
    }

    StringProperty maxBudgetProperty() {
        return maxBudget;
    }

    BooleanProperty guardExitProperty() {
        return guardExit;
    }

    StringProperty diffProperty() {
        return diff;
    }

    StringProperty problemProperty() {
        return problem;
    }

    BooleanProperty canApplyProperty() {
        return canApply;
    }

    BooleanProperty busyProperty() {
        return busy;
    }

    ObservableList<ApplyStep> steps() {
        return steps;
    }

    ApplyStep watchStep() {
        return watchStep;
    }

    /** True once an apply passed: the next sessions can be watched as proof. */
    BooleanProperty canWatchProperty() {
        return canWatch;
    }

    /**
     * Proof in practice: watches the next {@code sessions} sessions after the restart and
     * judges each against the cap and the pin. Long: it shows its progress in the step and
     * in the status bar, where Cancel stops it.
     */
    void watchNextSessions(int sessions, java.time.Duration timeout) {
        if (service == null || applied == null || restartedAt == null) {
            return;
        }
        DaemonService forHost = service;
        PatchSettings settings = applied;
        java.time.Instant since = restartedAt;
        java.util.concurrent.atomic.AtomicReference<dev.burnwatch.daemon.SessionWatch> running =
                new java.util.concurrent.atomic.AtomicReference<>();
        watchStep.stateProperty().set(ApplyStep.State.RUNNING);
        watchStep.outputProperty().set("Waiting for " + sessions + " sessions that start after the restart…");
        Task<dev.burnwatch.daemon.WatchResult> task = new Task<>() {
            @Override
            protected dev.burnwatch.daemon.WatchResult call() throws Exception {
                updateTitle("Watching the next sessions on " + hostName.get());
                return forHost.watch(settings.maxTurns(), settings.model(), sessions, timeout, since, progress -> {
                    updateMessage(progress.finished().size() + " of " + sessions + " sessions ended");
                    DaemonViewModel.set(watchStep, ApplyStep.State.RUNNING, describe(progress));
                }, running::set);
            }
        };
        task.setOnCancelled(event -> {
            if (running.get() != null) {
                running.get().cancel();
            }
            watchStep.stateProperty().set(ApplyStep.State.SKIPPED);
            watchStep.outputProperty().set("Watch cancelled.");
        });
        canWatch.set(false);
        executor.run(task, result -> {
            watchStep.stateProperty().set(result.passed() ? ApplyStep.State.OK : ApplyStep.State.FAILED);
            watchStep.outputProperty().set(describe(result));
            canWatch.set(true);
        }, error -> {
            watchStep.stateProperty().set(ApplyStep.State.FAILED);
            watchStep.outputProperty().set("The watch stopped: " + error.getMessage());
            canWatch.set(true);
        });
    }

    private static String describe(dev.burnwatch.daemon.WatchResult result) {
        StringBuilder out = new StringBuilder();
        out.append("Sessions since the restart (cap ").append(result.maxTurns()).append(", model ")
                .append(result.model()).append("):\n");
        if (result.sessions().isEmpty()) {
            out.append("none yet\n");
        }
        for (dev.burnwatch.daemon.SessionVerdict verdict : result.sessions()) {
            out.append(verdict.passed() ? "PASS  " : verdict.finished() ? "FAIL  " : "…     ")
                    .append(verdict.describe(result.maxTurns())).append('\n');
        }
        if (result.timedOut()) {
            out.append("Gave up waiting: fewer sessions ended than asked for.\n");
        }
        return out.toString().strip();
    }

    ObservableList<ChangeRecord> changes() {
        return changes;
    }

    ObservableList<ModelPrice> models() {
        return models;
    }

    ObjectProperty<DaemonService.Loaded> loadedProperty() {
        return loaded;
    }

    /** Reads the script and the history of the selected host. */
    void load() {
        load(false);
    }

    /** Reads the script again; {@code keepDiff} keeps the preview on show when the script did not change. */
    private void load(boolean keepDiff) {
        if (service == null) {
            return;
        }
        String path = scriptPath.get().strip();
        if (path.isEmpty()) {
            status.set("No daemon script is set for " + hostName.get() + ". Enter its path above (or Edit the host"
                    + " in the sidebar) and press Load.");
            return;
        }
        DaemonService forHost = service;
        Task<DaemonService.Loaded> task = task("Reading " + path, () -> forHost.load(path));
        busy.set(true);
        status.set("Reading " + path + " on " + hostName.get() + "…");
        executor.run(task, result -> {
            busy.set(false);
            if (forHost != service) {
                return;
            }
            loaded.set(result);
            showAnalysis(result.analysis());
            status.set("Read " + result.file().path() + " (" + result.file().text().length() + " characters).");
            result.analysis().turnCap().ifPresent(cap -> host.capProperty().set(cap));
            if (result.analysis().turnCap().isEmpty()) {
                host.capProperty().set(0);
            }
            String shown = diff.get();
            invalidatePreview();
            if (keepDiff) {
                diff.set(shown);
            }
            loadHistory();
        }, error -> {
            busy.set(false);
            status.set("Could not read the script: " + error.getMessage());
        });
    }

    /** Works out the patch for the fields and shows its diff; Apply is possible after it. */
    void preview() {
        DaemonService.Loaded current = loaded.get();
        if (current == null) {
            problem.set("Load the script first.");
            return;
        }
        PatchSettings settings;
        try {
            settings = PatchSettings.of(maxTurns.get(), pinModel.get(), hardStop.get(), maxBudget.get(),
                    guardExit.get());
        } catch (RuntimeException e) {
            problem.set(inFieldTerms(e.getMessage()));
            return;
        }
        Task<PatchResult> task = task("Preparing the patch", () -> ScriptPatcher.patch(current.file().text(),
                settings));
        executor.run(task, result -> {
            previewed = result;
            previewedSettings = settings;
            problem.set("");
            if (!result.changed()) {
                diff.set("The script already runs with these settings: nothing to change.");
                canApply.set(true);
                return;
            }
            diff.set(String.join("\n", result.changes()) + "\n\n" + result.unifiedDiff(current.file().fileName()));
            canApply.set(true);
        }, error -> {
            problem.set(inFieldTerms(error.getMessage()));
            canApply.set(false);
        });
    }

    /** Writes the previewed patch, restarts the unit and verifies, stopping at the first failure. */
    void apply() {
        DaemonService.Loaded current = loaded.get();
        if (previewed == null || current == null || service == null) {
            problem.set("Preview the change first.");
            return;
        }
        String unitName = unit.get().strip();
        PatchResult patch = previewed;
        PatchSettings settings = previewedSettings;
        DaemonService forHost = service;
        HostItem target = host;
        steps.forEach(ApplyStep::reset);
        watchStep.reset();
        canWatch.set(false);
        applied = null;
        restartedAt = null;
        busy.set(true);
        canApply.set(false);

        // Set by the task once the new script is in place: the preview then shows a diff against
        // a script that is no longer there, so it goes, and the fields reload from the new script.
        AtomicBoolean wrote = new AtomicBoolean();
        Task<Boolean> task = new Task<>() {
            @Override
            protected Boolean call() throws Exception {
                updateTitle("Applying to " + target.nameProperty().get());
                return runSteps(this, forHost, current, patch, settings, unitName, wrote);
            }
        };
        executor.run(task, passed -> {
            busy.set(false);
            status.set(passed ? "Applied, restarted and verified on " + target.nameProperty().get() + "."
                    : "Apply stopped: see the failed step.");
            if (passed) {
                target.capProperty().set(settings.maxTurns());
                applied = settings;
                canWatch.set(true);
            }
            bus.publish(new ConsoleEvents.DaemonChanged(target.id()));
            load(!wrote.get());
        }, error -> {
            busy.set(false);
            status.set("Apply stopped: " + error.getMessage());
            load(!wrote.get());
        });
    }

    /**
     * Whether {@code record} can be rolled back now: not while something runs, and not when
     * the script as loaded already equals that change's backup (the rollback would write nothing).
     */
    boolean canRollBack(ChangeRecord record) {
        return service != null && record != null && !busy.get() && !alreadyRestored(record);
    }

    /** True when the loaded script is exactly the version {@code record}'s backup holds. */
    boolean alreadyRestored(ChangeRecord record) {
        DaemonService.Loaded current = loaded.get();
        return record != null && current != null && record.path().equals(current.file().path())
                && record.beforeSha256() != null && record.beforeSha256().equals(current.file().sha256());
    }

    /**
     * Restores the backup that {@code record} made, after showing its diff, then restarts the
     * unit; the Apply panel then shows the rollback, not the patch it undid.
     */
    void rollback(ChangeRecord record) {
        if (!canRollBack(record)) {
            if (alreadyRestored(record)) {
                status.set("The script already equals " + record.backupPath() + ": nothing to roll back.");
            }
            return;
        }
        DaemonService forHost = service;
        String unitName = unit.get().strip();
        Task<RollbackPlan> plan = task("Planning the rollback", () -> forHost.planRollback(record.path(),
                record.backupPath()));
        executor.run(plan, rollbackPlan -> {
            if (!rollbackPlan.changes()) {
                // The script changed on the host since it was loaded: asking Yes/No to write nothing helps no one.
                status.set("The script already equals " + record.backupPath() + ": nothing to roll back.");
                return;
            }
            boolean go = dialogs.confirmChange("Roll back?", "Restore " + record.backupPath() + " over "
                    + record.path() + (unitName.isEmpty() ? "" : " and restart " + unitName), rollbackPlan.diff(),
                    "Roll back");
            if (go) {
                restore(forHost, rollbackPlan, unitName);
            }
        }, error -> dialogs.showError("The rollback cannot be done", error.getMessage()));
    }

    /** What a rollback did: the write, and the restart or why there was none. */
    private record RolledBack(ChangeResult result, RestartReport restart, String restartProblem) {
    }

    private void restore(DaemonService forHost, RollbackPlan rollbackPlan, String unitName) {
        Task<RolledBack> restore = task("Rolling back", () -> {
            ChangeResult result = forHost.rollback(rollbackPlan);
            if (unitName.isEmpty()) {
                return new RolledBack(result, null, null);
            }
            // The old script is back whatever the restart does: report a failed restart beside it, not instead.
            try {
                return new RolledBack(result, forHost.restart(unitName), null);
            } catch (RestartFailedException e) {
                return new RolledBack(result, null, e.getMessage() + (e.report() == null ? ""
                        : "\n\n" + describe(e.report())));
            } catch (Exception e) {
                return new RolledBack(result, null, e.getMessage());
            }
        });
        busy.set(true);
        executor.run(restore, done -> {
            busy.set(false);
            showRollback(rollbackPlan, done, unitName);
            dialogs.notify("Rolled back", status.get(), done.restartProblem() != null);
            bus.publish(new ConsoleEvents.DaemonChanged(forHost.hostId()));
            load();
        }, error -> {
            busy.set(false);
            dialogs.showError("The rollback failed", error.getMessage());
            load();
        });
    }

    /**
     * Replaces the last apply's steps with the rollback's: its write, its restart (or what to
     * do about the restart), and no verify, since a rollback has no new settings to check.
     */
    private void showRollback(RollbackPlan plan, RolledBack done, String unitName) {
        steps.forEach(ApplyStep::reset);
        watchStep.reset();
        canWatch.set(false);
        applied = null;
        restartedAt = null;

        ApplyStep write = steps.get(0);
        ApplyStep restart = steps.get(1);
        ApplyStep verify = steps.get(2);
        String path = done.result().outcome().path();
        write.stateProperty().set(ApplyStep.State.OK);
        write.outputProperty().set("Rolled back " + path + " to " + plan.source().backupPath()
                + "\nBackup of the replaced version: " + done.result().outcome().backupPath()
                + "\nsha256 " + shortSha(done.result().outcome().beforeSha256()) + " → "
                + shortSha(done.result().outcome().afterSha256()));
        String restartHint = " The daemon runs the script it had until " + (unitName.isEmpty() ? "its unit"
                : unitName) + " restarts: restart it so that the rolled-back script takes effect.";
        if (done.restart() != null) {
            restart.stateProperty().set(ApplyStep.State.OK);
            restart.outputProperty().set(describe(done.restart()));
            status.set("Rolled back " + path + " and restarted " + unitName + ".");
        } else if (done.restartProblem() != null) {
            restart.stateProperty().set(ApplyStep.State.FAILED);
            restart.outputProperty().set(done.restartProblem());
            status.set("Rolled back " + path + ", but the restart failed." + restartHint);
        } else {
            restart.stateProperty().set(ApplyStep.State.SKIPPED);
            restart.outputProperty().set("Not run: no systemd unit is set for this host." + restartHint);
            status.set("Rolled back " + path + "; not restarted." + restartHint);
        }
        verify.stateProperty().set(ApplyStep.State.SKIPPED);
        verify.outputProperty().set("Not run: a rollback brings back an earlier script and has no new settings to"
                + " check. Its settings are under Current script.");
    }

    private boolean runSteps(Task<?> task, DaemonService forHost, DaemonService.Loaded current, PatchResult patch,
                             PatchSettings settings, String unitName,
                             AtomicBoolean wrote) throws Exception {
        ApplyStep write = steps.get(0);
        ApplyStep restart = steps.get(1);
        ApplyStep verify = steps.get(2);

        set(write, ApplyStep.State.RUNNING, "Writing " + current.file().path() + "…");
        ChangeResult result;
        try {
            result = forHost.write(current.file(), patch.newText(), ScriptPatch.settingsJson(settings));
        } catch (Exception e) {
            fail(write, e.getMessage(), restart, verify);
            return false;
        }
        wrote.set(result.changed());
        set(write, ApplyStep.State.OK, result.changed()
                ? "Wrote " + result.outcome().path() + " (owner and mode kept: " + result.outcome().ownerAndMode()
                        + ")\nBackup: " + result.outcome().backupPath() + "\nsha256 " + shortSha(result.outcome()
                        .beforeSha256()) + " → " + shortSha(result.outcome().afterSha256())
                : "The script already had these settings; nothing was written.");
        if (task.isCancelled()) {
            fail(restart, "Cancelled.", verify);
            return false;
        }

        if (unitName.isEmpty()) {
            set(restart, ApplyStep.State.FAILED, "No systemd unit is set for this host: enter it above. The new "
                    + "script is in place but the daemon still runs the old one until it restarts.");
            set(verify, ApplyStep.State.SKIPPED, "");
            return false;
        }
        set(restart, ApplyStep.State.RUNNING, "Restarting " + unitName + "…");
        try {
            RestartReport report = forHost.restart(unitName);
            restartedAt = report.restartedAt();
            set(restart, ApplyStep.State.OK, describe(report));
        } catch (RestartFailedException e) {
            fail(restart, e.getMessage() + (e.report() == null ? "" : "\n\n" + describe(e.report())), verify);
            return false;
        } catch (Exception e) {
            fail(restart, e.getMessage(), verify);
            return false;
        }

        set(verify, ApplyStep.State.RUNNING, "Checking " + current.file().path() + "…");
        Verification check = forHost.verify(current.file().path(), settings.maxTurns(), settings.model());
        StringBuilder out = new StringBuilder();
        out.append("$ ").append(check.capGrep()).append('\n');
        check.capLines().forEach(l -> out.append(l).append('\n'));
        out.append("$ ").append(check.modelGrep()).append('\n');
        check.modelLines().forEach(l -> out.append(l).append('\n'));
        out.append('\n');
        check.calls().forEach(l -> out.append(l).append('\n'));
        set(verify, check.passed() ? ApplyStep.State.OK : ApplyStep.State.FAILED, out.toString().strip());
        return check.passed();
    }

    private void select(HostItem item) {
        host = item;
        service = null;
        loaded.set(null);
        findings.clear();
        changes.clear();
        currentSettings.set("");
        invalidatePreview();
        steps.forEach(ApplyStep::reset);
        watchStep.reset();
        canWatch.set(false);
        if (item == null) {
            hostName.set("");
            scriptPath.set("");
            unit.set("");
            status.set("Select a host in the sidebar to see its daemon.");
            return;
        }
        hostName.set(item.nameProperty().get());
        if (!(item.source() instanceof EngineUsageSource source)) {
            status.set(item.nameProperty().get() + " has no daemon Burnwatch can reach.");
            return;
        }
        service = new DaemonService(source.link(), history);
        HostConfig config = item.config() instanceof HostConfig c ? c : null;
        scriptPath.set(config == null || config.daemonScript() == null ? "" : config.daemonScript());
        unit.set(config == null || config.systemdUnit() == null ? "" : config.systemdUnit());
        load();
    }

    private void loadHistory() {
        DaemonService forHost = service;
        Task<List<ChangeRecord>> task = task("Reading the change history", forHost::history);
        executor.run(task, records -> {
            if (forHost == service) {
                changes.setAll(records);
            }
        }, error -> status.set("The change history could not be read: " + error.getMessage()));
    }

    private void showAnalysis(ScriptAnalysis analysis) {
        findings.setAll(analysis.findings());
        String cap = analysis.turnCap().map(n -> n + " turns").orElse("none");
        String pin = analysis.pinnedModel().orElse("not pinned (the environment decides)");
        String stop = analysis.dailyStop().map(s -> s.timeUtc() + " UTC").orElse("none");
        currentSettings.set(String.format(Locale.ROOT, "Cap: %s    Model: %s    Daily stop: %s    Session calls: %d",
                cap, pin, stop, analysis.sessionCalls().size()));
        analysis.turnCap().ifPresent(n -> maxTurns.set(String.valueOf(n)));
        analysis.dailyStop().ifPresent(s -> hardStop.set(s.timeUtc().format(DateTimeFormatter.ofPattern("HH:mm"))));
    }

    /**
     * A field changed: the preview no longer matches it, and the message under the fields
     * must speak of the values as they are now, not as they were at the last Preview.
     */
    private void fieldsChanged() {
        invalidatePreview();
        try {
            PatchSettings.of(maxTurns.get(), pinModel.get(), hardStop.get(), maxBudget.get(), guardExit.get());
            problem.set("");
        } catch (RuntimeException e) {
            problem.set(inFieldTerms(e.getMessage()));
        }
    }

    /**
     * The shared validator speaks in CLI flags (the CLI's users type them); on this screen the
     * operator typed into fields, so a message names the field by its label instead.
     */
    static String inFieldTerms(String message) {
        if (message == null) {
            return "";
        }
        for (String[] flag : FIELD_LABELS) {
            if (message.startsWith(flag[0] + " ")) {
                return flag[1] + message.substring(flag[0].length());
            }
        }
        return message;
    }

    private void invalidatePreview() {
        previewed = null;
        previewedSettings = null;
        canApply.set(false);
        diff.set("");
    }

    private static void set(ApplyStep step, ApplyStep.State state, String output) {
        Platform.runLater(() -> {
            step.stateProperty().set(state);
            step.outputProperty().set(output);
        });
    }

    private static void fail(ApplyStep step, String output, ApplyStep... skipped) {
        set(step, ApplyStep.State.FAILED, output);
        for (ApplyStep s : skipped) {
            set(s, ApplyStep.State.SKIPPED, "Not run: an earlier step failed.");
        }
    }

    private static String describe(RestartReport report) {
        StringBuilder out = new StringBuilder();
        out.append("$ ").append(report.command()).append('\n');
        out.append("main PID ").append(report.before().mainPid()).append(" → ").append(report.after().mainPid())
                .append(", started ").append(report.after().startedAt()).append('\n');
        out.append("is-active: ").append(report.isActive()).append('\n');
        out.append("$ ").append(report.journalCommand()).append('\n');
        report.journal().forEach(l -> out.append(l).append('\n'));
        return out.toString().strip();
    }

    private static String shortSha(String sha) {
        return sha == null ? "-" : sha.substring(0, Math.min(12, sha.length()));
    }

    /** Blocking work for a background task. */
    interface Work<T> {
        T run() throws Exception;
    }

    private static <T> Task<T> task(String title, Work<T> work) {
        return new Task<>() {
            @Override
            protected T call() throws Exception {
                updateTitle(title);
                return work.run();
            }
        };
    }

    Optional<HostItem> host() {
        return Optional.ofNullable(host);
    }
}
