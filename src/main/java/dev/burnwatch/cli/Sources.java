package dev.burnwatch.cli;

import dev.burnwatch.BadInputException;
import dev.burnwatch.config.AppDirs;
import dev.burnwatch.host.ConnectOptions;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostConfig;
import dev.burnwatch.host.HostException;
import dev.burnwatch.host.HostStore;
import dev.burnwatch.host.Hosts;
import dev.burnwatch.host.LocalHost;
import dev.burnwatch.host.Location;
import dev.burnwatch.host.PassphraseProvider;
import dev.burnwatch.usage.TranscriptSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code --source} arguments of report and publish as transcript sources, each host
 * opened once. A config dir that is named (a {@code --source}, a {@code CLAUDE_CONFIG_DIR}
 * entry, a saved host's config dirs) must exist, on this machine or over SSH alike; of the
 * two default dirs one is enough. What does not exist is bad input, never "no API calls".
 */
final class Sources implements AutoCloseable {

    private static final String CONFIG_DIR_HINT = "give a Claude config dir, the folder that holds projects/"
            + " (e.g. ~/.claude)";

    private final ConnectOptions options;
    private final Map<String, String> env;
    private final Map<String, Host> hosts = new LinkedHashMap<>();

    /**
     * @param options how to connect to SSH hosts
     * @param env this machine's environment ({@code CLAUDE_CONFIG_DIR}, {@code HOME})
     */
    Sources(ConnectOptions options, Map<String, String> env) {
        this.options = options;
        this.env = env;
    }

    /** The sources these arguments name; no argument means this machine's default config dirs. */
    List<TranscriptSource> resolve(List<String> arguments) throws HostException {
        if (arguments.isEmpty()) {
            return localDefaults(local());
        }
        List<TranscriptSource> result = new ArrayList<>();
        for (String text : arguments) {
            result.addAll(resolve(text));
        }
        return result;
    }

    /** Every host opened so far, one entry per host. */
    List<Host> hosts() {
        return List.copyOf(hosts.values());
    }

    @Override
    public void close() {
        hosts.values().forEach(Host::close);
        hosts.clear();
    }

    private List<TranscriptSource> resolve(String text) throws HostException {
        Location location = Location.parseSource(text);
        switch (location.kind()) {
            case LOCAL:
                return location.path() == null ? localDefaults(local())
                        : List.of(new TranscriptSource(local(), localConfigDir(text, location.path())));
            case SAVED:
                HostConfig saved = savedHost(text, location.address());
                Host savedHost = open("saved " + saved.name(), () -> Hosts.open(saved, options,
                        PassphraseProvider.console()));
                return location.path() == null ? savedHostDirs(savedHost, saved)
                        : List.of(remoteConfigDir(savedHost, text, location.path()));
            default:
                Host host = open(location.withoutPath().toString(), () -> Hosts.open(location.withoutPath(),
                        options));
                String path = location.path();
                return path == null || path.equals("/") ? remoteDefaults(host, text)
                        : List.of(remoteConfigDir(host, text, path));
        }
    }

    /** The saved host a source names; a bare word that is no saved host may have been meant as a folder. */
    private static HostConfig savedHost(String text, String name) throws HostException {
        if (text.contains(":")) {
            return Hosts.savedHost(name);
        }
        Optional<HostConfig> found = HostStore.fromEnvironment().find(name);
        if (found.isPresent()) {
            return found.get();
        }
        throw new BadInputException("The source " + text + " is neither a folder here nor a saved host's name: "
                + CONFIG_DIR_HINT + ", ssh://user@host[:port][/config-dir], or a saved host's name (burnwatch"
                + " hosts lists them)");
    }

    private Host local() {
        return hosts.computeIfAbsent("local", key -> new LocalHost());
    }

    private Host open(String key, HostOpener opener) throws HostException {
        Host host = hosts.get(key);
        if (host == null) {
            host = opener.open();
            hosts.put(key, host);
        }
        return host;
    }

    /** {@code CLAUDE_CONFIG_DIR}'s dirs, every one of which must exist; else the two defaults, one of which must. */
    private List<TranscriptSource> localDefaults(Host local) throws HostException {
        List<TranscriptSource> defaults = TranscriptSource.defaults(local, env);
        String configured = env.get("CLAUDE_CONFIG_DIR");
        if (configured != null && !configured.isBlank()) {
            for (TranscriptSource source : defaults) {
                if (!Files.isDirectory(Path.of(source.configDir()))) {
                    throw new BadInputException("CLAUDE_CONFIG_DIR names " + source.configDir() + ", which is not a"
                            + " folder on this machine: fix the variable (comma-separated config dirs) or unset"
                            + " it to read ~/.config/claude and ~/.claude");
                }
            }
            return defaults;
        }
        List<TranscriptSource> present = defaults.stream()
                .filter(source -> Files.isDirectory(Path.of(source.configDir()))).toList();
        if (present.isEmpty()) {
            throw new BadInputException("There is no Claude config dir on this machine: neither "
                    + defaults.get(0).configDir() + " nor " + defaults.get(1).configDir() + " exists. Give one"
                    + " with --source, or set CLAUDE_CONFIG_DIR");
        }
        return present;
    }

    /** A local config dir as given: the folder holding {@code projects/}, or that folder itself. */
    private String localConfigDir(String given, String text) {
        String expanded = text.equals("~") || text.startsWith("~/") ? AppDirs.userHome() + text.substring(1) : text;
        Path dir = Path.of(expanded).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("The source " + given + " is not a folder on this machine: "
                    + CONFIG_DIR_HINT);
        }
        if (Files.isDirectory(dir.resolve("projects"))) {
            return dir.toString();
        }
        if (dir.getFileName() != null && dir.getFileName().toString().equals("projects")) {
            return dir.getParent().toString();
        }
        throw new BadInputException("The source " + given + " holds no projects/ folder, so it is not a Claude"
                + " config dir: " + CONFIG_DIR_HINT);
    }

    /** A config dir on an SSH host, checked as a local one is: it exists and holds projects/ (or is it). */
    private static TranscriptSource remoteConfigDir(Host host, String given, String path) throws HostException {
        String dir = path.equals("/~") || path.startsWith("/~/") ? host.homeDir() + path.substring(2) : path;
        while (dir.length() > 1 && dir.endsWith("/")) {
            dir = dir.substring(0, dir.length() - 1);
        }
        if (host.stat(dir).isEmpty()) {
            throw new BadInputException("The source " + given + " names " + dir + ", which does not exist on "
                    + host.id() + ": " + CONFIG_DIR_HINT + ", as ssh://user@host[:port]/path (/~/ for the home"
                    + " folder)");
        }
        if (host.stat(dir + "/projects").isPresent()) {
            return new TranscriptSource(host, dir);
        }
        if (dir.endsWith("/projects") && dir.length() > "/projects".length()) {
            return new TranscriptSource(host, dir.substring(0, dir.length() - "/projects".length()));
        }
        throw new BadInputException("The source " + given + " names " + dir + " on " + host.id() + ", which holds"
                + " no projects/ folder, so it is not a Claude config dir: " + CONFIG_DIR_HINT);
    }

    /** The two default dirs on an SSH host; one of them must exist. */
    private static List<TranscriptSource> remoteDefaults(Host host, String given) throws HostException {
        List<TranscriptSource> defaults = TranscriptSource.defaults(host, Map.of());
        List<TranscriptSource> present = new ArrayList<>();
        for (TranscriptSource source : defaults) {
            if (host.stat(source.configDir()).isPresent()) {
                present.add(source);
            }
        }
        if (present.isEmpty()) {
            throw new BadInputException("There is no Claude config dir on " + host.id() + ": neither "
                    + defaults.get(0).configDir() + " nor " + defaults.get(1).configDir() + " exists there. Give"
                    + " the config dir in the source (" + given.replaceAll("/+$", "") + "/path/to/config-dir)");
        }
        return present;
    }

    /** A saved host's config dirs (each must exist), or its defaults (one must). */
    private static List<TranscriptSource> savedHostDirs(Host host, HostConfig saved) throws HostException {
        if (saved.configDirs().isEmpty()) {
            return remoteDefaults(host, saved.name() + ":");
        }
        List<TranscriptSource> sources = TranscriptSource.of(host, saved);
        for (TranscriptSource source : sources) {
            if (host.stat(source.configDir()).isEmpty()) {
                throw new BadInputException("The saved host " + saved.name() + " names the config dir "
                        + source.configDir() + ", which does not exist on " + host.id() + ": save the right one"
                        + " with burnwatch hosts add " + saved.name() + " ... --config-dir DIR --replace");
            }
        }
        return sources;
    }

    /** Opens a host (a connection can fail). */
    private interface HostOpener {
        Host open() throws HostException;
    }
}
