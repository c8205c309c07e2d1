package dev.burnwatch.ui.common;

import javafx.application.Platform;

/**
 * Runs an action on a later turn of the JavaFX thread, once however often it was asked for
 * before then. A view that redraws several charts when new figures arrive asks for each
 * redraw this way, so that the thread goes back to its queue (input, pulses) between one
 * chart and the next instead of drawing them all in one long turn; and a burst of changes
 * to one chart's data draws it once.
 */
public final class LaterOnce {

    private final Runnable action;
    private boolean pending;

    public LaterOnce(Runnable action) {
        this.action = action;
    }

    /** Asks for the action; call on the JavaFX thread. */
    public void request() {
        if (pending) {
            return;
        }
        pending = true;
        Platform.runLater(() -> {
            pending = false;
            action.run();
        });
    }
}
