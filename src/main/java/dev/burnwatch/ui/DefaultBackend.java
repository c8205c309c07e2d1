package dev.burnwatch.ui;

import dev.burnwatch.config.AppDirs;
import dev.burnwatch.host.HostConfig;
import dev.burnwatch.host.HostStore;
import dev.burnwatch.host.PassphraseProvider;
import dev.burnwatch.monitor.Pricing;
import dev.burnwatch.pricing.PriceTable;
import dev.burnwatch.ui.common.ConsoleBackend;
import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.DialogService;
import dev.burnwatch.ui.common.EngineUsageSource;
import dev.burnwatch.ui.common.HostItem;
import dev.burnwatch.ui.common.HostLink;
import dev.burnwatch.ui.common.UiExecutor;
import dev.burnwatch.ui.hosts.FxPassphrases;
import dev.burnwatch.ui.hosts.HostActions;
import dev.burnwatch.ui.hosts.HostsController;
import dev.burnwatch.usage.UsageEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import javafx.stage.Window;

/**
 * The console's backend on the real parts: the bundled price table, the usage engine over
 * the shared index, the saved hosts over SSH (this machine when none is saved).
 */
class DefaultBackend implements ConsoleBackend {

    private final AppDirs dirs;
    private final PriceTable prices = PriceTable.bundled();
    private final UsageEngine engine;
    private final ReentrantLock indexLock = new ReentrantLock();
    private final Map<String, String> env;
    private final dev.burnwatch.daemon.ChangeHistory history;
    private volatile PassphraseProvider passphrases = PassphraseProvider.NONE;

    DefaultBackend(AppDirs dirs) {
        this(dirs, System.getenv());
    }

    DefaultBackend(AppDirs dirs, Map<String, String> env) {
        this.dirs = dirs;
        this.env = env;
        this.engine = new UsageEngine(dirs.indexFile());
        this.history = new dev.burnwatch.daemon.ChangeHistory(dirs.historyFile());
    }

    AppDirs dirs() {
        return dirs;
    }

    PriceTable prices() {
        return prices;
    }

    @Override
    public Pricing pricing() {
        return prices::cost;
    }

    @Override
    public List<dev.burnwatch.pricing.ModelPrice> models() {
        return prices.models();
    }

    @Override
    public dev.burnwatch.daemon.ChangeHistory history() {
        return history;
    }

    @Override
    public List<HostItem> startupHosts() throws Exception {
        List<HostItem> items = new ArrayList<>();
        for (HostConfig config : new HostStore(dirs.hostsFile()).list()) {
            items.add(item(config));
        }
        if (items.isEmpty()) {
            items.add(localItem());
        }
        return items;
    }

    /** The sidebar entry of a saved host. */
    HostItem item(HostConfig config) {
        HostLink link = new HostLink(config, dirs, passphrases);
        EngineUsageSource source = new EngineUsageSource(link, engine, indexLock, env);
        return new HostItem(config.hostId(), config.name(), config.hostId(), source, config);
    }

    /** This machine's transcripts. */
    HostItem localItem() {
        EngineUsageSource source = new EngineUsageSource(HostLink.local(), engine, indexLock, env);
        return new HostItem(dev.burnwatch.host.LocalHost.ID, "This machine", "local transcripts", source, null);
    }

    @Override
    public HostActions hostActions(ConsoleModel model, DialogService dialogs, UiExecutor executor, Window owner) {
        passphrases = new FxPassphrases(owner);
        return new HostsController(model, dialogs, executor, dirs, passphrases, this::item, owner);
    }

    @Override
    public void close() {
    }
}
