package dev.burnwatch.ui;

import dev.burnwatch.config.AppDirs;
import dev.burnwatch.daemon.ChangeRecord;
import dev.burnwatch.ui.common.ChartExport;
import dev.burnwatch.ui.common.ConsoleBackend;
import dev.burnwatch.ui.common.ConsoleEvents;
import dev.burnwatch.ui.common.ConsoleEvents.Screen;
import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.ConsoleSettings;
import dev.burnwatch.ui.common.EventBus;
import dev.burnwatch.ui.common.FxDialogs;
import dev.burnwatch.ui.common.HostItem;
import dev.burnwatch.ui.common.SettingsStore;
import dev.burnwatch.ui.common.Theme;
import dev.burnwatch.ui.common.UiExecutor;
import dev.burnwatch.ui.costs.CostsView;
import dev.burnwatch.ui.daemon.DaemonView;
import dev.burnwatch.ui.dashboard.DashboardView;
import dev.burnwatch.ui.hosts.HostsView;
import dev.burnwatch.ui.sessions.SessionsView;
import dev.burnwatch.ui.shell.MainWindow;
import java.io.IOException;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.concurrent.Task;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's window: builds the shared model and the screens, restores the window and
 * settings, opens the hosts in the background, and saves the settings on close.
 */
public final class ConsoleApp extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApp.class);

    private final Supplier<ConsoleBackend> backendFactory;
    private final AppDirs dirs;
    private ConsoleBackend backend;
    private UiExecutor executor;
    private ConsoleModel model;
    private SettingsStore settingsStore;
    private MainWindow window;
    private ConsoleSettings startSettings;

    /** The console on this machine's folders and its real backend. */
    public ConsoleApp() {
        this(AppDirs.fromEnvironment(), null);
    }

    /** The console on the given folders and backend (tests and the screenshot helper). */
    public ConsoleApp(AppDirs dirs, Supplier<ConsoleBackend> backendFactory) {
        this.dirs = dirs;
        this.backendFactory = backendFactory != null ? backendFactory : () -> new DefaultBackend(dirs);
    }

    @Override
    public void start(Stage stage) {
        settingsStore = new SettingsStore(dirs.settingsFile());
        ConsoleSettings settings = settingsStore.load();
        startSettings = settings;
        executor = new UiExecutor();
        EventBus bus = new EventBus();
        backend = backendFactory.get();
        model = new ConsoleModel(executor, bus, backend.pricing(), ZoneId.systemDefault());
        model.setAfterRead(backend.afterRead());
        model.budgetProperty().set(settings.budgetUsd());
        model.refreshSecondsProperty().set(settings.refreshSeconds());
        model.themeProperty().set(Theme.of(settings.theme()));
        model.selectedHostIdProperty().set(settings.selectedHost());

        FxDialogs dialogs = new FxDialogs(stage);
        ChartExport export = new ChartExport(executor, dialogs);
        HostsView sidebar = new HostsView(model, backend.hostActions(model, dialogs, executor, stage));
        window = new MainWindow(model, bus, executor, sidebar);
        window.addScreen(Screen.DASHBOARD, new DashboardView(model, bus, export));
        window.addScreen(Screen.SESSIONS, new SessionsView(model, bus, executor, dialogs, export));
        window.addScreen(Screen.DAEMON, new DaemonView(model, bus, executor, dialogs, backend.history(),
                backend.models()));
        window.addScreen(Screen.COSTS, CostsView.forConsole(model, executor, dirs));

        Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(window, Math.min(settings.windowWidth(), screen.getWidth()),
                Math.min(settings.windowHeight(), screen.getHeight()));
        model.themeProperty().get().applyTo(scene);
        model.themeProperty().addListener((obs, old, theme) -> theme.applyTo(scene));
        window.installShortcuts(scene);
        bus.subscribe(ConsoleEvents.RefreshRequested.class, event -> model.refreshAll());
        bus.subscribe(ConsoleEvents.DaemonChanged.class, event -> loadChanges(List.of(event.hostId())));
        bus.subscribe(ConsoleEvents.AlertRaised.class, event -> dialogs.notify(event.alert().title(),
                event.alert().message(), true));

        stage.setTitle("Burnwatch");
        // Below this the screens cannot show their forms and tables without cutting labels.
        stage.setMinWidth(960);
        stage.setMinHeight(600);
        stage.setScene(scene);
        placeWindow(stage, settings);
        stage.setOnCloseRequest(event -> saveSettings(stage));
        for (javafx.beans.Observable setting : List.of(model.budgetProperty(), model.refreshSecondsProperty(),
                model.themeProperty(), model.selectedHostIdProperty())) {
            setting.addListener(obs -> saveSettingsInBackground(stage));
        }
        stage.show();

        openHosts();
    }

    /** The shared model (tests and the screenshot helper look at it). */
    public ConsoleModel model() {
        return model;
    }

    public MainWindow window() {
        return window;
    }

    @Override
    public void stop() {
        if (model != null) {
            model.close();
        }
        if (backend != null) {
            backend.close();
        }
        if (executor != null) {
            executor.close();
        }
    }

    private void openHosts() {
        Task<List<HostItem>> task = new Task<>() {
            @Override
            protected List<HostItem> call() throws Exception {
                updateTitle("Opening hosts");
                return backend.startupHosts();
            }
        };
        executor.run(task, hosts -> {
            String wanted = model.selectedHostIdProperty().get();
            hosts.forEach(model::addHost);
            loadChanges(hosts.stream().map(HostItem::id).toList());
            model.selectedHostIdProperty().set(model.host(wanted).isPresent() ? wanted : ConsoleModel.ALL_HOSTS);
        }, error -> LOG.error("The console could not open its hosts", error));
    }

    /** Reads when each host's daemon settings changed, for the dashboard's marker and before/after. */
    private void loadChanges(List<String> hostIds) {
        Task<java.util.Map<String, List<ChangeRecord>>> task = new Task<>() {
            @Override
            protected java.util.Map<String, List<ChangeRecord>> call() throws Exception {
                updateTitle("Reading the change history");
                java.util.Map<String, List<ChangeRecord>> records = new java.util.HashMap<>();
                for (String id : hostIds) {
                    records.put(id, backend.history().list(id));
                }
                return records;
            }
        };
        executor.run(task, records -> records.forEach((id, list) -> {
            // The records first: the change times' update refreshes the figures, which judge each
            // session by the cap the records say was in force when it ran.
            model.setChangeRecords(id, list);
            if (list.isEmpty()) {
                model.changes().remove(id);
            } else {
                model.changes().put(id, list.stream().map(ChangeRecord::time).sorted().toList());
            }
        }), error -> LOG.warn("The change history could not be read: {}", error.getMessage()));
    }

    private void placeWindow(Stage stage, ConsoleSettings settings) {
        if (settings.windowX() != null && settings.windowY() != null) {
            Rectangle2D wanted = new Rectangle2D(settings.windowX(), settings.windowY(), settings.windowWidth(),
                    settings.windowHeight());
            boolean visible = javafx.stage.Screen.getScreens().stream()
                    .anyMatch(s -> s.getVisualBounds().intersects(wanted));
            if (visible) {
                stage.setX(settings.windowX());
                stage.setY(settings.windowY());
            }
        }
        stage.setMaximized(Boolean.TRUE.equals(settings.maximized()));
    }

    private void saveSettingsInBackground(Stage stage) {
        ConsoleSettings settings = currentSettings(stage);
        Task<Void> task = new Task<>() {
            @Override
            protected Void call() throws Exception {
                updateTitle("Saving the console settings");
                settingsStore.save(settings);
                return null;
            }
        };
        executor.run(task, done -> { }, error -> LOG.warn("The console settings could not be saved to {}: {}",
                settingsStore.file(), error.getMessage()));
    }

    private ConsoleSettings currentSettings(Stage stage) {
        return startSettings
                .withWindow(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), stage.isMaximized())
                .withSelectedHost(model.selectedHostIdProperty().get())
                .withRefreshSeconds(model.refreshSecondsProperty().get())
                .withBudgetUsd(model.budgetProperty().get())
                .withTheme(model.themeProperty().get());
    }

    private void saveSettings(Stage stage) {
        ConsoleSettings settings = currentSettings(stage);
        try {
            settingsStore.save(settings);
        } catch (IOException e) {
            LOG.warn("The console settings could not be saved to {}: {}", settingsStore.file(), e.getMessage());
        }
    }
}
