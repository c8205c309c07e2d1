package dev.burnwatch.ui.common;

import dev.burnwatch.config.AppDirs;
import dev.burnwatch.host.ConnectOptions;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostConfig;
import dev.burnwatch.host.HostException;
import dev.burnwatch.host.HostStore;
import dev.burnwatch.host.LocalHost;
import dev.burnwatch.host.PassphraseProvider;
import dev.burnwatch.host.SshHost;
import dev.burnwatch.host.SshTimeouts;
import dev.burnwatch.host.TrustStore;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's connection to one host, opened on first use and shared by everything that
 * works on that host (usage reading, the daemon screen). A connection that failed is
 * dropped and opened again on the next use. Blocking: call from background tasks only.
 */
public final class HostLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HostLink.class);

    private final HostConfig config;
    private final AppDirs dirs;
    private final PassphraseProvider passphrases;
    private final ConnectOptions options;
    private Host host;

    /** A link to a saved SSH host. */
    public HostLink(HostConfig config, AppDirs dirs, PassphraseProvider passphrases) {
        this(config, dirs, passphrases, ConnectOptions.DEFAULTS);
    }

    /**
     * A link to an SSH host with its own connect options (the demo host names its key and
     * known_hosts file this way).
     */
    public HostLink(HostConfig config, AppDirs dirs, PassphraseProvider passphrases, ConnectOptions options) {
        this.config = config;
        this.dirs = dirs;
        this.passphrases = passphrases;
        this.options = options;
    }

    /** A link to this machine. */
    public static HostLink local() {
        HostLink link = new HostLink(null, null, PassphraseProvider.NONE, ConnectOptions.DEFAULTS);
        link.host = new LocalHost();
        return link;
    }

    /**
     * A new, unconnected link to the same host with the same connect options: a connection
     * test goes through exactly the key and known_hosts file that the refreshes use.
     */
    public HostLink fresh() {
        return config == null ? local() : new HostLink(config, dirs, passphrases, options);
    }

    /** The saved host behind it, or null for this machine. */
    public HostConfig config() {
        return config;
    }

    /** The host id that usage and history are keyed by. */
    public String hostId() {
        return config == null ? LocalHost.ID : config.hostId();
    }

    /** The open connection, opening it first when needed. */
    public synchronized Host host() throws HostException {
        if (host != null) {
            return host;
        }
        HostStore store = new HostStore(dirs.hostsFile());
        TrustStore trust = TrustStore.forOptions(options, dirs);
        SshHost opened = SshHost.connect(config, options, trust, passphrases, SshTimeouts.DEFAULTS,
                name -> find(store, name));
        LOG.info("Connected to {} ({})", config.name(), config.hostId());
        host = opened;
        return host;
    }

    /** Drops the connection after a failure, so that the next use connects afresh. */
    public synchronized void reset() {
        if (host != null && config != null) {
            host.close();
            host = null;
        }
    }

    @Override
    public synchronized void close() {
        if (host != null) {
            host.close();
            host = null;
        }
    }

    private static Optional<HostConfig> find(HostStore store, String name) {
        try {
            return store.find(name);
        } catch (HostException e) {
            return Optional.empty();
        }
    }
}
