package dev.burnwatch.ui.sessions;

import dev.burnwatch.monitor.HostFigures;
import dev.burnwatch.monitor.SessionRecord;
import dev.burnwatch.ui.common.ConsoleEvents;
import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.EventBus;
import dev.burnwatch.ui.common.HostItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The sessions of the selection as table rows, filtered by a search text (host, session id,
 * project or model) and optionally to those that hit the cap; the selected session's
 * detail. New sessions and turns replace the rows in place on each refresh, and the
 * selection survives it.
 */
final class SessionsViewModel {

    /** One row of the table. */
    record SessionRow(SessionRecord session, String hostName, boolean hitTheCap) {

        boolean matches(String needle) {
            if (needle.isEmpty()) {
                return true;
            }
            String n = needle.toLowerCase(Locale.ROOT);
            return hostName.toLowerCase(Locale.ROOT).contains(n)
                    || session.sessionId().toLowerCase(Locale.ROOT).contains(n)
                    || session.project().toLowerCase(Locale.ROOT).contains(n)
                    || session.models().stream().anyMatch(m -> m.toLowerCase(Locale.ROOT).contains(n));
        }
    }

    /** What the empty table says when the selection has no session at all. */
    static final String NO_SESSIONS = "No sessions yet for this selection.";

    private final ConsoleModel model;
    private final ObservableList<SessionRow> rows = FXCollections.observableArrayList();
    private final FilteredList<SessionRow> filtered = new FilteredList<>(rows, r -> true);
    private final StringProperty search = new SimpleStringProperty("");
    private final BooleanProperty cappedOnly = new SimpleBooleanProperty();
    private final ObjectProperty<SessionRow> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper emptyText = new ReadOnlyStringWrapper(NO_SESSIONS);
    private String wanted;
    private boolean showing = true;
    private boolean stale;

    SessionsViewModel(ConsoleModel model, EventBus bus) {
        this.model = model;
        model.currentProperty().addListener((obs, old, figures) -> {
            if (showing) {
                update(figures);
            } else {
                stale = true;
            }
        });
        search.addListener((obs, old, text) -> refilter());
        cappedOnly.addListener((obs, old, only) -> refilter());
        bus.subscribe(ConsoleEvents.OpenSession.class, event -> open(event.hostId(), event.sessionId()));
        update(model.currentProperty().get());
    }

    ObservableList<SessionRow> rows() {
        return filtered;
    }

    StringProperty searchProperty() {
        return search;
    }

    BooleanProperty cappedOnlyProperty() {
        return cappedOnly;
    }

    ObjectProperty<SessionRow> selectedProperty() {
        return selected;
    }

    /** What the table says when it shows no row: no sessions at all, or none that the filter lets through. */
    ReadOnlyStringProperty emptyTextProperty() {
        return emptyText.getReadOnlyProperty();
    }

    /**
     * The screen came on show ({@code true}) or went ({@code false}). While it is hidden,
     * refreshes only mark the rows stale: thousands of rows are sorted and laid out on the
     * JavaFX thread, which is work for when someone looks, not for every refresh.
     */
    void setShowing(boolean shown) {
        showing = shown;
        if (shown && stale) {
            stale = false;
            update(model.currentProperty().get());
        }
    }

    /** Selects a session, now if it is listed, else as soon as it appears. */
    void open(String hostId, String sessionId) {
        wanted = hostId + '\u0000' + sessionId;
        search.set("");
        cappedOnly.set(false);
        find(hostId, sessionId).ifPresent(row -> {
            selected.set(row);
            wanted = null;
        });
    }

    int totalCount() {
        return rows.size();
    }

    private Optional<SessionRow> find(String hostId, String sessionId) {
        return rows.stream().filter(r -> r.session().host().equals(hostId)
                && r.session().sessionId().equals(sessionId)).findFirst();
    }

    private void update(HostFigures figures) {
        SessionRow before = selected.get();
        List<SessionRow> fresh = new ArrayList<>();
        if (figures != null) {
            // The cap in force when each session ran, not today's: a roll-back does not undo a hit.
            ToIntFunction<SessionRecord> capWhenRan = model.capsWhenRan();
            for (SessionRecord session : figures.sessions()) {
                String hostName = model.host(session.host()).map(HostItem::nameProperty).map(p -> p.get())
                        .orElse(session.host());
                boolean capped = session.hitTheCap(capWhenRan.applyAsInt(session));
                fresh.add(new SessionRow(session, hostName, capped));
            }
        }
        if (!rows.equals(fresh)) {
            rows.setAll(fresh);
        }
        updateEmptyText();

        if (wanted != null) {
            String[] key = wanted.split("\u0000", 2);
            Optional<SessionRow> row = find(key[0], key[1]);
            if (row.isPresent()) {
                selected.set(row.get());
                wanted = null;
                return;
            }
        }
        if (before != null) {
            selected.set(find(before.session().host(), before.session().sessionId()).filter(this::shown)
                    .orElse(null));
        }
    }

    private void refilter() {
        String needle = needle();
        boolean onlyCapped = cappedOnly.get();
        filtered.setPredicate(row -> row.matches(needle) && (!onlyCapped || row.hitTheCap()));
        updateEmptyText();
        // The detail pane must not go on showing a session the table no longer lists.
        SessionRow current = selected.get();
        if (current != null && !shown(current)) {
            selected.set(null);
        }
    }

    private boolean shown(SessionRow row) {
        Predicate<? super SessionRow> predicate = filtered.getPredicate();
        return predicate == null || predicate.test(row);
    }

    private String needle() {
        return search.get() == null ? "" : search.get().strip();
    }

    private void updateEmptyText() {
        String needle = needle();
        if (rows.isEmpty()) {
            emptyText.set(NO_SESSIONS);
        } else if (!needle.isEmpty()) {
            emptyText.set("No sessions match '" + needle + "'" + (cappedOnly.get() ? " among those that hit the cap."
                    : "."));
        } else if (cappedOnly.get()) {
            emptyText.set("No session in this selection hit the cap.");
        } else {
            emptyText.set(NO_SESSIONS);
        }
    }
}
