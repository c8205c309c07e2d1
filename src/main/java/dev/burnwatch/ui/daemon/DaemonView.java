package dev.burnwatch.ui.daemon;

import dev.burnwatch.daemon.ChangeHistory;
import dev.burnwatch.daemon.ChangeRecord;
import dev.burnwatch.daemon.script.Finding;
import dev.burnwatch.pricing.ModelPrice;
import dev.burnwatch.ui.common.Cards;
import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.DialogService;
import dev.burnwatch.ui.common.EventBus;
import dev.burnwatch.ui.common.Format;
import dev.burnwatch.ui.common.UiExecutor;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The daemon screen: the script's settings and lint findings, the new settings with a diff
 * preview, Apply as three visible steps, and the history with rollback.
 */
public final class DaemonView extends ScrollPane {

    private final DaemonViewModel viewModel;
    private final ConsoleModel model;

    public DaemonView(ConsoleModel model, EventBus bus, UiExecutor executor, DialogService dialogs,
                      ChangeHistory history, List<ModelPrice> models) {
        this.model = model;
        this.viewModel = new DaemonViewModel(model, bus, executor, dialogs, history, models);

        GridPane columns = new GridPane();
        columns.setHgap(14);
        ColumnConstraints left = new ColumnConstraints();
        left.setPercentWidth(55);
        ColumnConstraints right = new ColumnConstraints();
        right.setPercentWidth(45);
        columns.getColumnConstraints().addAll(left, right);
        columns.add(new VBox(14, scriptCard(), settingsCard(), previewCard()), 0, 0);
        columns.add(new VBox(14, applyCard(), historyCard()), 1, 0);

        Label title = new Label();
        title.getStyleClass().add("screen-title");
        title.textProperty().bind(Bindings.createStringBinding(() -> viewModel.hostNameProperty().get().isEmpty()
                ? "Daemon" : "Daemon on " + viewModel.hostNameProperty().get(), viewModel.hostNameProperty()));
        Label status = new Label();
        status.setId("daemon-status");
        status.getStyleClass().add("screen-subtitle");
        status.setWrapText(true);
        status.textProperty().bind(viewModel.statusProperty());

        VBox screen = new VBox(12, new VBox(2, title, status), columns);
        screen.getStyleClass().add("screen");
        setContent(screen);
        setFitToWidth(true);
    }

    /** The screen's state, for tests of the view that drive it directly. */
    DaemonViewModel viewModel() {
        return viewModel;
    }

    private VBox scriptCard() {
        TextField path = new TextField();
        path.setId("daemon-script");
        path.setPromptText("/home/ubuntu/agent_daemon.sh");
        path.textProperty().bindBidirectional(viewModel.scriptPathProperty());
        HBox.setHgrow(path, Priority.ALWAYS);
        TextField unit = new TextField();
        unit.setId("daemon-unit");
        unit.setPromptText("agent-daemon.service");
        unit.textProperty().bindBidirectional(viewModel.unitProperty());
        Button load = new Button("Load");
        load.setId("daemon-load");
        load.setOnAction(event -> viewModel.load());
        load.disableProperty().bind(viewModel.busyProperty());
        HBox where = new HBox(8, Cards.label("Script", "muted"), path, Cards.label("Unit", "muted"), unit, load);
        where.setAlignment(Pos.CENTER_LEFT);
        // In a narrow window the two fields give way; the captions and Load keep their words.
        for (javafx.scene.Node part : where.getChildren()) {
            if (part != path && part != unit) {
                ((Region) part).setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        path.setMinWidth(120);
        unit.setMinWidth(90);

        Label current = new Label();
        current.setId("daemon-current");
        current.setWrapText(true);
        current.textProperty().bind(viewModel.currentSettingsProperty());
        current.setStyle("-fx-font-weight: bold;");

        ListView<Finding> findings = new ListView<>(viewModel.findings());
        findings.setId("daemon-findings");
        findings.setPrefHeight(100);
        findings.setPlaceholder(new Label("No findings."));
        findings.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(Finding finding, boolean empty) {
                super.updateItem(finding, empty);
                getStyleClass().removeAll("finding-error", "finding-warning", "finding-info");
                if (empty || finding == null) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                String where = finding.line() > 0 ? "line " + finding.line() + ": " : "";
                setText(finding.severity().name() + "  " + where + finding.message());
                setWrapText(true);
                setPrefWidth(0);
                getStyleClass().add("finding-" + finding.severity().name().toLowerCase(Locale.ROOT));
                setTooltip(new Tooltip(finding.explanation() + (finding.suggestedFix() == null ? ""
                        : "\n\nFix: " + finding.suggestedFix())));
            }
        });
        return Cards.card("Current script", new VBox(10, where, current, Cards.label("Lint findings", "muted"),
                findings));
    }

    private VBox settingsCard() {
        TextField turns = new TextField();
        turns.setId("daemon-max-turns");
        turns.setPrefColumnCount(6);
        turns.textProperty().bindBidirectional(viewModel.maxTurnsProperty());

        ComboBox<String> modelBox = new ComboBox<>();
        modelBox.setId("daemon-model");
        modelBox.setEditable(true);
        modelBox.setPrefWidth(360);
        modelBox.getItems().setAll(viewModel.models().stream().map(ModelPrice::id).toList());
        modelBox.valueProperty().bindBidirectional(viewModel.modelProperty());
        modelBox.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(String id, boolean empty) {
                super.updateItem(id, empty);
                setText(empty || id == null ? null : describeModel(id));
            }
        });
        modelBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(String id) {
                return id;
            }

            @Override
            public String fromString(String text) {
                return text;
            }
        });

        TextField stop = new TextField();
        stop.setId("daemon-hard-stop");
        stop.setPromptText("HH:MM UTC (optional)");
        stop.setPrefColumnCount(10);
        stop.textProperty().bindBidirectional(viewModel.hardStopProperty());
        TextField budget = new TextField();
        budget.setId("daemon-max-budget");
        budget.setPromptText("USD (optional)");
        budget.setPrefColumnCount(8);
        budget.textProperty().bindBidirectional(viewModel.maxBudgetProperty());
        CheckBox guard = new CheckBox("Keep the loop running when a session stops at the cap (exit guard)");
        guard.setId("daemon-guard");
        guard.selectedProperty().bindBidirectional(viewModel.guardExitProperty());
        guard.setTooltip(new javafx.scene.control.Tooltip("claude exits non-zero when it stops at the cap. Under"
                + " set -e, or before the line that marks a task done, that ends the loop and the task is retried"
                + " for ever. Ticked, the capped call's exit is logged and the loop goes on. The lint findings say"
                + " whether this script needs it."));

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, Cards.label("Turn cap", "muted"), turns, Cards.label("turns per session (--max-turns)",
                "figure-caption"));
        grid.addRow(1, Cards.label("Model", "muted"), modelBox);
        grid.addRow(2, Cards.label("Daily stop", "muted"), stop, Cards.label("no new sessions after this time",
                "figure-caption"));
        grid.addRow(3, Cards.label("Budget per session", "muted"), budget, Cards.label("--max-budget-usd",
                "figure-caption"));
        grid.add(guard, 0, 4, 3, 1);
        GridPane.setColumnSpan(modelBox, 2);

        Button preview = new Button("Preview");
        preview.setId("daemon-preview");
        preview.setOnAction(event -> viewModel.preview());
        preview.disableProperty().bind(viewModel.busyProperty().or(viewModel.loadedProperty().isNull()));
        Button apply = new Button("Apply  (Ctrl+Enter)");
        apply.setId("daemon-apply");
        apply.getStyleClass().add("accent-button");
        apply.setOnAction(event -> viewModel.apply());
        apply.disableProperty().bind(viewModel.canApplyProperty().not().or(viewModel.busyProperty()));
        apply.setTooltip(new Tooltip("Write the script, restart the unit and verify, stopping at the first failure"));
        Label problem = new Label();
        problem.setId("daemon-problem");
        problem.getStyleClass().add("finding-error");
        problem.setWrapText(true);
        problem.textProperty().bind(viewModel.problemProperty());
        // A disabled button shows no tooltip, so say in words why Apply is not ready yet.
        Label hint = Cards.label("Preview first: Apply writes exactly what the preview shows.", "figure-caption");
        hint.setId("daemon-apply-hint");
        hint.visibleProperty().bind(viewModel.canApplyProperty().not().and(viewModel.problemProperty().isEmpty())
                .and(viewModel.loadedProperty().isNotNull()));
        hint.managedProperty().bind(hint.visibleProperty());
        // The buttons keep their whole label; the hint and the problem take what width is left and wrap.
        preview.setMinWidth(Region.USE_PREF_SIZE);
        apply.setMinWidth(Region.USE_PREF_SIZE);
        for (Label beside : List.of(hint, problem)) {
            beside.setWrapText(true);
            beside.setMinWidth(0);
            beside.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(beside, Priority.ALWAYS);
        }
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        HBox buttons = new HBox(10, preview, apply, hint, problem);
        buttons.setAlignment(Pos.CENTER_LEFT);

        return Cards.card("New settings", new VBox(12, grid, buttons));
    }

    private VBox previewCard() {
        TextArea diff = new TextArea();
        diff.setId("daemon-diff");
        diff.getStyleClass().add("diff-area");
        diff.setEditable(false);
        diff.setPrefRowCount(12);
        diff.setPromptText("Press Preview to see what would change in the script.");
        diff.textProperty().bind(viewModel.diffProperty());
        return Cards.card("Preview (unified diff)", diff);
    }

    private VBox applyCard() {
        VBox rows = new VBox(8);
        List<ApplyStep> all = new java.util.ArrayList<>(viewModel.steps());
        all.add(viewModel.watchStep());
        for (ApplyStep step : all) {
            Label name = Cards.label(step.name(), "card-title");
            name.setMinWidth(70);
            Label state = new Label();
            state.setId("step-" + step.name().toLowerCase(Locale.ROOT));
            state.getStyleClass().add("step-state");
            state.textProperty().bind(Bindings.createStringBinding(() -> step.stateProperty().get().name()
                    .toLowerCase(Locale.ROOT), step.stateProperty()));
            step.stateProperty().addListener((obs, old, value) -> {
                state.getStyleClass().removeAll("ok", "failed", "running", "waiting", "skipped");
                state.getStyleClass().add(value.name().toLowerCase(Locale.ROOT));
            });
            state.getStyleClass().add("waiting");
            TextArea output = new TextArea();
            output.setId("step-" + step.name().toLowerCase(Locale.ROOT) + "-output");
            output.getStyleClass().add("code-area");
            output.setEditable(false);
            output.setWrapText(true);
            output.setPrefRowCount(6);
            output.textProperty().bind(step.outputProperty());
            // What a step did last is at the end (the restart after days of journal): show the end.
            followEnd(output);
            rows.getChildren().add(new VBox(4, new HBox(10, name, state), output));
        }
        Button watch = new Button("Watch the next 2 sessions");
        watch.setId("daemon-watch");
        watch.setTooltip(new Tooltip("Proof in practice: judge the sessions that start after the restart against "
                + "the cap and the pin (up to an hour; Cancel in the status bar stops it)"));
        watch.disableProperty().bind(viewModel.canWatchProperty().not());
        watch.setOnAction(event -> viewModel.watchNextSessions(2, java.time.Duration.ofHours(1)));
        rows.getChildren().add(watch);
        return Cards.card("Apply (write, restart, verify), then watch", rows);
    }

    private VBox historyCard() {
        TableView<ChangeRecord> table = new TableView<>(viewModel.changes());
        table.setId("daemon-history");
        table.setPrefHeight(190);
        table.setPlaceholder(new Label("No change recorded for this host yet."));
        TableColumn<ChangeRecord, String> time = new TableColumn<>("When");
        time.setCellValueFactory(c -> new ReadOnlyStringWrapper(Format.time(c.getValue().time(), model.zone())));
        time.setPrefWidth(130);
        TableColumn<ChangeRecord, String> kind = new TableColumn<>("Change");
        kind.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().kind().name().toLowerCase(Locale.ROOT)));
        kind.setPrefWidth(70);
        TableColumn<ChangeRecord, String> settings = new TableColumn<>("Settings");
        settings.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().settings()));
        settings.setPrefWidth(260);
        TableColumn<ChangeRecord, String> backup = new TableColumn<>("Backup");
        backup.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().backupPath()));
        table.getColumns().setAll(List.of(time, kind, settings, backup));

        var selected = table.getSelectionModel().selectedItemProperty();
        Button rollback = new Button("Roll back to before this change…");
        rollback.setId("daemon-rollback");
        rollback.setMinWidth(Region.USE_PREF_SIZE);
        rollback.disableProperty().bind(Bindings.createBooleanBinding(() -> !viewModel.canRollBack(selected.get()),
                selected, viewModel.busyProperty(), viewModel.loadedProperty()));
        rollback.setOnAction(event -> viewModel.rollback(selected.get()));
        // A disabled button shows no tooltip: say why this change cannot be rolled back.
        Label already = Cards.label("The script already equals this change's backup: nothing to roll back.",
                "figure-caption");
        already.setId("daemon-rollback-hint");
        already.setWrapText(true);
        already.setMinWidth(0);
        already.visibleProperty().bind(Bindings.createBooleanBinding(() -> viewModel.alreadyRestored(selected.get()),
                selected, viewModel.loadedProperty()));
        already.managedProperty().bind(already.visibleProperty());
        HBox.setHgrow(already, Priority.ALWAYS);
        HBox actions = new HBox(10, rollback, already);
        actions.setAlignment(Pos.CENTER_LEFT);
        // The history is read again after each change: a row selected before it no longer means the same.
        viewModel.changes().addListener((ListChangeListener<ChangeRecord>) change -> table.getSelectionModel()
                .clearSelection());
        return Cards.card("History", new VBox(8, table, actions));
    }

    /**
     * Keeps a step's output scrolled to its end, where the last thing the step did is (the restart
     * after days of journal), until the operator scrolls it. The text's height is known only once
     * the skin laid it out, a pulse or two after the text changed: the scroll follows that height.
     */
    private static void followEnd(TextArea output) {
        boolean[] following = {true};
        output.textProperty().addListener((obs, old, text) -> {
            following[0] = true;
            Platform.runLater(() -> output.setScrollTop(Double.MAX_VALUE));
        });
        output.addEventFilter(ScrollEvent.ANY, event -> following[0] = false);
        output.addEventFilter(MouseEvent.MOUSE_PRESSED, event -> following[0] = false);
        output.skinProperty().addListener((obs, old, skin) -> {
            // The text area's own scroll pane (style class scroll-pane in the TextArea's CSS substructure).
            if (output.lookup(".scroll-pane") instanceof ScrollPane inner && inner.getContent() != null) {
                inner.getContent().layoutBoundsProperty().addListener((o, before, bounds) -> {
                    if (following[0] && bounds.getHeight() != before.getHeight()) {
                        // The skin is still laying out its scroll pane, which would undo a scroll made now.
                        Platform.runLater(() -> output.setScrollTop(Double.MAX_VALUE));
                    }
                });
            }
        });
    }

    private String describeModel(String id) {
        return viewModel.models().stream().filter(m -> m.id().equals(id)).findFirst()
                .map(m -> m.displayName() + "  ·  $" + plain(m.input()) + " in / $" + plain(m.output())
                        + " out per M tokens  ·  " + id)
                .orElse(id);
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
