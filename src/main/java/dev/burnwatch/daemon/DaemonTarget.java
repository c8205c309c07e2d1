package dev.burnwatch.daemon;

import dev.burnwatch.BadInputException;
import dev.burnwatch.host.ConnectOptions;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostConfig;
import dev.burnwatch.host.HostException;
import dev.burnwatch.host.HostStore;
import dev.burnwatch.host.Hosts;
import dev.burnwatch.host.Location;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A daemon script named as a TARGET ({@code /path/agent_daemon.sh},
 * {@code ssh://user@host[:port]/absolute/path}, {@code /~/} for the home folder, or
 * {@code savedhost:/path}): the open host and the absolute path on it. Close it when done.
 *
 * @param host the open host
 * @param path the absolute path on that host
 */
public record DaemonTarget(Host host, String path) implements AutoCloseable {

    /** Opens the host a TARGET names and works out the script's absolute path on it. */
    public static DaemonTarget open(String target, ConnectOptions options) throws HostException {
        // A file here wins over a saved host of the same name: daemon scripts often have no extension.
        Location location = Location.parseSource(target);
        if (location.kind() == Location.Kind.SAVED && (location.path() == null || location.path().isBlank())) {
            // A saved host stands for its saved script, as for its saved unit in restart.
            Optional<HostConfig> saved = HostStore.fromEnvironment().find(location.address());
            if (saved.isPresent() && saved.get().daemonScript() != null && !saved.get().daemonScript().isBlank()) {
                location = location.withPath(saved.get().daemonScript());
            }
        }
        if (location.path() == null || location.path().isBlank()) {
            throw new BadInputException("'" + target + "' is no file here, and as a host it names no script."
                    + " Give the script's path: ./" + target + " for a file in this folder, ssh://user@host"
                    + "/home/ubuntu/agent_daemon.sh, or myhost:/home/ubuntu/agent_daemon.sh for a saved host");
        }
        if (location.kind() == Location.Kind.LOCAL) {
            return new DaemonTarget(Hosts.open(location, options),
                    Path.of(location.path()).toAbsolutePath().normalize().toString());
        }
        Host host = Hosts.open(location.withoutPath(), options);
        try {
            return new DaemonTarget(host, remotePath(host, location.path(), target));
        } catch (HostException | RuntimeException e) {
            host.close();
            throw e;
        }
    }

    private static String remotePath(Host host, String path, String target) throws HostException {
        if (path.startsWith("/~/")) {
            return host.homeDir() + path.substring(2);
        }
        if (path.startsWith("~/")) {
            return host.homeDir() + path.substring(1);
        }
        if (!path.startsWith("/")) {
            throw new BadInputException("The path in '" + target + "' is not absolute. Write it from the root"
                    + " (/home/ubuntu/agent_daemon.sh) or under the home folder (/~/agent_daemon.sh).");
        }
        return path;
    }

    @Override
    public void close() {
        host.close();
    }
}
