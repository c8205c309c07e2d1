package dev.burnwatch.ui.costs;

import dev.burnwatch.BadInputException;
import dev.burnwatch.aws.AwsClients;
import dev.burnwatch.aws.AwsSettings;
import dev.burnwatch.aws.AwsWorkspace;
import dev.burnwatch.aws.CostComparison;
import dev.burnwatch.aws.DailyCost;
import dev.burnwatch.config.AppDirs;
import dev.burnwatch.ui.common.Cards;
import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.Format;
import dev.burnwatch.ui.common.UiExecutor;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
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

/**
 * The Costs screen: what AWS billed per day beside Burnwatch's transcript estimate with the
 * difference, the bill by service (Claude's Bedrock models summed), the budget alarm, every
 * host's totals from CloudWatch, and the workspace's AWS settings. It loads the first time
 * it is shown; every AWS call runs in the background, and each panel shows its own problem.
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
     * The screen for the console: the workspace's saved AWS settings (the defaults if the
     * file is unreadable, with the reason shown), clients from the AWS chain, the console's
     * hosts for the estimate, and the console's executor for every AWS call.
     */
    public static CostsView forConsole(ConsoleModel consoleModel, UiExecutor executor) {
        AppDirs dirs = AppDirs.fromEnvironment();
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
        Button refresh = Cards.smallButton("Refresh", "Ask AWS again (Cost Explorer answers cost $0.01 each;"
                + " settled days come from the cache)", model::refresh);
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(model.loadingProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(10, Cards.label("Costs", "screen-title"), spacer, busy, refresh);
        header.setAlignment(Pos.CENTER_LEFT);
        Label subtitle = Cards.label("What AWS billed (Cost Explorer, UTC days) beside what the transcripts say,"
                + " and what every host published to CloudWatch.", "screen-subtitle");

        GridPane lower = new GridPane();
        lower.setHgap(14);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints half = new ColumnConstraints();
            half.setPercentWidth(50);
            half.setHgrow(Priority.ALWAYS);
            lower.getColumnConstraints().add(half);
        }
        lower.addRow(0, alarmCard(model), fleetCard(model));
        VBox content = new VBox(14, comparisonCard(model), servicesCard(model), lower, settingsCard(model));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);

        getChildren().addAll(header, subtitle, scroll);
        getStyleClass().add("screen");
        visibleProperty().addListener((obs, was, shown) -> {
            if (shown && !model.wasLoaded()) {
                model.refresh();
            }
        });
    }

    private static Node comparisonCard(CostsViewModel model) {
        TableView<CostComparison.Row> table = new TableView<>(model.rows());
        table.getColumns().add(column("Day (UTC)", row -> row.day() + (row.incomplete() ? "  (incomplete)" : "")));
        table.getColumns().add(column("Billed Claude", row -> Format.usd(row.billedClaudeUsd())));
        table.getColumns().add(column("Estimate", row -> Format.usd(row.estimatedUsd())));
        table.getColumns().add(column("Difference", row -> signedUsd(row.differenceUsd())));
        table.getColumns().add(column("%", row -> row.differencePercent() == null ? "-"
                : row.differencePercent().toPlainString() + "%"));
        table.getColumns().add(column("All AWS", row -> Format.usd(row.billedTotalUsd())));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No billed days yet: press Refresh."));
        table.setPrefHeight(260);

        Label verdict = boundLabel(model.verdictProperty(), "screen-subtitle");
        VBox body = new VBox(8, verdict, problemLabel(model.billingProblemProperty()), table);
        return Cards.card("Billed vs estimate", body);
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

    private static Node alarmCard(CostsViewModel model) {
        TextField host = new TextField();
        host.setPromptText("host name as published");
        host.textProperty().bindBidirectional(model.alarmHostProperty());
        Button set = Cards.smallButton("Set alarm", "Create or update a CloudWatch alarm on the host's daily"
                + " CostUsd at the budget", model::setAlarm);
        HBox row = new HBox(8, new Label("Host"), host, set);
        row.setAlignment(Pos.CENTER_LEFT);
        Label state = boundLabel(model.alarmStateProperty(), "screen-subtitle");
        state.setWrapText(true);
        return Cards.card("Budget alarm", new VBox(8, row, state, problemLabel(model.alarmProblemProperty())));
    }

    private static Node fleetCard(CostsViewModel model) {
        TableView<CostsViewModel.FleetRow> table = new TableView<>(model.fleet());
        table.getColumns().add(column("Host", CostsViewModel.FleetRow::host));
        table.getColumns().add(column("Cost", row -> Format.usd(BigDecimal.valueOf(row.costUsd()))));
        table.getColumns().add(column("Sessions", row -> String.format(Locale.ROOT, "%.0f", row.sessions())));
        table.getColumns().add(column("Input", row -> Format.tokens(row.inputTokens())));
        table.getColumns().add(column("Output", row -> Format.tokens(row.outputTokens())));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("Nothing published yet: run 'burnwatch publish' on the daemon hosts."));
        table.setPrefHeight(180);
        return Cards.card("Fleet from CloudWatch (last 7 days)",
                new VBox(8, problemLabel(model.fleetProblemProperty()), table));
    }

    private static Node settingsCard(CostsViewModel model) {
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        addField(grid, 0, "Profile", "default chain", model.profileProperty());
        addField(grid, 1, "Region", "e.g. eu-west-1", model.regionProperty());
        addField(grid, 2, "Budget ($/day)", "5", model.budgetProperty());
        addField(grid, 3, "SNS topic ARN", "optional", model.topicProperty());
        addField(grid, 4, "Cost days", "30", model.daysProperty());
        Button save = Cards.smallButton("Save", "Keep these settings for this workspace", model::saveSettings);
        Label note = Cards.label("Credentials come from the AWS chain (environment, profiles, SSO, instance"
                + " role); Burnwatch stores none.", "muted");
        Label message = boundLabel(model.settingsMessageProperty(), "muted");
        return Cards.card("AWS settings", new VBox(8, grid, note, message), save);
    }

    private static void addField(GridPane grid, int row, String name, String prompt,
                                 javafx.beans.property.StringProperty property) {
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
}
