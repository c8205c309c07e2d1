package dev.burnwatch.ui.daemon;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One visible step of Apply (write, restart, verify): its state and what it printed. */
final class ApplyStep {

    /** Where a step is. */
    enum State { WAITING, RUNNING, OK, FAILED, SKIPPED }

    private final String name;
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.WAITING);
    private final StringProperty output = new SimpleStringProperty("");

    ApplyStep(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    ObjectProperty<State> stateProperty() {
        return state;
    }

    StringProperty outputProperty() {
        return output;
    }

    void reset() {
        state.set(State.WAITING);
        output.set("");
    }
}
