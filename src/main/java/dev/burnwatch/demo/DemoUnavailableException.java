package dev.burnwatch.demo;

import java.io.IOException;

/**
 * The demo host cannot run here. {@link #getMessage()} is for the operator as it stands: what
 * is missing (bash, a Unix-like system) and what to do (install bash; on Windows, run
 * Burnwatch in WSL; or point Burnwatch at a real host). The console shows it, and
 * {@code burnwatch demo} prints it and exits with 2; {@link DemoHostBusyException} (another
 * Burnwatch runs the demo on the same folder) exits with 1.
 */
public class DemoUnavailableException extends IOException {

    private static final long serialVersionUID = 1L;

    public DemoUnavailableException(String message) {
        super(message);
    }

    public DemoUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
