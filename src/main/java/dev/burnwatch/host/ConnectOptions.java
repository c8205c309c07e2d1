package dev.burnwatch.host;

import dev.burnwatch.BadInputException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * How to log in to an SSH host and which host keys to trust, as given on a command line or
 * in a saved host. Every field may be null: then the defaults apply (the agent and the
 * usual key files; {@code ~/.ssh/known_hosts} and Burnwatch's own known_hosts).
 *
 * @param identity private key file
 * @param knownHosts a known_hosts file to check host keys against
 * @param trustHostKey an unknown host key is trusted when its SHA256 fingerprint is exactly this;
 *     anything but {@code SHA256:} and 43 base64 characters is refused as bad input
 */
public record ConnectOptions(Path identity, Path knownHosts, String trustHostKey) {

    public static final ConnectOptions DEFAULTS = new ConnectOptions(null, null, null);

    private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");

    public ConnectOptions {
        if (trustHostKey != null && !FINGERPRINT.matcher(trustHostKey).matches()) {
            throw new BadInputException("--trust-host-key '" + trustHostKey + "' is not a SHA256 fingerprint;"
                    + " it looks like SHA256:<43 base64 chars>, as 'ssh-keygen -lf' prints it on the host"
                    + " (the refusal of an unknown key shows the one to compare)");
        }
    }
}
