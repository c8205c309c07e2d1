package dev.burnwatch.ui.common;

import dev.burnwatch.daemon.ChangeRecord;
import dev.burnwatch.monitor.Alert;
import dev.burnwatch.monitor.AlertTracker;
import dev.burnwatch.monitor.CapHistory;
import dev.burnwatch.monitor.HostFigures;
import dev.burnwatch.monitor.HostReading;
import dev.burnwatch.monitor.HostState;
import dev.burnwatch.monitor.Pricing;
import dev.burnwatch.monitor.RefreshScheduler;
import dev.burnwatch.monitor.SessionRecord;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import javafx.concurrent.Task;

/**
 * The state every screen shares: the hosts, which one is selected (or all), the figures
 * for the selection, the budget and the refresh interval. Each host refreshes on its own
 * rhythm in the background ({@link RefreshScheduler} on the {@link UiExecutor}); figures
 * are worked out off the JavaFX thread and only the finished result is set here.
 */
public final class ConsoleModel implements AutoCloseable {

    /** The selection that means every host at once. */
    public static final String ALL_HOSTS = "";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConsoleModel.class);

    private final ObservableList<HostItem> hosts = FXCollections.observableArrayList();
    private final StringProperty selectedHostId = new SimpleStringProperty(ALL_HOSTS);
    private final ReadOnlyObjectWrapper<HostFigures> current = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<BigDecimal> budget = new SimpleObjectProperty<>(new BigDecimal("5"));
    private final IntegerProperty refreshSeconds = new SimpleIntegerProperty(ConsoleSettings.DEFAULT_REFRESH_SECONDS);
    private final ObservableMap<String, List<Instant>> changes = FXCollections.observableHashMap();
    private final java.util.Map<String, Instant> lastChanges = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, List<ChangeRecord>> changeRecords = new ConcurrentHashMap<>();
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.LIGHT);

    private final UiExecutor executor;
    private final EventBus bus;
    private final Pricing pricing;
    private final ZoneId zone;
    private final RefreshScheduler scheduler;
    private final AlertTracker alerts = new AlertTracker();
    private Task<HostFigures> pendingMerge;
    private volatile AfterRead afterRead = (host, reading) -> { };

    /** Work that follows each successful read of a host, on the refresh thread (never the FX thread). */
    @FunctionalInterface
    public interface AfterRead {
        void accept(HostItem host, HostReading reading) throws Exception;
    }

    public ConsoleModel(UiExecutor executor, EventBus bus, Pricing pricing, ZoneId zone) {
        this.executor = executor;
        this.bus = bus;
        this.pricing = pricing;
        this.zone = zone;
        this.scheduler = new RefreshScheduler(executor.service(), Duration.ofSeconds(refreshSeconds.get()),
                Clock.systemUTC(), (hostId, state, reason) -> UiExecutor.onFx(() -> stateChanged(hostId, state,
                        reason)));

        selectedHostId.addListener((obs, old, id) -> updateCurrent());
        refreshSeconds.addListener((obs, old, seconds) -> scheduler.setInterval(Duration.ofSeconds(
                Math.max(1, seconds.intValue()))));
        budget.addListener((obs, old, value) -> refreshAll());
        changes.addListener((javafx.collections.MapChangeListener<String, List<Instant>>) change -> {
            List<Instant> times = change.getMap().get(change.getKey());
            if (times == null || times.isEmpty()) {
                lastChanges.remove(change.getKey());
            } else {
                lastChanges.put(change.getKey(), times.get(times.size() - 1));
            }
            refreshAll();
        });
    }

    public ObservableList<HostItem> hosts() {
        return hosts;
    }

    public StringProperty selectedHostIdProperty() {
        return selectedHostId;
    }

    /** The selected host, empty when all hosts are selected. */
    public Optional<HostItem> selectedHost() {
        return host(selectedHostId.get());
    }

    public Optional<HostItem> host(String id) {
        return hosts.stream().filter(h -> h.id().equals(id)).findFirst();
    }

    /** The figures for the selection (one host, or all merged); null before the first refresh. */
    public ReadOnlyObjectProperty<HostFigures> currentProperty() {
        return current.getReadOnlyProperty();
    }

    public ObjectProperty<BigDecimal> budgetProperty() {
        return budget;
    }

    public IntegerProperty refreshSecondsProperty() {
        return refreshSeconds;
    }

    /** When each host's daemon settings were changed, oldest first. */
    public ObservableMap<String, List<Instant>> changes() {
        return changes;
    }

    /**
     * When the host's daemon settings last changed (the cap counts from then), or null.
     * Read from refresh threads: the map is only replaced whole on the FX thread.
     */
    public Instant capSince(String hostId) {
        return lastChanges.get(hostId);
    }

    /**
     * Keeps a host's recorded daemon changes, so that each session is held against the cap in force
     * when it ran; set them before {@link #changes()}, whose update refreshes the figures.
     */
    public void setChangeRecords(String hostId, List<ChangeRecord> records) {
        if (records.isEmpty()) {
            changeRecords.remove(hostId);
        } else {
            changeRecords.put(hostId, List.copyOf(records));
        }
    }

    /**
     * Which turn cap was in force on the host when: from its recorded changes, else the cap of the
     * script now since its last known change (or always, with no change known). Read from refresh
     * threads.
     */
    public CapHistory capHistory(String hostId) {
        int capNow = host(hostId).map(h -> h.capProperty().get()).orElse(0);
        List<ChangeRecord> records = changeRecords.get(hostId);
        if (records != null) {
            return CapHistory.of(records, capNow);
        }
        Instant since = capSince(hostId);
        return since == null ? CapHistory.always(capNow)
                : new CapHistory(0, List.of(new CapHistory.Step(since, capNow)));
    }

    /**
     * The cap each session ran under, by its host's {@link #capHistory}: the one rule the Sessions
     * table and the dashboard's "Sessions at the cap" share. Each host's history is worked out once
     * per returned function, so take a fresh one for each refresh.
     */
    public ToIntFunction<SessionRecord> capsWhenRan() {
        Map<String, CapHistory> byHost = new HashMap<>();
        return session -> byHost.computeIfAbsent(session.host(), this::capHistory).capAt(session.firstTimestamp());
    }

    /** The last settings change of the selection, if any. */
    public Optional<Instant> lastChange() {
        return changeTimesOfSelection().reduce((a, b) -> b);
    }

    /** The change before the last one of the selection, if there was one. */
    public Optional<Instant> changeBeforeLast() {
        List<Instant> times = changeTimesOfSelection().toList();
        return times.size() < 2 ? Optional.empty() : Optional.of(times.get(times.size() - 2));
    }

    private java.util.stream.Stream<Instant> changeTimesOfSelection() {
        String selected = selectedHostId.get();
        return changes.entrySet().stream()
                .filter(e -> ALL_HOSTS.equals(selected) || e.getKey().equals(selected))
                .flatMap(e -> e.getValue().stream()).sorted();
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public ZoneId zone() {
        return zone;
    }

    public Pricing pricing() {
        return pricing;
    }

    /**
     * Sets what follows each read of a host (publishing to CloudWatch, say). Its failures are
     * logged and never stop the refresh.
     */
    public void setAfterRead(AfterRead afterRead) {
        this.afterRead = afterRead;
    }

    /** Adds a host and starts refreshing it. */
    public void addHost(HostItem host) {
        hosts.add(host);
        host.capProperty().addListener((obs, old, cap) -> scheduler.refreshNow(host.id()));
        scheduler.watch(host.id(), () -> refresh(host));
    }

    /** Stops refreshing a host and removes it. */
    public void removeHost(HostItem host) {
        scheduler.unwatch(host.id());
        hosts.remove(host);
        host.source().close();
        if (host.id().equals(selectedHostId.get())) {
            selectedHostId.set(ALL_HOSTS);
        }
        updateCurrent();
    }

    /** Refreshes every host now. */
    public void refreshAll() {
        hosts.forEach(h -> scheduler.refreshNow(h.id()));
    }

    @Override
    public void close() {
        scheduler.close();
        hosts.forEach(h -> h.source().close());
    }

    private void refresh(HostItem host) throws Exception {
        Task<HostReading> read = new Task<>() {
            @Override
            protected HostReading call() throws Exception {
                updateTitle("Reading " + host.nameProperty().get());
                updateMessage(host.figuresProperty().get() == null ? "first load, every transcript" : "new lines");
                return host.source().read();
            }
        };
        HostReading reading = executor.runHere(read);
        try {
            afterRead.accept(host, reading);
        } catch (Exception e) {
            LOG.warn("After reading {}: {}", host.nameProperty().get(), e.toString());
        }
        BigDecimal budgetNow = budget.get();
        HostFigures figures = HostFigures.of(reading, pricing, zone, budgetNow, host.capProperty().get(),
                capsWhenRan());
        UiExecutor.onFx(() -> {
            host.figuresProperty().set(figures);
            host.lastRefreshProperty().set(Instant.now());
            host.problemProperty().set("");
            for (Alert alert : alerts.onFigures(host.nameProperty().get(), figures.figures(), figures.sessions(),
                    reading.hostNow(), capSince(host.id()))) {
                bus.publish(new ConsoleEvents.AlertRaised(alert));
            }
            updateCurrent();
        });
    }

    private void stateChanged(String hostId, HostState state, String reason) {
        host(hostId).ifPresent(host -> {
            host.stateProperty().set(state);
            host.problemProperty().set(reason == null ? "" : reason);
            Alert alert = alerts.onHostState(host.nameProperty().get(), state, reason, Instant.now());
            if (alert != null) {
                bus.publish(new ConsoleEvents.AlertRaised(alert));
            }
        });
    }

    private void updateCurrent() {
        String selected = selectedHostId.get();
        if (!ALL_HOSTS.equals(selected)) {
            current.set(host(selected).map(h -> h.figuresProperty().get()).orElse(null));
            return;
        }
        List<HostReading> readings = new ArrayList<>();
        int cap = 0;
        for (HostItem host : hosts) {
            HostFigures figures = host.figuresProperty().get();
            if (figures != null) {
                readings.add(figures.reading());
                cap = Math.max(cap, host.capProperty().get());
            }
        }
        if (readings.size() == 1) {
            current.set(hosts.stream().map(h -> h.figuresProperty().get()).filter(f -> f != null).findFirst()
                    .orElse(null));
            return;
        }
        if (readings.isEmpty()) {
            current.set(null);
            return;
        }
        mergeInBackground(readings, cap);
    }

    private void mergeInBackground(List<HostReading> readings, int cap) {
        if (pendingMerge != null) {
            pendingMerge.cancel(true);
        }
        BigDecimal budgetNow = budget.get();
        ToIntFunction<SessionRecord> capWhenRan = capsWhenRan();
        Task<HostFigures> task = new Task<>() {
            @Override
            protected HostFigures call() {
                updateTitle("Adding up all hosts");
                return HostFigures.of(HostFigures.merge("all hosts", readings), pricing, zone, budgetNow, cap,
                        capWhenRan);
            }
        };
        pendingMerge = task;
        executor.run(task, figures -> {
            if (ALL_HOSTS.equals(selectedHostId.get())) {
                current.set(figures);
            }
        }, error -> { });
    }
}
