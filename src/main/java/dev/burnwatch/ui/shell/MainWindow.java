package dev.burnwatch.ui.shell;

import dev.burnwatch.ui.common.Cards;
import dev.burnwatch.ui.common.ConsoleEvents;
import dev.burnwatch.ui.common.ConsoleEvents.Screen;
import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.EventBus;
import dev.burnwatch.ui.common.Theme;
import dev.burnwatch.ui.common.UiExecutor;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.event.ActionEvent;
import javafx.concurrent.Task;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.SVGPath;
import javafx.util.StringConverter;

/**
 * The window's frame: header with navigation, budget, refresh interval and theme; the
 * hosts sidebar; the current screen; a status bar with what runs in the background
 * (with progress and a cancel button). Screens are swapped by {@link ConsoleEvents.Navigate}.
 */
public final class MainWindow extends BorderPane {

    private static final String FLAME = "M12 2c1 4-2 5.5-2 9a2 2 0 0 0 4 0c0-1.2-.4-2-.4-2S17 11 17 15a5 5 0 0 1-10 0"
            + "c0-5 5-7 5-13z";

    /** The smallest budget the spinner takes: a budget of nothing would make every day over budget. */
    private static final double MIN_BUDGET = 0.01;
    /** Below this header width the budget and refresh captions take their short form. */
    private static final double NARROW_HEADER = 1180;

    private final Map<Screen, Node> screens = new EnumMap<>(Screen.class);
    private final Map<Screen, ToggleButton> navButtons = new EnumMap<>(Screen.class);
    private final ToggleGroup nav = new ToggleGroup();
    private final StackPane content = new StackPane();
    private Screen current = Screen.DASHBOARD;
    private final ConsoleModel model;
    private final EventBus bus;
    private final UiExecutor executor;

    public MainWindow(ConsoleModel model, EventBus bus, UiExecutor executor, Node sidebar) {
        this.model = model;
        this.bus = bus;
        this.executor = executor;

        setTop(header());
        setLeft(sidebar);
        setCenter(content);
        setBottom(statusBar());

        bus.subscribe(ConsoleEvents.Navigate.class, event -> show(event.screen()));
    }

    /** Adds a screen; the first added is shown first. */
    public void addScreen(Screen screen, Node view) {
        screens.put(screen, view);
        if (screens.size() == 1) {
            show(screen);
        }
    }

    /**
     * Puts {@code screen} in the window. Only the screen on show is in the scene graph: the
     * others keep following their models but cost no CSS, layout or rendering on the JavaFX
     * thread while data arrives.
     */
    public void show(Screen screen) {
        Node view = screens.get(screen);
        if (view == null) {
            return;
        }
        current = screen;
        content.getChildren().setAll(view);
        ToggleButton button = navButtons.get(screen);
        if (button != null) {
            button.setSelected(true);
        }
    }

    /** The screen on show. */
    public Screen currentScreen() {
        return current;
    }

    /** F5 and Ctrl+R refresh, Ctrl+F searches, Ctrl+Enter applies; Ctrl+1..4 switch screens. */
    public void installShortcuts(Scene scene) {
        Runnable refresh = () -> bus.publish(new ConsoleEvents.RefreshRequested());
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), refresh);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN), refresh);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), () -> {
            show(Screen.SESSIONS);
            bus.publish(new ConsoleEvents.SearchRequested());
        });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN),
                () -> bus.publish(new ConsoleEvents.ApplyRequested()));
        KeyCode[] digits = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4};
        Screen[] order = Screen.values();
        for (int i = 0; i < digits.length && i < order.length; i++) {
            Screen screen = order[i];
            scene.getAccelerators().put(new KeyCodeCombination(digits[i], KeyCombination.SHORTCUT_DOWN),
                    () -> show(screen));
        }
    }

    private HBox header() {
        SVGPath logo = new SVGPath();
        logo.setContent(FLAME);
        logo.getStyleClass().add("app-logo");
        logo.setScaleX(1.3);
        logo.setScaleY(1.3);
        Label title = Cards.label("Burnwatch", "app-title");

        HBox navBar = new HBox();
        navBar.getStyleClass().add("nav-bar");
        for (Screen screen : Screen.values()) {
            ToggleButton button = new ToggleButton(screen.title());
            button.getStyleClass().add("nav-button");
            button.setId("nav-" + screen.name().toLowerCase(Locale.ROOT));
            button.setToggleGroup(nav);
            button.setOnAction(event -> {
                button.setSelected(true);
                show(screen);
            });
            navButtons.put(screen, button);
            navBar.getChildren().add(button);
        }

        SpinnerValueFactory.DoubleSpinnerValueFactory budgetValues = new SpinnerValueFactory
                .DoubleSpinnerValueFactory(MIN_BUDGET, 100_000, model.budgetProperty().get().doubleValue(), 1);
        budgetValues.setConverter(forgivingConverter(budgetValues, text -> {
            double value = Double.parseDouble(text);
            return value >= MIN_BUDGET ? value : null;
        }, value -> BigDecimal.valueOf(value).stripTrailingZeros().toPlainString()));
        Spinner<Double> budget = new Spinner<>(budgetValues);
        budget.setEditable(true);
        showValueAfterCommit(budget);
        budget.setPrefWidth(96);
        budget.setId("budget");
        budget.setTooltip(new Tooltip("Daily budget in USD: the projection is held against it"));
        budget.valueProperty().addListener((obs, old, value) -> {
            if (value != null) {
                model.budgetProperty().set(BigDecimal.valueOf(value));
            }
        });

        SpinnerValueFactory.IntegerSpinnerValueFactory intervalValues = new SpinnerValueFactory
                .IntegerSpinnerValueFactory(1, 3600, model.refreshSecondsProperty().get());
        intervalValues.setConverter(forgivingConverter(intervalValues, text -> {
            int value = Integer.parseInt(text);
            return value >= 1 && value <= 3600 ? value : null;
        }, String::valueOf));
        Spinner<Integer> interval = new Spinner<>(intervalValues);
        interval.setEditable(true);
        showValueAfterCommit(interval);
        interval.setPrefWidth(76);
        interval.setId("refresh-interval");
        interval.setTooltip(new Tooltip("Seconds between refreshes of each host"));
        interval.valueProperty().addListener((obs, old, value) -> {
            if (value != null) {
                model.refreshSecondsProperty().set(value);
            }
        });

        Button refresh = new Button("Refresh");
        refresh.setTooltip(new Tooltip("Refresh every host now (F5, Ctrl+R)"));
        refresh.setOnAction(event -> bus.publish(new ConsoleEvents.RefreshRequested()));
        // Named after the theme it switches to, so that it reads right in both.
        ToggleButton dark = new ToggleButton();
        dark.setId("theme-toggle");
        dark.setSelected(model.themeProperty().get().isDark());
        dark.textProperty().bind(Bindings.when(dark.selectedProperty()).then("Light").otherwise("Dark"));
        dark.setTooltip(new Tooltip("Switch between the light and the dark theme"));
        dark.selectedProperty().addListener((obs, old, on) -> model.themeProperty().set(on ? Theme.DARK
                : Theme.LIGHT));

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label budgetLabel = Cards.label("Budget $/day", "muted");
        Label intervalLabel = Cards.label("Refresh (s)", "muted");
        HBox bar = new HBox(12, logo, title, navBar, spacer, budgetLabel, budget, intervalLabel, interval, refresh,
                dark);
        bar.getStyleClass().add("app-header");
        bar.setAlignment(Pos.CENTER_LEFT);

        // Nothing in the header is cut to "…": every part keeps its width, and in a narrow
        // window the two captions shorten instead.
        for (Node part : bar.getChildren()) {
            if (part instanceof Region region && part != spacer) {
                region.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        navBar.getChildren().forEach(button -> ((Region) button).setMinWidth(Region.USE_PREF_SIZE));
        BooleanBinding narrow = bar.widthProperty().lessThan(NARROW_HEADER);
        budgetLabel.textProperty().bind(Bindings.when(narrow).then("$/day").otherwise("Budget $/day"));
        intervalLabel.textProperty().bind(Bindings.when(narrow).then("every (s)").otherwise("Refresh (s)"));
        return bar;
    }

    /** After Enter or leaving the field, the field shows the value in force, not refused text. */
    private static <T> void showValueAfterCommit(Spinner<T> spinner) {
        Runnable show = () -> Platform.runLater(() -> spinner.getEditor().setText(
                spinner.getValueFactory().getConverter().toString(spinner.getValue())));
        spinner.getEditor().addEventHandler(ActionEvent.ACTION, event -> show.run());
        spinner.focusedProperty().addListener((obs, was, focused) -> {
            if (!focused) {
                show.run();
            }
        });
    }

    /**
     * A spinner converter that never throws: text that is not a number in range (letters, a
     * negative budget) puts the spinner back to its last good value instead of escaping as an
     * exception on the JavaFX thread and leaving the field showing what was refused.
     */
    private static <T> StringConverter<T> forgivingConverter(SpinnerValueFactory<T> values,
            Function<String, T> parse, Function<T, String> format) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : format.apply(value);
            }

            @Override
            public T fromString(String text) {
                try {
                    T value = text == null ? null : parse.apply(text.strip().replace(',', '.'));
                    return value != null ? value : values.getValue();
                } catch (NumberFormatException e) {
                    return values.getValue();
                }
            }
        };
    }

    private HBox statusBar() {
        Label tasks = new Label();
        ProgressBar progress = new ProgressBar();
        progress.setPrefWidth(140);
        Button cancel = new Button("Cancel");
        cancel.setId("cancel-task");
        cancel.setOnAction(event -> {
            if (!executor.runningTasks().isEmpty()) {
                executor.runningTasks().get(0).cancel(true);
            }
        });
        executor.runningTasks().addListener((javafx.collections.ListChangeListener<Task<?>>) c -> {
            showTask(tasks, progress, cancel);
        });
        showTask(tasks, progress, cancel);

        Label selection = new Label();
        selection.textProperty().bind(Bindings.createStringBinding(() -> hostStatus(),
                model.selectedHostIdProperty(), model.currentProperty()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(10, tasks, progress, cancel, spacer, selection);
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private void showTask(Label tasks, ProgressBar progress, Button cancel) {
        boolean busy = !executor.runningTasks().isEmpty();
        progress.setVisible(busy);
        cancel.setVisible(busy);
        progress.progressProperty().unbind();
        tasks.textProperty().unbind();
        if (!busy) {
            tasks.setText("Ready");
            return;
        }
        Task<?> task = executor.runningTasks().get(0);
        progress.progressProperty().bind(task.progressProperty());
        tasks.textProperty().bind(Bindings.createStringBinding(() -> {
            String title = task.getTitle() == null || task.getTitle().isBlank() ? "Working" : task.getTitle();
            String message = task.getMessage() == null || task.getMessage().isBlank() ? "" : ": " + task.getMessage();
            int more = executor.runningTasks().size() - 1;
            return title + message + (more > 0 ? "  (+" + more + " more)" : "");
        }, task.titleProperty(), task.messageProperty()));
    }

    private String hostStatus() {
        var figures = model.currentProperty().get();
        String scope = model.selectedHost().map(h -> h.nameProperty().get()).orElse("All hosts");
        if (figures == null) {
            return scope + " · no figures yet";
        }
        return scope + " · " + figures.reading().calls().size() + " API calls · " + figures.sessions().size()
                + " sessions" + (figures.reading().malformedLines() > 0 ? " · " + figures.reading().malformedLines()
                + " malformed lines skipped" : "") + " · host clock " + dev.burnwatch.ui.common.Format.time(
                figures.reading().hostNow(), model.zone());
    }
}
