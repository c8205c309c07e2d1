package dev.burnwatch.ui;

import dev.burnwatch.BadInputException;
import dev.burnwatch.aws.AwsWorkspace;
import dev.burnwatch.aws.PeriodicPublisher;
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
import dev.burnwatch.demo.DemoHost;
import dev.burnwatch.demo.DemoOptions;
import dev.burnwatch.demo.DemoUnavailableException;
import dev.burnwatch.host.ConnectOptions;
import java.io.IOException;
import java.time.Clock;
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

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DefaultBackend.class);

    private final AppDirs dirs;
    private final PriceTable prices = PriceTable.bundled();
    private final UsageEngine engine;
    private final ReentrantLock indexLock = new ReentrantLock();
    private final Map<String, String> env;
    private final dev.burnwatch.daemon.ChangeHistory history;
    private volatile PassphraseProvider passphrases = PassphraseProvider.NONE;
    private final DemoOptions demoOptions;
    private DemoHost demo;

    DefaultBackend(AppDirs dirs) {
        this(dirs, System.getenv());
    }

    DefaultBackend(AppDirs dirs, Map<String, String> env) {
        this(dirs, env, DemoOptions.defaults());
    }

    DefaultBackend(AppDirs dirs, Map<String, String> env, DemoOptions demoOptions) {
        this.dirs = dirs;
        this.demoOptions = demoOptions;
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
            items.add(demoItem());
        }
        return items;
    }

    /**
     * The embedded demo host, started now and reached over SSH like any host: its own client
     * key and its known_hosts line, checked as strictly as a real host's.
     */
    HostItem demoItem() throws IOException {
        try {
            demo = DemoHost.start(dirs, demoOptions);
        } catch (DemoUnavailableException e) {
            LOG.warn("The demo host cannot run here ({}); showing this machine's transcripts", e.getMessage());
            return localItem();
        }
        DemoHost.Info info = demo.info();
        HostConfig config = new HostConfig("demo", info.address(), info.port(), info.user(),
                info.privateKey().toString(), false, null, info.scriptPath(), info.unit(),
                List.of(info.transcriptsConfigDir()), false);
        ConnectOptions options = new ConnectOptions(info.privateKey(), info.knownHostsFile(), null);
        HostLink link = new HostLink(config, dirs, passphrases, options);
        EngineUsageSource source = new EngineUsageSource(link, engine, indexLock, env);
        LOG.info("No host is saved: opened the demo host at {}", info.sshUri());
        String detail = "embedded · " + info.address() + ":" + info.port();
        return new HostItem(config.hostId(), "demo", detail, source, config);
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

    /**
     * Publishes each host whose CloudWatch switch is on (in its host settings) after its
     * reads, with the AWS settings of the Costs screen, under the host's own host name (or the
     * name chosen there), and shows how it went in the sidebar, warnings included.
     */
    @Override
    public ConsoleModel.AfterRead afterRead() {
        PeriodicPublisher publisher = new PeriodicPublisher(() -> AwsWorkspace.open(dirs), prices,
                Clock.systemUTC());
        return (host, reading) -> {
            if (!(host.config() instanceof HostConfig config) || !config.publishToCloudWatch()
                    || !(host.source() instanceof EngineUsageSource source)) {
                return;
            }
            String status;
            try {
                status = publisher.maybePublish(host.id(), () -> source.link().host(),
                        List.of(config.name(), config.address()), reading.calls(), reading.hostNow())
                        .map(PeriodicPublisher.Outcome::describe).orElse(null);
            } catch (BadInputException e) {
                status = "CloudWatch: not published, " + e.getMessage();
            }
            if (status != null) {
                String shown = status;
                UiExecutor.onFx(() -> host.publishStatusProperty().set(shown));
            }
        };
    }

    @Override
    public HostActions hostActions(ConsoleModel model, DialogService dialogs, UiExecutor executor, Window owner) {
        passphrases = new FxPassphrases(owner);
        return new HostsController(model, dialogs, executor, dirs, passphrases, this::item, owner);
    }

    @Override
    public void close() {
        if (demo != null) {
            demo.stop();
        }
    }
}
