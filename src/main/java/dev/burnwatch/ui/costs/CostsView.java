package dev.burnwatch.ui.costs;

import dev.burnwatch.BadInputException;
import dev.burnwatch.aws.AwsClients;
import dev.burnwatch.aws.AwsSettings;
import dev.burnwatch.aws.AwsWorkspace;
import dev.burnwatch.aws.CloudWatchUsage;
import dev.burnwatch.aws.CostComparison;
import dev.burnwatch.aws.DailyCost;
import dev.burnwatch.config.AppDirs;
import dev.burnwatch.ui.common.Cards;
import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.Format;
import dev.burnwatch.ui.common.HostItem;
import dev.burnwatch.ui.common.UiExecutor;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The Costs screen: whether AWS is set up, what AWS billed per day beside Burnwatch's
 * transcript estimate with the difference, the bill by service (and by usage type on
 * demand), what every host published to CloudWatch over a chosen window, Bedrock's own
 * metrics, the budget alarm on the console's budget, each host's CloudWatch name, and the
 * AWS settings. It checks the set-up and loads the first time it is put on show; every AWS
 * call runs in the background, and each panel shows its own problem.
 */
public final class CostsView extends VBox {

    private static final String ERROR_STYLE = "finding-error";

    /** The screen without AWS wired in: says what it is for and what it needs. */
    public CostsView() {
        Label title = Cards.label("AWS is not configured", "placeholder-title");
        Label text = new Label("This screen shows what the bill says (AWS Cost Explorer) next to what the "
                + "transcripts say, and the Burnwatch metrics published to CloudWatch. It needs AWS "
                + "credentials from the usual AWS chain (environment, ~/.aws/credentials or an SSO profile) "
                + "and a region. Nothing here is needed to watch and fix the burn on the other screens.");
        text.setWrapText(true);
        text.setMaxWidth(640);
        text.getStyleClass().add("muted");
        VBox card = new VBox(10, title, text);
        card.getStyleClass().add("card");
        card.setMaxWidth(700);
        card.setAlignment(Pos.TOP_LEFT);

        getChildren().addAll(Cards.label("Costs", "screen-title"), card);
        getStyleClass().add("screen");
    }

    /**
     * The screen for the console: the saved AWS settings in the console's own folders (the
     * defaults if the file is unreadable, with the reason shown), clients from the AWS chain,
     * the console's hosts for the estimate and its budget for the alarm, and the console's
     * executor for every AWS call.
     */
    public static CostsView forConsole(ConsoleModel consoleModel, UiExecutor executor, AppDirs dirs) {
        AwsSettings settings;
        String problem = "";
        try {
            settings = AwsSettings.load(dirs.configDir());
        } catch (BadInputException e) {
            settings = AwsSettings.defaults();
            problem = e.getMessage();
        }
        CostsViewModel model = new CostsViewModel(consoleModel, executor, settings, dirs.configDir(),
                chosen -> new AwsWorkspace(chosen, AwsClients.of(chosen), dirs, Clock.systemUTC()));
        model.showSettingsProblem(problem);
        return new CostsView(model);
    }

    /** The screen on top of its view model. */
    public CostsView(CostsViewModel model) {
        Button refresh = Cards.smallButton("Refresh", "Check the AWS set-up and ask AWS again (Cost Explorer"
                + " requests cost $0.01 each; cached days are not asked for again)", model::refresh);
        refresh.setId("costs-refresh");
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(model.loadingProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(10, Cards.label("Costs", "screen-title"), spacer, busy, refresh);
        header.setAlignment(Pos.CENTER_LEFT);
        Label subtitle = Cards.label("What AWS billed (Cost Explorer, UTC days) beside what the transcripts say,"
                + " and what every host published to CloudWatch.", "screen-subtitle");
        Label state = boundLabel(model.setupStateProperty(), "muted");
        state.setId("costs-setup-state");

        VBox data = new VBox(14, comparisonCard(model), servicesCard(model), cloudWatchCard(model),
                bedrockCard(model), twoColumns(alarmCard(model), namesCard(model)));
        data.managedProperty().bind(model.setupProblemProperty().isEmpty());
        data.visibleProperty().bind(model.setupProblemProperty().isEmpty());
        VBox content = new VBox(14, setupCard(model), data, settingsCard(model));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);

        getChildren().addAll(header, subtitle, state, scroll);
        getStyleClass().add("screen");
        // The window puts only the screen on show into the scene: being in a scene is being shown.
        sceneProperty().addListener((obs, was, scene) -> model.setShowing(scene != null));
        if (getScene() != null) {
            model.setShowing(true);
        }
    }

    private static Node setupCard(CostsViewModel model) {
        Label text = boundLabel(model.setupProblemProperty(), ERROR_STYLE);
        text.setId("costs-setup-problem");
        VBox card = Cards.card("AWS is not set up for this screen", text);
        card.managedProperty().bind(model.setupProblemProperty().isNotEmpty());
        card.visibleProperty().bind(model.setupProblemProperty().isNotEmpty());
        return card;
    }

    private static Node comparisonCard(CostsViewModel model) {
        TableView<CostComparison.Row> table = new TableView<>(model.rows());
        table.setId("costs-billed");
        table.getColumns().add(column("Day (UTC)", row -> row.day() + (row.incomplete() ? "  (incomplete)"
                : row.estimated() ? "  (estimated)" : "")));
        table.getColumns().add(column("Billed Claude", row -> Format.usd(row.billedClaudeUsd())));
        table.getColumns().add(column("Estimate", row -> Format.usd(row.estimatedUsd())));
        table.getColumns().add(column("Difference", row -> signedUsd(row.differenceUsd())));
        table.getColumns().add(column("%", row -> row.differencePercent() == null ? "-"
                : row.differencePercent().toPlainString() + "%"));
        table.getColumns().add(column("All AWS", row -> Format.usd(row.billedTotalUsd())));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No billed days read yet."));
        table.setPrefHeight(260);

        Label verdict = boundLabel(model.verdictProperty(), "screen-subtitle");
        VBox body = new VBox(8, verdict, problemLabel(model.billingProblemProperty()), table, usageTypes(model));
        return Cards.card("Billed vs estimate", body);
    }

    private static Node usageTypes(CostsViewModel model) {
        Button load = Cards.smallButton("By usage type ($0.01)", "Ask Cost Explorer for the Claude models' bill by"
                + " usage type (input, output, cache read and write): one more request, $0.01, then cached",
                model::loadUsageTypes);
        load.setId("costs-usage-types");
        Label note = Cards.label("Input, output and cache tokens per Claude model as billed: on demand, since each"
                + " Cost Explorer request costs $0.01.", "muted");
        note.setWrapText(true);
        HBox row = new HBox(10, load, note);
        row.setAlignment(Pos.CENTER_LEFT);

        TableView<CostsViewModel.UsageTypeRow> table = new TableView<>(model.usageTypes());
        table.getColumns().add(column("Model (service)", CostsViewModel.UsageTypeRow::service));
        table.getColumns().add(column("Usage type", CostsViewModel.UsageTypeRow::usageType));
        table.getColumns().add(column("Billed over the days", r -> Format.usd(r.amountUsd())));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPrefHeight(160);
        table.managedProperty().bind(Bindings.isNotEmpty(model.usageTypes()));
        table.visibleProperty().bind(Bindings.isNotEmpty(model.usageTypes()));
        Label message = boundLabel(model.usageTypesMessageProperty(), "muted");
        return new VBox(6, row, problemLabel(model.usageTypesProblemProperty()), message, table);
    }

    private static Node servicesCard(CostsViewModel model) {
        TableView<DailyCost.CostLine> table = new TableView<>(model.services());
        table.getColumns().add(column("Service", DailyCost.CostLine::service));
        table.getColumns().add(column("Billed over the period", line -> Format.usd(line.amountUsd())));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No services billed in the period."));
        table.setPrefHeight(180);
        return Cards.card("By service (Claude's Bedrock models summed)", table);
    }

    private static Node cloudWatchCard(CostsViewModel model) {
        ChoiceBox<CloudWatchUsage.Window> window = new ChoiceBox<>(FXCollections.observableArrayList(
                CloudWatchUsage.Window.values()));
        window.setId("costs-window");
        window.valueProperty().bindBidirectional(model.windowProperty());
        Label note = Cards.label("Read back with GetMetricData: the {Host} series of every host. CloudWatch lists"
                + " only hosts that published in the last two weeks.", "muted");
        note.setWrapText(true);
        HBox row = new HBox(10, new Label("Window"), window, note);
        row.setAlignment(Pos.CENTER_LEFT);

        NumberAxis tokenAxis = new NumberAxis();
        tokenAxis.setLabel("tokens");
        tokenAxis.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number value) {
                return Format.tokens(value.doubleValue());
            }

            @Override
            public Number fromString(String text) {
                return 0;
            }
        });
        StackedBarChart<String, Number> tokens = new StackedBarChart<>(new CategoryAxis(), tokenAxis,
                model.tokenChart());
        tokens.setId("costs-token-chart");
        tokens.setTitle("Tokens by kind, all hosts");
        tokens.setAnimated(false);
        tokens.setPrefHeight(260);

        NumberAxis usdAxis = new NumberAxis();
        usdAxis.setLabel("USD");
        LineChart<String, Number> cost = new LineChart<>(new CategoryAxis(), usdAxis, model.costChart());
        cost.setId("costs-cost-chart");
        cost.getStyleClass().add("host-cost-chart");
        cost.setTitle("CostUsd per host");
        cost.setAnimated(false);
        cost.setPrefHeight(260);

        TableView<CostsViewModel.FleetRow> table = new TableView<>(model.fleet());
        table.getColumns().add(column("Host", CostsViewModel.FleetRow::host));
        table.getColumns().add(column("Cost", r -> Format.usd(BigDecimal.valueOf(r.costUsd()))));
        table.getColumns().add(column("Sessions", r -> String.format(Locale.ROOT, "%.0f", r.sessions())));
        table.getColumns().add(column("Input", r -> Format.tokens(r.inputTokens())));
        table.getColumns().add(column("Output", r -> Format.tokens(r.outputTokens())));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("Nothing published in this window: run 'burnwatch publish' on the daemon"
                + " hosts, or turn on a host's CloudWatch switch."));
        table.setPrefHeight(150);

        Node charts = twoColumns(tokens, cost);
        return Cards.card("Published to CloudWatch", new VBox(8, row, problemLabel(model.fleetProblemProperty()),
                charts, table));
    }

    private static Node bedrockCard(CostsViewModel model) {
        TableView<CostsViewModel.BedrockRow> table = new TableView<>(model.bedrock());
        table.setId("costs-bedrock");
        table.getColumns().add(column("Model (ModelId)", CostsViewModel.BedrockRow::modelId));
        table.getColumns().add(column("Input tokens", r -> Format.tokens(r.inputTokens())));
        table.getColumns().add(column("Output tokens", r -> Format.tokens(r.outputTokens())));
        table.getColumns().add(column("Invocations", r -> String.format(Locale.ROOT, "%,.0f", r.invocations())));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPrefHeight(140);
        table.managedProperty().bind(Bindings.isNotEmpty(model.bedrock()));
        table.visibleProperty().bind(Bindings.isNotEmpty(model.bedrock()));
        Label message = boundLabel(model.bedrockMessageProperty(), "muted");
        message.setId("costs-bedrock-message");
        return Cards.card("Bedrock's own metrics (same window)", new VBox(8, message,
                problemLabel(model.bedrockProblemProperty()), table));
    }

    private static Node alarmCard(CostsViewModel model) {
        ComboBox<String> host = new ComboBox<>(model.publishedHosts());
        host.setEditable(true);
        host.setId("costs-alarm-host");
        host.setPromptText("host name as published");
        host.getEditor().textProperty().bindBidirectional(model.alarmHostProperty());
        host.valueProperty().addListener((obs, old, value) -> {
            if (value != null) {
                model.alarmHostProperty().set(value);
            }
        });
        Button set = Cards.smallButton("Set alarm", "Create or update a CloudWatch alarm on the host's daily"
                + " CostUsd at the console's budget", model::setAlarm);
        set.setId("costs-set-alarm");
        HBox row = new HBox(8, new Label("Host"), host, set);
        row.setAlignment(Pos.CENTER_LEFT);
        Label budget = new Label();
        budget.getStyleClass().add("muted");
        budget.setWrapText(true);
        budget.textProperty().bind(Bindings.createStringBinding(() -> "Fires when the host's published CostUsd"
                + " passes the daily budget of " + (model.budgetProperty().get() == null ? "?"
                : Format.usd(model.budgetProperty().get())) + " (the budget in the top bar) in a day; notifies the"
                + " SNS topic of the AWS settings, if any.", model.budgetProperty()));
        Label state = boundLabel(model.alarmStateProperty(), "screen-subtitle");
        state.setId("costs-alarm-state");
        return Cards.card("Budget alarm", new VBox(8, row, budget, state, problemLabel(model.alarmProblemProperty())));
    }

    private static Node namesCard(CostsViewModel model) {
        ComboBox<HostItem> host = new ComboBox<>(model.hosts());
        host.setId("costs-name-host");
        host.setPromptText("host");
        host.valueProperty().bindBidirectional(model.namedHostProperty());
        host.setConverter(new StringConverter<>() {
            @Override
            public String toString(HostItem item) {
                return item == null ? "" : item.nameProperty().get();
            }

            @Override
            public HostItem fromString(String text) {
                return null;
            }
        });
        host.setButtonCell(new HostCell());
        host.setCellFactory(list -> new HostCell());
        TextField name = new TextField();
        name.setId("costs-name");
        name.setPromptText("its own host name (hostname)");
        name.textProperty().bindBidirectional(model.chosenNameProperty());
        Button save = Cards.smallButton("Save", "Publish this host under this name (blank: its own host name)",
                model::saveHostName);
        Button check = Cards.smallButton("Check", "Ask the host its name, look for the publish timer on it, and"
                + " ask CloudWatch whether it publishes under another name", model::checkHostName);
        HBox row = new HBox(8, host, name, save, check);
        row.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(name, Priority.ALWAYS);
        Label note = Cards.label("The console's CloudWatch switch and 'burnwatch publish' on the host (its timer)"
                + " both name a host by its own host name. Run only one of them for a host, or every session"
                + " counts twice.", "muted");
        note.setWrapText(true);
        Label result = boundLabel(model.nameCheckProperty(), "screen-subtitle");
        result.setId("costs-name-check");
        return Cards.card("CloudWatch host names", new VBox(8, row, note, result));
    }

    private static Node settingsCard(CostsViewModel model) {
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        addField(grid, 0, "Profile", "default chain (AWS_PROFILE)", model.profileProperty());
        addField(grid, 1, "Region", "e.g. eu-west-1 (default: AWS_REGION, the profile's)", model.regionProperty());
        addField(grid, 2, "SNS topic ARN", "optional, for the budget alarm", model.topicProperty());
        addField(grid, 3, "Cost days", "30", model.daysProperty());
        Button save = Cards.smallButton("Save", "Keep these AWS settings and read again with them",
                model::saveSettings);
        save.setId("costs-save-settings");
        Label note = Cards.label("Credentials come from the AWS chain (environment, profiles, SSO, instance"
                + " role); Burnwatch stores none. The budget is the console's, in the top bar.", "muted");
        note.setWrapText(true);
        Label message = boundLabel(model.settingsMessageProperty(), "muted");
        return Cards.card("AWS settings (profile and region)", new VBox(8, grid, note, message), save);
    }

    private static Node twoColumns(Node left, Node right) {
        GridPane grid = new GridPane();
        grid.setHgap(14);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints half = new ColumnConstraints();
            half.setPercentWidth(50);
            half.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(half);
        }
        grid.addRow(0, left, right);
        return grid;
    }

    private static void addField(GridPane grid, int row, String name, String prompt, StringProperty property) {
        TextField field = new TextField();
        field.setPromptText(prompt);
        field.textProperty().bindBidirectional(property);
        GridPane.setHgrow(field, Priority.ALWAYS);
        grid.addRow(row, new Label(name), field);
    }

    private static <S> TableColumn<S, String> column(String title, Function<S, String> text) {
        TableColumn<S, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> (ObservableValue<String>) new SimpleStringProperty(
                text.apply(cell.getValue())));
        column.setSortable(false);
        return column;
    }

    private static Label boundLabel(ReadOnlyStringProperty text, String style) {
        Label label = new Label();
        label.textProperty().bind(text);
        label.getStyleClass().add(style);
        label.setWrapText(true);
        return label;
    }

    private static Label problemLabel(ReadOnlyStringProperty problem) {
        Label label = boundLabel(problem, ERROR_STYLE);
        label.managedProperty().bind(problem.isNotEmpty());
        label.visibleProperty().bind(problem.isNotEmpty());
        return label;
    }

    private static String signedUsd(BigDecimal value) {
        return value.signum() < 0 ? "-" + Format.usd(value.negate()) : "+" + Format.usd(value);
    }

    /** A host shown by its name in the host chooser. */
    private static final class HostCell extends ListCell<HostItem> {
        @Override
        protected void updateItem(HostItem item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.nameProperty().get());
        }
    }
}
