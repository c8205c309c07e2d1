package dev.burnwatch.host;

import dev.burnwatch.BadInputException;
import dev.burnwatch.config.AppDirs;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Opens the host a {@link Location} or a saved {@link HostConfig} names: this machine, an
 * {@code ssh://} address, or a saved host's name. SSH hosts are connected at once, so that
 * an unknown or changed host key, a refused login or an unreachable host shows here.
 *
 * <p>For the command line: {@link #open(Location, ConnectOptions)} asks for passphrases on
 * the terminal when there is one. The console calls {@link #open(HostConfig, ConnectOptions,
 * PassphraseProvider)} with its own passphrase dialog, catches
 * {@link HostKeyUnknownException}, asks the operator, calls its {@code trust()} and opens again.
 */
public final class Hosts {

    private Hosts() {
    }

    /** Opens a location as the CLI gives it (the path part is ignored here). */
    public static Host open(Location location, ConnectOptions options) throws HostException {
        return open(location, options, PassphraseProvider.console());
    }

    /** Opens a location with a chosen way of asking for passphrases. */
    public static Host open(Location location, ConnectOptions options, PassphraseProvider passphrases)
            throws HostException {
        switch (location.kind()) {
            case LOCAL:
                return new LocalHost();
            case SAVED:
                return open(savedHost(location.address()), options, passphrases);
            default:
                HostConfig config = new HostConfig(location.address(), location.address(), location.port(),
                        location.user(), null, true, null, null, null, List.of(), false);
                return open(config, options, passphrases);
        }
    }

    /** Connects to a saved (or imported) host with the default timeouts. */
    public static SshHost open(HostConfig host, ConnectOptions options, PassphraseProvider passphrases)
            throws HostException {
        return open(host, options, passphrases, SshTimeouts.DEFAULTS);
    }

    /** Connects to a host with chosen timeouts. */
    public static SshHost open(HostConfig host, ConnectOptions options, PassphraseProvider passphrases,
            SshTimeouts timeouts) throws HostException {
        AppDirs dirs = AppDirs.fromEnvironment();
        ConnectOptions given = options == null ? ConnectOptions.DEFAULTS : options;
        HostStore store = new HostStore(dirs.hostsFile());
        return SshHost.connect(host, given, TrustStore.forOptions(given, dirs), passphrases, timeouts,
                name -> findQuietly(store, name)).withListingCache(dirs.dataDir().resolve("ssh-listings"));
    }

    /** The saved host called {@code name}, or a message listing the saved ones. */
    public static HostConfig savedHost(String name) throws HostException {
        HostStore store = HostStore.fromEnvironment();
        Optional<HostConfig> found = store.find(name);
        if (found.isPresent()) {
            return found.get();
        }
        List<HostConfig> saved = store.list();
        String known = saved.isEmpty() ? "No host is saved yet"
                : "Saved hosts: " + saved.stream().map(HostConfig::name).collect(Collectors.joining(", "));
        throw new BadInputException("There is no saved host called '" + name + "'. " + known
                + ". Save one with burnwatch hosts add NAME ssh://user@host[:port] (or in the console), or write"
                + " ssh://user@host[:port].");
    }

    private static Optional<HostConfig> findQuietly(HostStore store, String name) {
        try {
            return store.find(name);
        } catch (HostException e) {
            return Optional.empty();
        }
    }
}
