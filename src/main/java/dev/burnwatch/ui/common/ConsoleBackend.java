package dev.burnwatch.ui.common;

import dev.burnwatch.monitor.Pricing;
import java.util.List;

/**
 * What the console stands on: prices, and the hosts it opens at start. Every method that
 * opens or reads anything blocks and is called from background tasks only.
 */
public interface ConsoleBackend extends AutoCloseable {

    Pricing pricing();

    /** The models the daemon can be pinned to, with their prices. */
    java.util.List<dev.burnwatch.pricing.ModelPrice> models();

    /** The record of daemon-script changes. */
    dev.burnwatch.daemon.ChangeHistory history();

    /**
     * The hosts to show at start: the saved ones, or the demo host when none is saved.
     * Blocking.
     */
    List<HostItem> startupHosts() throws Exception;

    /** What the hosts sidebar's buttons do, given the console's model and dialogs. */
    dev.burnwatch.ui.hosts.HostActions hostActions(ConsoleModel model, DialogService dialogs, UiExecutor executor,
                                                   javafx.stage.Window owner);

    /** What follows each read of a host (the default: nothing). */
    default ConsoleModel.AfterRead afterRead() {
        return (host, reading) -> { };
    }

    @Override
    void close();
}
