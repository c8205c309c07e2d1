package dev.burnwatch.ui;

import javafx.application.Application;

/** Starts the JavaFX console; kept apart from {@link dev.burnwatch.Main} so headless commands never load JavaFX. */
public final class ConsoleLauncher {

    private ConsoleLauncher() {
    }

    public static void launch(String[] args) {
        Application.launch(ConsoleApp.class, args);
    }
}
