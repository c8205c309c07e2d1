package dev.burnwatch.ui.hosts;

import dev.burnwatch.monitor.HostState;
import dev.burnwatch.ui.common.Cards;
import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.HostItem;
import java.util.Locale;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;

/**
 * The hosts sidebar: "All hosts" and each host with its connection state (live, stale,
 * down), and the buttons that manage hosts.
 */
public final class HostsView extends VBox {

    /** The entry for all hosts at once. */
    static final String ALL = "All hosts";

    private final ConsoleModel model;
    private final ObservableList<Object> entries = FXCollections.observableArrayList();
    private final ListView<Object> list = new ListView<>(entries);

    public HostsView(ConsoleModel model, HostActions actions) {
        this.model = model;
        list.getStyleClass().add("host-list");
        list.setId("host-list");
        list.setCellFactory(view -> new HostCell());
        VBox.setVgrow(list, Priority.ALWAYS);

        Button editButton = Cards.smallButton("Edit", "Edit the selected host", () -> model.selectedHost()
                .ifPresent(actions::edit));
        Button testButton = Cards.smallButton("Test", "Test the connection to the selected host", () -> model
                .selectedHost().ifPresent(actions::test));
        // "All hosts" is no host to edit or test: say so by disabling both, not by doing nothing.
        BooleanBinding noHost = Bindings.createBooleanBinding(() -> model.selectedHost().isEmpty(),
                model.selectedHostIdProperty(), model.hosts());
        editButton.disableProperty().bind(noHost);
        testButton.disableProperty().bind(noHost);
        HBox buttons = new HBox(6, Cards.smallButton("Add", "Add a host reached over SSH", actions::add),
                Cards.smallButton("Import", "Import hosts from ~/.ssh/config", actions::importFromSshConfig),
                editButton, testButton);
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.getChildren().forEach(b -> b.setId("host-" + ((javafx.scene.control.Button) b).getText()
                .replace("…", "").toLowerCase(Locale.ROOT)));

        getChildren().addAll(Cards.label("HOSTS", "sidebar-title"), list, buttons);
        getStyleClass().add("sidebar");

        MenuItem edit = new MenuItem("Edit…");
        edit.setOnAction(event -> model.selectedHost().ifPresent(actions::edit));
        MenuItem test = new MenuItem("Test the connection");
        test.setOnAction(event -> model.selectedHost().ifPresent(actions::test));
        MenuItem remove = new MenuItem("Remove…");
        remove.setOnAction(event -> model.selectedHost().ifPresent(actions::remove));
        list.setContextMenu(new ContextMenu(edit, test, remove));
        list.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.DELETE) {
                model.selectedHost().ifPresent(actions::remove);
            }
        });

        model.hosts().addListener((ListChangeListener<HostItem>) change -> rebuild());
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, entry) -> {
            if (entry != null) {
                model.selectedHostIdProperty().set(entry instanceof HostItem h ? h.id() : ConsoleModel.ALL_HOSTS);
            }
        });
        model.selectedHostIdProperty().addListener((obs, old, id) -> select(id));
        rebuild();
    }

    private void rebuild() {
        entries.setAll(ALL);
        entries.addAll(model.hosts());
        select(model.selectedHostIdProperty().get());
    }

    private void select(String id) {
        Object wanted = model.host(id).<Object>map(h -> h).orElse(ALL);
        if (list.getSelectionModel().getSelectedItem() != wanted) {
            list.getSelectionModel().select(wanted);
        }
    }

    private static final class HostCell extends ListCell<Object> {
        private final Circle dot = new Circle(5);
        private final Label name = new Label();
        private final Label detail = new Label();
        private final Label state = new Label();
        private final Label publish = new Label();
        private final VBox text = new VBox(1, name, detail, state, publish);
        private final HBox box = new HBox(10, dot, text);
        private final Tooltip tooltip = new Tooltip();
        private HostItem bound;
        private final InvalidationListener refresh = obs -> paint();

        HostCell() {
            dot.getStyleClass().add("host-state-dot");
            name.getStyleClass().add("host-name");
            detail.getStyleClass().add("host-detail");
            state.getStyleClass().addAll("host-detail", "host-state-text");
            publish.getStyleClass().add("host-detail");
            publish.setId("host-publish-status");
            box.setAlignment(Pos.CENTER_LEFT);
            setPrefWidth(0);
            text.setMinWidth(0);
            HBox.setHgrow(text, Priority.ALWAYS);
        }

        @Override
        protected void updateItem(Object item, boolean empty) {
            super.updateItem(item, empty);
            if (bound != null) {
                bound.stateProperty().removeListener(refresh);
                bound.problemProperty().removeListener(refresh);
                bound.lastRefreshProperty().removeListener(refresh);
                bound.publishStatusProperty().removeListener(refresh);
                bound = null;
            }
            if (empty || item == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            if (item instanceof HostItem host) {
                bound = host;
                host.stateProperty().addListener(refresh);
                host.problemProperty().addListener(refresh);
                host.lastRefreshProperty().addListener(refresh);
                host.publishStatusProperty().addListener(refresh);
            }
            paint();
            setText(null);
            setGraphic(box);
        }

        private void paint() {
            dot.getStyleClass().removeAll("live", "connecting", "stale", "down");
            state.getStyleClass().removeAll("live", "connecting", "stale", "down");
            if (bound == null) {
                name.setText(ALL);
                detail.setText("every host together");
                state.setText("");
                showPublish("");
                dot.getStyleClass().add("live");
                setTooltip(null);
                return;
            }
            HostState hostState = bound.stateProperty().get();
            String css = hostState.name().toLowerCase(Locale.ROOT);
            dot.getStyleClass().add(css);
            state.getStyleClass().add(css);
            name.setText(bound.nameProperty().get());
            detail.setText(bound.detailProperty().get());
            state.setText(switch (hostState) {
                case CONNECTING -> "connecting…";
                case LIVE -> "live";
                case STALE -> "stale — figures are late";
                case DOWN -> "down — not answering";
            });
            String problem = bound.problemProperty().get();
            String publishing = bound.publishStatusProperty().get();
            showPublish(publishing);
            tooltip.setText((problem == null || problem.isBlank() ? bound.detailProperty().get() : problem)
                    + (publishing.isEmpty() ? "" : "\n" + publishing));
            setTooltip(tooltip);
        }

        private void showPublish(String status) {
            publish.setText(status);
            publish.setVisible(!status.isEmpty());
            publish.setManaged(!status.isEmpty());
        }
    }
}
