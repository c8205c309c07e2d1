package dev.burnwatch.host;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A saved host: how to reach it over SSH and where its daemon and transcripts are. Kept in
 * {@code hosts.json} by {@link HostStore}; it names key files but never holds a key or a
 * passphrase.
 *
 * @param name the operator's name for the host (unique among saved hosts)
 * @param address host name or IP address
 * @param port SSH port (22 when 0 or less)
 * @param user login name (this machine's user name when null)
 * @param identityFile private key file (OpenSSH, PEM or PuTTY), or null for the agent and the default keys
 * @param useAgent also offer the keys of the ssh-agent at {@code SSH_AUTH_SOCK}
 * @param jumpHost a host to connect through: {@code [user@]host[:port]} or a saved host's name,
 *     several separated by commas as in OpenSSH's {@code ProxyJump}; null for a direct connection
 * @param daemonScript absolute path of the agent daemon's bash script, or null when unknown
 * @param systemdUnit the daemon's systemd unit, or null when unknown
 * @param configDirs the claude config dirs to read transcripts from; empty for the defaults
 *     ({@code ~/.config/claude} and {@code ~/.claude})
 * @param publishToCloudWatch whether this host's usage is published to CloudWatch
 * @param restartCommand how to restart the daemon's unit on this host, {@code {unit}} standing for the
 *     unit; null (absent in {@code hosts.json}) for the default, {@code sudo -n systemctl restart {unit}}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostConfig(String name, String address, int port, String user, String identityFile,
        boolean useAgent, String jumpHost, String daemonScript, String systemdUnit, List<String> configDirs,
        boolean publishToCloudWatch, @JsonInclude(JsonInclude.Include.NON_NULL) String restartCommand) {

    public HostConfig {
        configDirs = configDirs == null ? List.of() : List.copyOf(configDirs);
        restartCommand = restartCommand == null || restartCommand.isBlank() ? null : restartCommand.strip();
    }

    /** A host with the default restart command: the form every caller used before there was a choice. */
    public HostConfig(String name, String address, int port, String user, String identityFile, boolean useAgent,
            String jumpHost, String daemonScript, String systemdUnit, List<String> configDirs,
            boolean publishToCloudWatch) {
        this(name, address, port, user, identityFile, useAgent, jumpHost, daemonScript, systemdUnit, configDirs,
                publishToCloudWatch, null);
    }

    /** A host reached directly with the given login and everything else left to the defaults. */
    public static HostConfig of(String name, String address, int port, String user) {
        return new HostConfig(name, address, port, user, null, true, null, null, null, List.of(), false);
    }

    /** The SSH port in effect. */
    public int effectivePort() {
        return port <= 0 ? 22 : port;
    }

    /** The login name in effect. */
    public String effectiveUser() {
        return user == null || user.isBlank() ? System.getProperty("user.name") : user;
    }

    /** {@code user@address:port}: the host id that usage records and history are keyed by. */
    public String hostId() {
        return effectiveUser() + "@" + address + ":" + effectivePort();
    }

    public HostConfig withName(String newName) {
        return new HostConfig(newName, address, port, user, identityFile, useAgent, jumpHost, daemonScript,
                systemdUnit, configDirs, publishToCloudWatch, restartCommand);
    }

    public HostConfig withIdentityFile(String newIdentityFile) {
        return new HostConfig(name, address, port, user, newIdentityFile, useAgent, jumpHost, daemonScript,
                systemdUnit, configDirs, publishToCloudWatch, restartCommand);
    }

    public HostConfig withJumpHost(String newJumpHost) {
        return new HostConfig(name, address, port, user, identityFile, useAgent, newJumpHost, daemonScript,
                systemdUnit, configDirs, publishToCloudWatch, restartCommand);
    }

    public HostConfig withDaemon(String newDaemonScript, String newSystemdUnit) {
        return new HostConfig(name, address, port, user, identityFile, useAgent, jumpHost, newDaemonScript,
                newSystemdUnit, configDirs, publishToCloudWatch, restartCommand);
    }

    public HostConfig withConfigDirs(List<String> newConfigDirs) {
        return new HostConfig(name, address, port, user, identityFile, useAgent, jumpHost, daemonScript,
                systemdUnit, newConfigDirs, publishToCloudWatch, restartCommand);
    }

    public HostConfig withPublishToCloudWatch(boolean publish) {
        return new HostConfig(name, address, port, user, identityFile, useAgent, jumpHost, daemonScript,
                systemdUnit, configDirs, publish, restartCommand);
    }

    public HostConfig withRestartCommand(String newRestartCommand) {
        return new HostConfig(name, address, port, user, identityFile, useAgent, jumpHost, daemonScript,
                systemdUnit, configDirs, publishToCloudWatch, newRestartCommand);
    }
}
