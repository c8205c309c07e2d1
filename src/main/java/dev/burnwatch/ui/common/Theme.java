package dev.burnwatch.ui.common;

import java.util.Objects;
import javafx.scene.Scene;

/**
 * The console's colour themes. Colours live in looked-up CSS variables; a theme is one
 * small stylesheet that sets them, on top of the shared {@code console.css}.
 */
public enum Theme {
    LIGHT("light"), DARK("dark");

    private static final String BASE = "/dev/burnwatch/ui/console.css";

    private final String id;

    Theme(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public boolean isDark() {
        return this == DARK;
    }

    public static Theme of(String id) {
        return DARK.id.equalsIgnoreCase(id) ? DARK : LIGHT;
    }

    /** Puts this theme on {@code scene}, replacing the other. */
    public void applyTo(Scene scene) {
        scene.getStylesheets().setAll(url(BASE), url("/dev/burnwatch/ui/theme-" + id + ".css"));
    }

    private static String url(String resource) {
        return Objects.requireNonNull(Theme.class.getResource(resource), resource).toExternalForm();
    }
}
