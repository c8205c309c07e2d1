package dev.burnwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Why the console cannot open, in the operator's words (the no-display run is in WholeProcessTest). */
class MainTest {

    @Test
    void onLinuxWithoutDisplayOrWaylandTheConsoleCannotOpen() {
        assertThat(Main.displayProblem("Linux", Map.of())).get().asString()
                .contains("graphical display", "DISPLAY", "WAYLAND_DISPLAY", "burnwatch --help");
        assertThat(Main.displayProblem("Linux", Map.of("DISPLAY", ":0"))).isEmpty();
        assertThat(Main.displayProblem("Linux", Map.of("WAYLAND_DISPLAY", "wayland-0"))).isEmpty();
        assertThat(Main.displayProblem("Mac OS X", Map.of())).isEmpty();
    }

    /** The exceptions as JavaFX 21's GtkApplication throws them, wrapped as its launcher rethrows them. */
    @Test
    void missingGtkAndAnUnreachableDisplaySayWhatToDo() {
        RuntimeException noGtk = new RuntimeException("Application launch exception",
                new UnsupportedOperationException("Unable to load glass GTK library."));
        UnsupportedOperationException noDisplay = new UnsupportedOperationException("Unable to open DISPLAY");

        assertThat(Main.consoleFailure(noGtk, Map.of("DISPLAY", ":0"))).get().asString()
                .contains("GTK 3", "libgtk-3-0", "burnwatch --help");
        assertThat(Main.consoleFailure(noDisplay, Map.of("DISPLAY", ":99"))).get().asString()
                .contains("DISPLAY=:99", "burnwatch --help");
        assertThat(Main.consoleFailure(new IllegalStateException("something else"), Map.of())).isEmpty();
    }
}
