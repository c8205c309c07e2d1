package dev.burnwatch.ui.dashboard;

import dev.burnwatch.monitor.BurnFigures;
import dev.burnwatch.monitor.ChangeEffect;
import dev.burnwatch.monitor.DaySpend;
import dev.burnwatch.ui.common.Cards;
import dev.burnwatch.ui.common.ChartExport;
import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.EventBus;
import dev.burnwatch.ui.common.Format;
import dev.burnwatch.ui.common.LaterOnce;
import dev.burnwatch.ui.common.Theme;
import eu.hansolo.tilesfx.Tile;
import eu.hansolo.tilesfx.TileBuilder;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/** The dashboard: burn tiles, tokens per session, spend per day and the effect of the last fix. */
public final class DashboardView extends ScrollPane {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("M/d", Locale.ROOT);

    private final DashboardViewModel viewModel;
    private final ConsoleModel model;
    private final ChartExport export;

    private final Label title = Cards.label("All hosts", "screen-title");
    private final Label subtitle = Cards.label("Waiting for the first refresh…", "screen-subtitle");
    private final Tile spendTile;
    private final Tile projectionTile;
    private final Tile dollarRateTile;
    private final Tile tokenRateTile;
    private final Tile sessionsTile;
    private final Tile turnsTile;
    private final Tile capTile;
    private final StackedBarChart<String, Number> sessionChart;
    private final SpendChart spendChart = new SpendChart();
    private final BarChart<String, Number> effectChart;
    private final Label effectBefore = Cards.label("–", "big-number");
    private final Label effectAfter = Cards.label("–", "big-number");
    private final Label effectChange = Cards.label("–", "big-number");
    private final Label effectCaption = Cards.label("", "figure-caption");
    /** One tooltip shared by every bar (its text follows the mouse): a refresh creates no popup windows. */
    private final Tooltip barTip = new Tooltip();
    private final Tooltip dayTip = new Tooltip();

    public DashboardView(ConsoleModel model, EventBus bus, ChartExport export) {
        this.model = model;
        this.viewModel = new DashboardViewModel(model, bus);
        this.export = export;

        spendTile = tile("Spend today", "$", 2);
        projectionTile = TileBuilder.create().skinType(Tile.SkinType.GAUGE).title("Projected by midnight")
                .unit("$").decimals(2).minValue(0).maxValue(10).thresholdVisible(true).animated(false)
                .prefSize(200, 140).build();
        dollarRateTile = tile("Burn rate", "$/h", 2);
        tokenRateTile = tile("Token rate", "k tok/min", 1);
        sessionsTile = tile("Sessions today", "", 0);
        turnsTile = tile("Avg turns / session", "", 1);
        capTile = tile("Sessions at the cap", "", 0);
        spendTile.setId("tile-spend-today");
        projectionTile.setId("tile-projection");
        sessionsTile.setId("tile-sessions-today");
        turnsTile.setId("tile-average-turns");
        capTile.setId("tile-at-cap");

        CategoryAxis sessionAxis = new CategoryAxis();
        NumberAxis tokenAxis = new NumberAxis();
        tokenAxis.setLabel("tokens");
        sessionChart = new StackedBarChart<>(sessionAxis, tokenAxis);
        sessionChart.setAnimated(false);
        sessionChart.setCategoryGap(4);
        sessionChart.setLegendVisible(true);
        sessionAxis.setTickLabelsVisible(false);
        sessionAxis.setTickMarkVisible(false);
        sessionAxis.setLabel("the " + DashboardViewModel.SESSION_BARS
                + " most recent sessions, oldest left (hover for details)");

        effectChart = new BarChart<>(new CategoryAxis(), new NumberAxis());
        effectChart.getStyleClass().add("effect-chart");
        effectChart.setAnimated(false);
        effectChart.setLegendVisible(false);
        effectChart.getYAxis().setLabel("tokens / min per session");
        effectChart.setPrefHeight(130);

        setContent(buildScreen());
        setFitToWidth(true);
        getStyleClass().add("edge-to-edge");

        viewModel.figuresProperty().addListener((obs, old, figures) -> showFigures(figures));
        viewModel.scopeProperty().addListener((obs, old, scope) -> title.setText(scope));
        // Each chart is redrawn on a turn of its own, after the tiles: new figures never hold
        // the JavaFX thread for all four at once.
        LaterOnce sessionsRedraw = new LaterOnce(this::showSessions);
        LaterOnce daysRedraw = new LaterOnce(this::showDays);
        LaterOnce effectRedraw = new LaterOnce(() -> showEffect(viewModel.effectProperty().get()));
        viewModel.sessionBars().addListener((javafx.collections.ListChangeListener<DashboardViewModel.SessionBar>)
                change -> sessionsRedraw.request());
        viewModel.days().addListener((javafx.collections.ListChangeListener<DaySpend>) change -> daysRedraw.request());
        viewModel.effectProperty().addListener((obs, old, effect) -> effectRedraw.request());
        model.themeProperty().addListener((obs, old, theme) -> paintTiles(theme));
        model.budgetProperty().addListener((obs, old, budget) -> daysRedraw.request());

        title.setText(viewModel.scopeProperty().get());
        paintTiles(model.themeProperty().get());
        showFigures(viewModel.figuresProperty().get());
        showSessions();
        showDays();
        showEffect(viewModel.effectProperty().get());
    }

    private VBox buildScreen() {
        HBox header = new HBox(12, new VBox(2, title, subtitle));
        header.setAlignment(Pos.CENTER_LEFT);

        GridPane tiles = new GridPane();
        tiles.setHgap(10);
        tiles.setVgap(10);
        List<Tile> all = List.of(spendTile, projectionTile, dollarRateTile, tokenRateTile, sessionsTile, turnsTile,
                capTile);
        for (Tile tile : all) {
            tile.setPrefHeight(140);
            tile.setMinHeight(140);
            tile.setMaxWidth(Double.MAX_VALUE);
        }
        arrangeTiles(tiles, all, all.size());
        // Below about 130 px a tile's text is too small to read: then the tiles take two rows.
        tiles.widthProperty().addListener((obs, old, width) -> {
            int perRow = width.doubleValue() < all.size() * MIN_TILE_WIDTH ? (all.size() + 1) / 2 : all.size();
            if (perRow != tiles.getColumnConstraints().size()) {
                arrangeTiles(tiles, all, perRow);
            }
        });

        VBox sessionsCard = Cards.card("Tokens per session (click a bar to open the session)", sessionChart,
                Cards.smallButton("PNG", "Save this chart as PNG", () -> export.exportPng(sessionChart,
                        "tokens-per-session")));
        sessionChart.setPrefHeight(215);
        sessionChart.setMinHeight(180);

        VBox spendCard = Cards.card("Spend per day against the budget", spendChart,
                Cards.smallButton("PNG", "Save this chart as PNG", () -> export.exportPng(spendChart,
                        "spend-per-day")));
        spendChart.setPrefHeight(215);

        GridPane numbers = new GridPane();
        numbers.setHgap(18);
        numbers.setVgap(2);
        numbers.add(Cards.label("before", "figure-caption"), 0, 0);
        numbers.add(Cards.label("after", "figure-caption"), 1, 0);
        numbers.add(Cards.label("change", "figure-caption"), 2, 0);
        numbers.add(effectBefore, 0, 1);
        numbers.add(effectAfter, 1, 1);
        numbers.add(effectChange, 2, 1);
        effectCaption.setWrapText(true);
        VBox effectBox = new VBox(8, Cards.label("Tokens per minute per session", "figure-caption"), numbers,
                effectCaption, effectChart);
        VBox effectCard = Cards.card("Effect of the last daemon change", effectBox,
                Cards.smallButton("PNG", "Save this chart as PNG", () -> export.exportPng(effectBox,
                        "change-effect")));

        GridPane lower = new GridPane();
        lower.setHgap(12);
        ColumnConstraints left = new ColumnConstraints();
        left.setPercentWidth(60);
        ColumnConstraints right = new ColumnConstraints();
        right.setPercentWidth(40);
        lower.getColumnConstraints().addAll(left, right);
        lower.add(spendCard, 0, 0);
        lower.add(effectCard, 1, 0);

        VBox screen = new VBox(14, header, tiles, sessionsCard, lower);
        screen.getStyleClass().add("screen");
        screen.setPadding(new Insets(16));
        VBox.setVgrow(sessionsCard, Priority.ALWAYS);
        return screen;
    }

    private static Tile tile(String title, String unit, int decimals) {
        return TileBuilder.create().skinType(Tile.SkinType.NUMBER).title(title).unit(unit).decimals(decimals)
                .animated(false).prefSize(200, 140).build();
    }

    private void paintTiles(Theme theme) {
        Color background = theme.isDark() ? Color.web("#1f2228") : Color.WHITE;
        Color text = theme.isDark() ? Color.web("#e6e8eb") : Color.web("#1f2328");
        Color muted = theme.isDark() ? Color.web("#9aa1ab") : Color.web("#656d76");
        for (Tile tile : List.of(spendTile, projectionTile, dollarRateTile, tokenRateTile, sessionsTile, turnsTile,
                capTile)) {
            tile.setBackgroundColor(background);
            tile.setTitleColor(muted);
            tile.setValueColor(text);
            tile.setUnitColor(muted);
            tile.setTextColor(muted);
            tile.setDescriptionColor(muted);
            tile.setForegroundBaseColor(text);
            tile.setBorderColor(theme.isDark() ? Color.web("#30353d") : Color.web("#d0d7de"));
            tile.setBorderWidth(1);
        }
        projectionTile.setBarColor(theme.isDark() ? Color.web("#ff7b3a") : Color.web("#d9480f"));
    }

    private void showFigures(BurnFigures figures) {
        if (figures == null) {
            subtitle.setText("Waiting for the first refresh…");
            return;
        }
        spendTile.setValue(figures.spendToday().doubleValue());
        spendTile.setText("budget " + Format.usd(figures.budgetUsd()) + " / day");

        double budget = figures.budgetUsd().doubleValue();
        double projection = figures.projection().doubleValue();
        projectionTile.setMaxValue(Math.max(budget * 2, Math.ceil(projection * 1.1)));
        projectionTile.setThreshold(budget);
        projectionTile.setValue(projection);
        projectionTile.setText(figures.projectedOverBudget()
                ? String.format(Locale.ROOT, "%.1f× the budget", figures.projectionShare())
                : "within the budget");
        Color warn = figures.projectedOverBudget() ? Color.web("#cf222e") : Color.web("#1a7f37");
        projectionTile.setBarColor(warn);
        projectionTile.setTextColor(warn);

        dollarRateTile.setValue(figures.dollarsPerHour().doubleValue());
        BigDecimal perDay = figures.dollarsPerHour().multiply(BigDecimal.valueOf(24));
        dollarRateTile.setText("last hour · " + Format.usd(perDay) + " / day at this rate");
        tokenRateTile.setValue(figures.tokensPerMinute() / 1000);
        tokenRateTile.setText(Format.tokens(figures.tokensPerMinute() * 60) + " tokens / hour");
        sessionsTile.setValue(figures.sessionsToday());
        sessionsTile.setText("started today");
        turnsTile.setValue(figures.averageTurns());
        turnsTile.setText("today's sessions");
        capTile.setValue(figures.sessionsAtCap());
        capTile.setText(viewModel.capTextProperty().get());

        String host = model.selectedHost().map(h -> h.stateProperty().get().name().toLowerCase(Locale.ROOT))
                .orElse("");
        subtitle.setText("Days in " + model.zone().getId() + " · \"now\" by the host's own clock"
                + (host.isEmpty() ? "" : " · " + host) + " · refreshed every " + model.refreshSecondsProperty().get()
                + " s");
    }

    private void showSessions() {
        List<XYChart.Series<String, Number>> series = new ArrayList<>();
        String[] names = {"input", "output", "cache writes", "cache reads"};
        for (String name : names) {
            XYChart.Series<String, Number> s = new XYChart.Series<>();
            s.setName(name);
            series.add(s);
        }
        List<String> categories = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (DashboardViewModel.SessionBar bar : viewModel.sessionBars()) {
            String category = bar.label();
            for (int n = 2; !used.add(category); n++) {
                category = bar.label() + " (" + n + ")";
            }
            categories.add(category);
            long[] values = {bar.input(), bar.output(), bar.cacheWrite(), bar.cacheRead()};
            for (int i = 0; i < values.length; i++) {
                XYChart.Data<String, Number> data = new XYChart.Data<>(category, values[i]);
                String tip = String.format(Locale.ROOT, "%s%nsession %s%n%s %s%s", bar.label(), bar.sessionId(),
                        Format.tokens(values[i]), names[i], bar.hitTheCap() ? "\nhit the cap" : "");
                data.nodeProperty().addListener((obs, old, node) -> {
                    if (node != null) {
                        node.getStyleClass().add("session-bar");
                        node.setOnMouseEntered(event -> barTip.setText(tip));
                        Tooltip.install(node, barTip);
                        node.setOnMouseClicked(event -> viewModel.openSession(bar));
                    }
                });
                series.get(i).getData().add(data);
            }
        }
        ((CategoryAxis) sessionChart.getXAxis()).getCategories().setAll(categories);
        sessionChart.getData().setAll(series);
    }

    private void showDays() {
        XYChart.Series<String, Number> spend = new XYChart.Series<>();
        spend.setName("spend");
        XYChart.Series<String, Number> budget = new XYChart.Series<>();
        budget.setName("budget " + Format.usd(model.budgetProperty().get()));
        List<String> categories = new ArrayList<>();
        for (DaySpend day : viewModel.days()) {
            String category = DAY.format(day.day());
            categories.add(category);
            XYChart.Data<String, Number> point = new XYChart.Data<>(category, day.costUsd().doubleValue());
            String tip = category + ": " + Format.usd(day.costUsd()) + ", " + day.sessions() + " sessions";
            point.nodeProperty().addListener((obs, old, node) -> {
                if (node != null) {
                    node.setOnMouseEntered(event -> dayTip.setText(tip));
                    Tooltip.install(node, dayTip);
                }
            });
            spend.getData().add(point);
            budget.getData().add(new XYChart.Data<>(category, model.budgetProperty().get().doubleValue()));
        }
        ((CategoryAxis) spendChart.getXAxis()).getCategories().setAll(categories);
        spendChart.getData().setAll(List.of(spend, budget));

        Instant change = viewModel.lastChangeProperty().get();
        List<String> marked = new ArrayList<>();
        if (change != null) {
            marked.add(DAY.format(change.atZone(model.zone()).toLocalDate()));
        }
        spendChart.markDays(marked);
    }

    private void showEffect(ChangeEffect effect) {
        effectChart.getData().clear();
        effectChart.setVisible(effect != null);
        effectChart.setManaged(effect != null);
        if (effect == null) {
            effectBefore.setText("–");
            effectAfter.setText("–");
            effectChange.setText("–");
            effectCaption.setText("No daemon change recorded for this selection yet. Once you apply new settings "
                    + "on the Daemon screen, sessions before and after it are compared here.");
            return;
        }
        effectBefore.setText(Format.tokens(effect.before().tokensPerMinute()));
        effectAfter.setText(Format.tokens(effect.after().tokensPerMinute()));
        double change = effect.tokensPerMinuteChange();
        effectChange.setText(Format.change(change));
        effectChange.getStyleClass().removeAll("good", "bad");
        if (!Double.isNaN(change)) {
            effectChange.getStyleClass().add(change < 0 ? "good" : "bad");
        }
        effectCaption.setText(DashboardViewModel.effectCaption(effect, model.zone()));

        XYChart.Series<String, Number> before = new XYChart.Series<>();
        before.getData().add(new XYChart.Data<>("before", effect.before().tokensPerMinute()));
        XYChart.Series<String, Number> after = new XYChart.Series<>();
        after.getData().add(new XYChart.Data<>("after", effect.after().tokensPerMinute()));
        effectChart.getData().setAll(List.of(before, after));
        effectChart.setBarGap(0);
    }

    private static final double MIN_TILE_WIDTH = 130;

    private static void arrangeTiles(GridPane grid, List<Tile> tiles, int perRow) {
        grid.getChildren().clear();
        grid.getColumnConstraints().clear();
        for (int i = 0; i < tiles.size(); i++) {
            grid.add(tiles.get(i), i % perRow, i / perRow);
        }
        for (int i = 0; i < perRow; i++) {
            ColumnConstraints column = new ColumnConstraints();
            column.setPercentWidth(100.0 / perRow);
            grid.getColumnConstraints().add(column);
        }
    }
}
