package dev.burnwatch.demo;

/**
 * Another Burnwatch (a console or {@code burnwatch demo}) runs the demo host on the same
 * folder; a second one would run a second daemon on the same queue. The message names the
 * folder and says to stop the other one first.
 */
public class DemoHostBusyException extends DemoUnavailableException {

    private static final long serialVersionUID = 1L;

    public DemoHostBusyException(String message) {
        super(message);
    }
}
