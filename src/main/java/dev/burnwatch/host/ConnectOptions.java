package dev.burnwatch.host;

import java.nio.file.Path;

/**
 * How to log in to an SSH host and which host keys to trust, as given on a command line or
 * in a saved host. Every field may be null: then the defaults apply (the agent and the
 * usual key files; {@code ~/.ssh/known_hosts} and Burnwatch's own known_hosts).
 *
 * @param identity private key file
 * @param knownHosts a known_hosts file to check host keys against
 * @param trustHostKey an unknown host key is trusted when its SHA256 fingerprint is exactly this
 */
public record ConnectOptions(Path identity, Path knownHosts, String trustHostKey) {

    public static final ConnectOptions DEFAULTS = new ConnectOptions(null, null, null);
}
