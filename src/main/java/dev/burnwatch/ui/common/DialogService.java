package dev.burnwatch.ui.common;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How view models reach the operator: questions, errors and notices. The console shows
 * them as dialogs and notifications; a test answers them itself, so view models are tested
 * without a stage.
 */
public interface DialogService {

    /** Asks a yes/no question; true for yes. */
    boolean confirm(String title, String header, String details);

    /**
     * Asks before a change to a host, showing what would change as {@code diff}. The change
     * is named on its own button ({@code action}, such as "Roll back") beside Cancel, and
     * Cancel is the default, so a reflex Enter changes nothing. True when the operator chose
     * {@code action}. Without a screen of its own, an implementation may ask {@link #confirm}.
     */
    default boolean confirmChange(String title, String header, String diff, String action) {
        return confirm(title, header, diff);
    }

    /** Shows an error that needs the operator's attention. */
    void showError(String title, String message);

    /**
     * Shows an error and runs {@code then} once the operator has closed it (a form offered
     * again must not open on top of the message that says what was wrong with it).
     */
    default void showError(String title, String message, Runnable then) {
        showError(title, message);
        then.run();
    }

    /** A passing notice (a notification in a corner of the window). */
    void notify(String title, String message, boolean warning);

    /** Asks where to save a file of the given kind; empty when cancelled. */
    Optional<Path> askSaveFile(String title, String suggestedName, String extension);
}
