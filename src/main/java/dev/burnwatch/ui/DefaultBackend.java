package dev.burnwatch.ui;

import dev.burnwatch.config.AppDirs;
import dev.burnwatch.monitor.Pricing;
import dev.burnwatch.ui.common.ConsoleBackend;
import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.DialogService;
import dev.burnwatch.ui.common.HostItem;
import dev.burnwatch.ui.common.UiExecutor;
import dev.burnwatch.ui.hosts.HostActions;
import java.util.List;
import java.util.Optional;

/** The console's backend on the real engine, hosts and demo host. */
final class DefaultBackend implements ConsoleBackend {

    private final AppDirs dirs;

    DefaultBackend(AppDirs dirs) {
        this.dirs = dirs;
    }

    @Override
    public Pricing pricing() {
        return (model, tokens) -> Optional.empty();
    }

    @Override
    public List<HostItem> startupHosts() throws Exception {
        throw new IllegalStateException("The usage engine is not part of this build yet (" + dirs.configDir() + ")");
    }

    @Override
    public HostActions hostActions(ConsoleModel model, DialogService dialogs, UiExecutor executor) {
        return null;
    }

    @Override
    public void close() {
    }
}
