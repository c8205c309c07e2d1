package dev.burnwatch.ui.common;

import dev.burnwatch.monitor.HostFigures;
import dev.burnwatch.monitor.HostState;
import java.time.Instant;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * A host in the sidebar: what it is called, how current its figures are, and the figures.
 * Properties change on the JavaFX thread only.
 */
public final class HostItem {

    private final String id;
    private final StringProperty name = new SimpleStringProperty();
    private final StringProperty detail = new SimpleStringProperty();
    private final ObjectProperty<HostState> state = new SimpleObjectProperty<>(HostState.CONNECTING);
    private final StringProperty problem = new SimpleStringProperty("");
    private final ObjectProperty<HostFigures> figures = new SimpleObjectProperty<>();
    private final ObjectProperty<Instant> lastRefresh = new SimpleObjectProperty<>();
    private final IntegerProperty cap = new SimpleIntegerProperty();
    private final StringProperty publishStatus = new SimpleStringProperty("");
    private final UsageSource source;
    private final Object config;

    /**
     * @param id the host's id (as the usage engine keys it)
     * @param name what the operator calls it
     * @param detail how it is reached, e.g. {@code ubuntu@10.0.0.5:22}
     * @param source where its usage comes from
     * @param config the saved host behind it (for the Hosts and Daemon screens), or null
     */
    public HostItem(String id, String name, String detail, UsageSource source, Object config) {
        this.id = id;
        this.name.set(name);
        this.detail.set(detail);
        this.source = source;
        this.config = config;
    }

    public String id() {
        return id;
    }

    public UsageSource source() {
        return source;
    }

    public Object config() {
        return config;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty detailProperty() {
        return detail;
    }

    public ObjectProperty<HostState> stateProperty() {
        return state;
    }

    public StringProperty problemProperty() {
        return problem;
    }

    public ObjectProperty<HostFigures> figuresProperty() {
        return figures;
    }

    public ObjectProperty<Instant> lastRefreshProperty() {
        return lastRefresh;
    }

    /** The turn cap in the host's daemon script, 0 when unknown or none. */
    /** How publishing to CloudWatch went last, empty when the host does not publish. */
    public StringProperty publishStatusProperty() {
        return publishStatus;
    }

    public IntegerProperty capProperty() {
        return cap;
    }

    @Override
    public String toString() {
        return name.get();
    }
}
