package dev.burnwatch.ui.sessions;

import dev.burnwatch.monitor.SessionRecord;
import dev.burnwatch.ui.common.Cards;
import dev.burnwatch.ui.common.ChartExport;
import dev.burnwatch.ui.common.ConsoleEvents;
import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.DialogService;
import dev.burnwatch.ui.common.EventBus;
import dev.burnwatch.ui.common.Exports;
import dev.burnwatch.ui.common.Format;
import dev.burnwatch.ui.common.UiExecutor;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.concurrent.Task;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.chart.AreaChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The sessions table with search, the cap filter, CSV export and a session's per-turn curve. */
public final class SessionsView extends VBox {

    /** The detail pane's narrowest width: its facts and turn curve stay readable. */
    static final double DETAIL_MIN_WIDTH = 320;

    /** The detail pane's widest: beyond it the curve gains nothing and the table's columns need the room. */
    static final double DETAIL_MAX_WIDTH = 560;

    private final SessionsViewModel viewModel;
    private final ConsoleModel model;
    private final UiExecutor executor;
    private final DialogService dialogs;
    private final ChartExport export;
    private final TableView<SessionsViewModel.SessionRow> table = new TableView<>();
    private final TextField search = new TextField();
    private final Label count = Cards.label("", "muted");
    private final AreaChart<Number, Number> turnChart = new AreaChart<>(new NumberAxis(), new NumberAxis());
    private final GridPane facts = new GridPane();
    private final Label detailTitle = Cards.label("Select a session", "card-title");

    public SessionsView(ConsoleModel model, EventBus bus, UiExecutor executor, DialogService dialogs,
                        ChartExport export) {
        this.model = model;
        this.viewModel = new SessionsViewModel(model, bus);
        this.executor = executor;
        this.dialogs = dialogs;
        this.export = export;

        buildTable();
        VBox detail = buildDetail();

        search.setPromptText("Search host, session, project or model  (Ctrl+F)");
        search.setPrefWidth(340);
        search.textProperty().bindBidirectional(viewModel.searchProperty());
        search.setId("session-search");
        CheckBox capped = new CheckBox("Only sessions that hit the cap");
        capped.selectedProperty().bindBidirectional(viewModel.cappedOnlyProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(12, Cards.label("Sessions", "screen-title"), search, capped, spacer, count,
                Cards.smallButton("CSV", "Save the table as CSV (as filtered and sorted)", this::exportCsv));
        toolbar.setAlignment(Pos.CENTER_LEFT);
        // In a narrow window the search field gives way; the title, the filter, the count and
        // the CSV button keep their words.
        for (javafx.scene.Node part : toolbar.getChildren()) {
            if (part instanceof Region region && part != spacer && part != search) {
                region.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        search.setMinWidth(140);

        SplitPane split = new SplitPane(table, detail);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.64);
        // Only the table follows the window: otherwise the detail keeps the share it had in a small
        // window and the table's columns stay cut off once the window is big again.
        SplitPane.setResizableWithParent(detail, false);
        VBox.setVgrow(split, Priority.ALWAYS);

        getChildren().addAll(toolbar, split);
        getStyleClass().add("screen");

        viewModel.rows().addListener((ListChangeListener<SessionsViewModel.SessionRow>) c -> {
            updateCount();
            if (viewModel.selectedProperty().get() == null && !table.getItems().isEmpty()) {
                table.getSelectionModel().selectFirst();
            }
        });
        viewModel.selectedProperty().addListener((obs, old, row) -> {
            if (row == null) {
                table.getSelectionModel().clearSelection();
            } else if (table.getSelectionModel().getSelectedItem() != row) {
                table.getSelectionModel().select(row);
                table.scrollTo(row);
            }
            showDetail(row);
        });
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
            if (row != null) {
                viewModel.selectedProperty().set(row);
            }
        });
        bus.subscribe(ConsoleEvents.SearchRequested.class, event -> {
            if (getScene() != null) {
                search.requestFocus();
                search.selectAll();
            }
        });
        updateCount();
        showDetail(viewModel.selectedProperty().get());

        // The window puts only the screen on show into the scene: being in a scene is being shown.
        sceneProperty().addListener((obs, was, scene) -> viewModel.setShowing(scene != null));
        viewModel.setShowing(getScene() != null);
    }

    private void buildTable() {
        table.setId("sessions-table");
        Label placeholder = new Label();
        placeholder.textProperty().bind(viewModel.emptyTextProperty());
        table.setPlaceholder(placeholder);
        SortedList<SessionsViewModel.SessionRow> sorted = new SortedList<>(viewModel.rows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);

        TableColumn<SessionsViewModel.SessionRow, String> host = column("Host", r -> r.hostName());
        TableColumn<SessionsViewModel.SessionRow, Instant> start = column("Start", r -> r.session().firstTimestamp());
        start.setCellFactory(c -> cell(i -> Format.time(i, model.zone())));
        start.setSortType(TableColumn.SortType.DESCENDING);
        TableColumn<SessionsViewModel.SessionRow, Duration> duration = column("Duration", r -> r.session().duration());
        duration.setCellFactory(c -> cell(Format::duration));
        TableColumn<SessionsViewModel.SessionRow, String> modelColumn = column("Model", r -> Format.model(
                r.session().mainModel()));
        TableColumn<SessionsViewModel.SessionRow, Integer> turns = column("Turns", r -> r.session().turns());
        TableColumn<SessionsViewModel.SessionRow, Long> tokens = column("Tokens", r -> r.session().tokens().total());
        tokens.setCellFactory(c -> cell(t -> Format.tokens(t)));
        TableColumn<SessionsViewModel.SessionRow, BigDecimal> cost = column("Cost", r -> r.session().costUsd());
        cost.setCellFactory(c -> cell(Format::usd));
        TableColumn<SessionsViewModel.SessionRow, Boolean> capped = column("Hit the cap", r -> r.hitTheCap());
        capped.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Boolean value, boolean empty) {
                super.updateItem(value, empty);
                getStyleClass().removeAll("capped-yes", "capped-no");
                if (empty || value == null) {
                    setText(null);
                    return;
                }
                setText(value ? "yes" : "no");
                getStyleClass().add(value ? "capped-yes" : "capped-no");
            }
        });
        for (TableColumn<SessionsViewModel.SessionRow, ?> numeric : List.of(duration, turns, tokens, cost)) {
            numeric.getStyleClass().add("number-cell");
        }
        host.setPrefWidth(90);
        start.setPrefWidth(132);
        duration.setPrefWidth(72);
        modelColumn.setPrefWidth(110);
        turns.setPrefWidth(54);
        tokens.setPrefWidth(66);
        cost.setPrefWidth(74);
        capped.setPrefWidth(98);
        // A column never gets narrower than its figures: in a narrow window the table scrolls
        // sideways instead of cutting every cell to "…".
        for (TableColumn<SessionsViewModel.SessionRow, ?> each : List.of(host, start, duration, modelColumn, turns,
                tokens, cost, capped)) {
            each.setMinWidth(each.getPrefWidth());
        }
        table.getColumns().setAll(List.of(host, start, duration, modelColumn, turns, tokens, cost, capped));
        table.getSortOrder().add(start);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    }

    private VBox buildDetail() {
        NumberAxis turnAxis = (NumberAxis) turnChart.getXAxis();
        turnAxis.setLabel("turn");
        turnAxis.setForceZeroInRange(false);
        ((NumberAxis) turnChart.getYAxis()).setLabel("tokens in the turn");
        turnChart.setAnimated(false);
        turnChart.setLegendVisible(false);
        turnChart.getStyleClass().add("turn-chart");
        turnChart.setCreateSymbols(false);
        facts.setHgap(14);
        facts.setVgap(4);
        VBox content = new VBox(10, facts, turnChart);
        VBox.setVgrow(turnChart, Priority.ALWAYS);
        VBox card = Cards.card("Session", content, Cards.smallButton("PNG", "Save the turn curve as PNG",
                () -> export.exportPng(turnChart, "session-turns")));
        content.getChildren().add(0, detailTitle);
        card.setMinWidth(DETAIL_MIN_WIDTH);
        card.setMaxWidth(DETAIL_MAX_WIDTH);
        return card;
    }

    private void showDetail(SessionsViewModel.SessionRow row) {
        facts.getChildren().clear();
        turnChart.getData().clear();
        turnChart.setVisible(row != null);
        if (row == null) {
            detailTitle.setText("Select a session to see its turns");
            return;
        }
        SessionRecord s = row.session();
        detailTitle.setText(s.sessionId());
        String[][] lines = {
            {"Host", row.hostName()},
            {"Project", s.project()},
            {"Models", String.join(", ", s.models())},
            {"Started", Format.time(s.firstTimestamp(), model.zone()) + "  (ran " + Format.duration(s.duration())
                    + ")"},
            {"Turns", s.turns() + (row.hitTheCap() ? "  — hit the cap" : "") + "  ·  " + s.apiCalls()
                    + " API calls"},
            {"Tokens", Format.tokens(s.tokens().total()) + "  (in " + Format.tokens(s.tokens().input()) + ", out "
                    + Format.tokens(s.tokens().output()) + ", cache writes " + Format.tokens(s.tokens().cacheWrite())
                    + ", reads " + Format.tokens(s.tokens().cacheRead()) + ")"},
            {"Cost", Format.usd(s.costUsd()) + "  ·  " + Format.tokens(s.tokensPerMinute()) + " tokens/min"},
        };
        for (int i = 0; i < lines.length; i++) {
            Label key = Cards.label(lines[i][0], "muted");
            key.setMinWidth(Region.USE_PREF_SIZE);
            facts.add(key, 0, i);
            Label value = new Label(lines[i][1]);
            value.setWrapText(true);
            facts.add(value, 1, i);
        }
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        List<Long> perTurn = s.turnTokens();
        for (int turn = 0; turn < perTurn.size(); turn++) {
            series.getData().add(new XYChart.Data<>(turn + 1, perTurn.get(turn)));
        }
        turnChart.getData().setAll(List.of(series));
    }

    private void updateCount() {
        count.setText(viewModel.rows().size() + " of " + viewModel.totalCount() + " sessions");
    }

    private void exportCsv() {
        List<String> lines = Exports.csvLines(table);
        dialogs.askSaveFile("Save sessions as CSV", "sessions.csv", "csv").ifPresent(file -> {
            Task<Void> task = new Task<>() {
                @Override
                protected Void call() throws Exception {
                    updateTitle("Saving " + file.getFileName());
                    Exports.writeCsv(lines, file);
                    return null;
                }
            };
            executor.run(task, done -> dialogs.notify("Sessions saved", file + " (" + (lines.size() - 1)
                    + " rows)", false), error -> dialogs.showError("The table could not be saved", file + ": "
                    + error.getMessage()));
        });
    }

    private static <T> TableColumn<SessionsViewModel.SessionRow, T> column(String title,
            Function<SessionsViewModel.SessionRow, T> value) {
        TableColumn<SessionsViewModel.SessionRow, T> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> (ObservableValue<T>) new ReadOnlyObjectWrapper<>(value.apply(
                cell.getValue())));
        return column;
    }

    private static <T> TableCell<SessionsViewModel.SessionRow, T> cell(Function<T, String> text) {
        return new TableCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : text.apply(item));
            }
        };
    }
}
