package dev.burnwatch.ui.common;

import dev.burnwatch.monitor.Alert;

/** The events that travel on the {@link EventBus}. */
public final class ConsoleEvents {

    private ConsoleEvents() {
    }

    /** The operator asked to see a screen. */
    public record Navigate(Screen screen) {
    }

    /** The operator asked to open a session (from a chart or a table). */
    public record OpenSession(String hostId, String sessionId) {
    }

    /** The operator asked for fresh figures now. */
    public record RefreshRequested() {
    }

    /** Something the operator should hear about. */
    public record AlertRaised(Alert alert) {
    }

    /** The operator asked to focus the search field of the current screen. */
    public record SearchRequested() {
    }

    /** The operator asked to apply what the current screen prepared (Ctrl+Enter). */
    public record ApplyRequested() {
    }

    /** The daemon's settings changed on a host (a patch was applied or rolled back). */
    public record DaemonChanged(String hostId) {
    }

    /** The screens of the console. */
    public enum Screen {
        DASHBOARD("Dashboard"), SESSIONS("Sessions"), DAEMON("Daemon"), COSTS("Costs");

        private final String title;

        Screen(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }
}
