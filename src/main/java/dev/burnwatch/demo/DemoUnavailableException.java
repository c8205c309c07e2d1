package dev.burnwatch.demo;

import java.io.IOException;

/** The demo host cannot run on this machine (no bash, or not a Unix-like system); the message says why. */
public class DemoUnavailableException extends IOException {

    private static final long serialVersionUID = 1L;

    public DemoUnavailableException(String message) {
        super(message);
    }

    public DemoUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
