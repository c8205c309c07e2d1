package dev.burnwatch;

import dev.burnwatch.cli.Cli;

/**
 * Entry point of the application and of the launcher.
 *
 * <p>With no arguments it opens the console; with a command it runs headless. It
 * deliberately does not extend {@code javafx.application.Application}: that lets the
 * JavaFX runtime live on the class path (or be linked into the runtime image) without the
 * launcher's module check, and lets headless commands run without loading JavaFX at all.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            dev.burnwatch.ui.ConsoleLauncher.launch(args);
            return;
        }
        System.exit(Cli.run(args));
    }
}
