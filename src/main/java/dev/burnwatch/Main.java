package dev.burnwatch;

import dev.burnwatch.cli.Cli;
import dev.burnwatch.cli.ExitCode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Entry point of the application and of the launcher.
 *
 * <p>With no arguments it opens the console; with a command it runs headless. It
 * deliberately does not extend {@code javafx.application.Application}: that lets the
 * JavaFX runtime live on the class path (or be linked into the runtime image) without the
 * launcher's module check, and lets headless commands run without loading JavaFX at all.
 */
public final class Main {

    private static final String HEADLESS = "The headless commands (report, patch, verify, restart, hosts, ...)"
            + " work without one: see burnwatch --help.";

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            int status = openConsole(args);
            if (status != ExitCode.OK) {
                System.exit(status);
            }
            return;
        }
        System.exit(Cli.run(args));
    }

    /**
     * Opens the console and waits until it closes; when it cannot open, says why in one
     * paragraph instead of JavaFX's stack trace.
     */
    private static int openConsole(String[] args) {
        Optional<String> noDisplay = displayProblem(System.getProperty("os.name", ""), System.getenv());
        if (noDisplay.isPresent()) {
            System.err.println("burnwatch: " + noDisplay.get());
            return ExitCode.BAD_INPUT;
        }
        try {
            dev.burnwatch.ui.ConsoleLauncher.launch(args);
            return ExitCode.OK;
        } catch (RuntimeException | LinkageError e) {
            Optional<String> why = consoleFailure(e, System.getenv());
            if (why.isEmpty()) {
                throw e;
            }
            System.err.println("burnwatch: " + why.get());
            return ExitCode.BAD_INPUT;
        }
    }

    /**
     * Why the console cannot open on this machine before trying: on Linux it needs an X11 or
     * Wayland display, and neither {@code DISPLAY} nor {@code WAYLAND_DISPLAY} is set (an SSH
     * session, a container, a CI job).
     */
    static Optional<String> displayProblem(String osName, Map<String, String> env) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.empty();
        }
        if (isSet(env.get("DISPLAY")) || isSet(env.get("WAYLAND_DISPLAY"))) {
            return Optional.empty();
        }
        return Optional.of("The console needs a graphical display, and there is none: DISPLAY and WAYLAND_DISPLAY"
                + " are unset (an SSH session, a container or a CI job). Run it on the desktop, or over"
                + " 'ssh -X'. " + HEADLESS);
    }

    /**
     * What a failure of the JavaFX start means, as JavaFX 21 reports it on Linux: the display
     * could not be opened, or the GTK 3 libraries its windows are drawn with are missing.
     */
    static Optional<String> consoleFailure(Throwable failure, Map<String, String> env) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = cause.getMessage() == null ? "" : cause.getMessage();
            if (message.contains("Unable to load glass GTK library")) {
                return Optional.of("The console needs GTK 3, and JavaFX could not load it (" + message.strip()
                        + "). Install it (Debian/Ubuntu: sudo apt install libgtk-3-0; Fedora: sudo dnf install"
                        + " gtk3) and start again. " + HEADLESS);
            }
            if (message.contains("Unable to open DISPLAY")) {
                String display = isSet(env.get("DISPLAY")) ? "DISPLAY=" + env.get("DISPLAY") : "the display";
                return Optional.of("The console could not open " + display + ": is the X server running, and"
                        + " may this user use it? " + HEADLESS);
            }
        }
        return Optional.empty();
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
