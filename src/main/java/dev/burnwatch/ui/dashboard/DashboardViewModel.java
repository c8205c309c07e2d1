package dev.burnwatch.ui.dashboard;

import dev.burnwatch.monitor.BurnFigures;
import dev.burnwatch.monitor.ChangeEffect;
import dev.burnwatch.monitor.DaySpend;
import dev.burnwatch.monitor.HostFigures;
import dev.burnwatch.monitor.SessionRecord;
import dev.burnwatch.ui.common.ConsoleEvents;
import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.EventBus;
import dev.burnwatch.ui.common.Format;
import dev.burnwatch.ui.common.HostItem;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What the dashboard shows for the selection: the burn figures, the most recent sessions'
 * tokens, spend per day against the budget, and the effect of the last daemon change.
 */
final class DashboardViewModel {

    /** How many of the most recent sessions the tokens chart shows. */
    static final int SESSION_BARS = 24;

    /** How many days the spend chart shows. */
    static final int DAYS = 14;

    /** One bar of the tokens-per-session chart. */
    record SessionBar(String hostId, String sessionId, String label, long input, long output, long cacheWrite,
                      long cacheRead, boolean hitTheCap) {
    }

    private final ConsoleModel model;
    private final EventBus bus;
    private final ReadOnlyObjectWrapper<BurnFigures> figures = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper scope = new ReadOnlyStringWrapper("All hosts");
    private final ReadOnlyStringWrapper capText = new ReadOnlyStringWrapper("");
    private final ObservableList<SessionBar> sessionBars = FXCollections.observableArrayList();
    private final ObservableList<DaySpend> days = FXCollections.observableArrayList();
    private final ObjectProperty<ChangeEffect> effect = new SimpleObjectProperty<>();
    private final ObjectProperty<Instant> lastChange = new SimpleObjectProperty<>();

    DashboardViewModel(ConsoleModel model, EventBus bus) {
        this.model = model;
        this.bus = bus;
        model.currentProperty().addListener((obs, old, current) -> update());
        model.selectedHostIdProperty().addListener((obs, old, id) -> update());
        model.changes().addListener((javafx.collections.MapChangeListener<String, List<Instant>>) c -> update());
        update();
    }

    ReadOnlyObjectProperty<BurnFigures> figuresProperty() {
        return figures.getReadOnlyProperty();
    }

    ReadOnlyStringProperty scopeProperty() {
        return scope.getReadOnlyProperty();
    }

    ReadOnlyStringProperty capTextProperty() {
        return capText.getReadOnlyProperty();
    }

    ObservableList<SessionBar> sessionBars() {
        return sessionBars;
    }

    ObservableList<DaySpend> days() {
        return days;
    }

    ObjectProperty<ChangeEffect> effectProperty() {
        return effect;
    }

    ObjectProperty<Instant> lastChangeProperty() {
        return lastChange;
    }

    /** Opens a bar's session on the Sessions screen. */
    void openSession(SessionBar bar) {
        bus.publish(new ConsoleEvents.Navigate(ConsoleEvents.Screen.SESSIONS));
        bus.publish(new ConsoleEvents.OpenSession(bar.hostId(), bar.sessionId()));
    }

    private void update() {
        scope.set(model.selectedHost().map(h -> h.nameProperty().get()).orElse("All hosts"));
        HostFigures current = model.currentProperty().get();
        if (current == null) {
            figures.set(null);
            sessionBars.clear();
            days.clear();
            effect.set(null);
            return;
        }

        BurnFigures burn = current.figures();
        figures.set(burn);
        capText.set(burn.cap() > 0 ? "cap " + burn.cap() + " turns" : "no turn cap in the script");

        List<SessionRecord> recent = current.sessions().stream().limit(SESSION_BARS)
                .sorted(Comparator.comparing(SessionRecord::firstTimestamp)).toList();
        List<SessionBar> bars = new ArrayList<>();
        ToIntFunction<SessionRecord> capWhenRan = model.capsWhenRan();
        for (SessionRecord s : recent) {
            String label = Format.time(s.firstTimestamp(), model.zone()).substring(5) + " " + hostName(s.host());
            bars.add(new SessionBar(s.host(), s.sessionId(), label.strip(), s.tokens().input(), s.tokens().output(),
                    s.tokens().cacheWrite(), s.tokens().cacheRead(), s.hitTheCap(capWhenRan.applyAsInt(s))));
        }
        if (!sessionBars.equals(bars)) {
            sessionBars.setAll(bars);
        }

        List<DaySpend> all = current.days();
        List<DaySpend> shown = all.subList(Math.max(0, all.size() - DAYS), all.size());
        if (!days.equals(shown)) {
            days.setAll(shown);
        }

        Optional<Instant> change = model.lastChange();
        lastChange.set(change.orElse(null));
        Instant previous = model.changeBeforeLast().orElse(null);
        effect.set(change.map(at -> ChangeEffect.of(current.sessions(), at, previous)).orElse(null));
    }

    /** What the change's effect card says under its numbers, in words: "After: 1 session, 30 turns ...". */
    static String effectCaption(ChangeEffect effect, ZoneId zone) {
        return "Change at " + Format.time(effect.changedAt(), zone) + ". Before: " + side(effect.before())
                + ". After: " + side(effect.after()) + ".";
    }

    private static String side(ChangeEffect.Side side) {
        long turns = Math.round(side.averageTurns());
        return count(side.sessions(), "session") + ", " + count(turns, "turn") + " and "
                + Format.usd(side.averageCostUsd()) + " each";
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private String hostName(String hostId) {
        if (model.hosts().size() < 2) {
            return "";
        }
        return model.host(hostId).map(HostItem::nameProperty).map(p -> "· " + p.get()).orElse("");
    }
}
