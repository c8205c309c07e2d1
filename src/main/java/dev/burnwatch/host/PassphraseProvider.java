package dev.burnwatch.host;

import java.io.Console;
import java.util.Optional;

/**
 * Asks for the passphrase of an encrypted private key when a server is ready to accept it.
 * Burnwatch never stores what it returns; the caller may clear the array after use.
 */
@FunctionalInterface
public interface PassphraseProvider {

    /** Nobody to ask: an encrypted key fails with a "passphrase needed" message. */
    PassphraseProvider NONE = (keyFile, attempt) -> Optional.empty();

    /**
     * The passphrase for {@code keyFile}, or empty when none can be had (the login then fails
     * with a clear message). {@code attempt} counts from 1; above 1 the previous one was wrong.
     */
    Optional<char[]> passphrase(String keyFile, int attempt);

    /** Asks on the terminal when there is one ({@link System#console()}), else behaves as {@link #NONE}. */
    static PassphraseProvider console() {
        return (keyFile, attempt) -> {
            Console console = System.console();
            if (console == null) {
                return Optional.empty();
            }
            String prompt = attempt > 1 ? "Wrong passphrase. Passphrase for %s: " : "Passphrase for %s: ";
            char[] typed = console.readPassword(prompt, keyFile);
            return typed == null || typed.length == 0 ? Optional.empty() : Optional.of(typed);
        };
    }

    /** Always gives this passphrase (for tests and for a console that asked already). */
    static PassphraseProvider fixed(char[] passphrase) {
        return (keyFile, attempt) -> attempt == 1 ? Optional.of(passphrase.clone()) : Optional.empty();
    }
}
