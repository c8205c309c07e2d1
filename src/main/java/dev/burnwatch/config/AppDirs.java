package dev.burnwatch.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where Burnwatch keeps its files. {@code BURNWATCH_HOME} replaces both folders with one
 * (tests always set it); otherwise the XDG folders: configuration (hosts, settings) under
 * {@code $XDG_CONFIG_HOME/burnwatch}, data (index, history, demo host) under
 * {@code $XDG_DATA_HOME/burnwatch}.
 */
public record AppDirs(Path configDir, Path dataDir) {

    /** The folders for this process's environment; the system property {@code burnwatch.home} wins. */
    public static AppDirs fromEnvironment() {
        return from(System.getenv(), userHome(), System.getProperty("burnwatch.home"));
    }

    /**
     * The user's home folder as the shell sees it: {@code $HOME} when it is an absolute path,
     * else Java's {@code user.home} (which comes from the password database and ignores
     * {@code HOME=/tmp/x burnwatch ...}).
     */
    public static String userHome() {
        return userHome(System.getenv("HOME"), System.getProperty("user.home"));
    }

    static String userHome(String homeVariable, String userHomeProperty) {
        return homeVariable != null && Path.of(homeVariable).isAbsolute() ? homeVariable : userHomeProperty;
    }

    static AppDirs from(Map<String, String> env, String userHome, String homeProperty) {
        String home = homeProperty != null && !homeProperty.isBlank() ? homeProperty : env.get("BURNWATCH_HOME");
        if (home != null && !home.isBlank()) {
            Path root = Path.of(home);
            return new AppDirs(root, root);
        }
        Path config = dirOf(env.get("XDG_CONFIG_HOME"), Path.of(userHome, ".config"));
        Path data = dirOf(env.get("XDG_DATA_HOME"), Path.of(userHome, ".local", "share"));
        return new AppDirs(config.resolve("burnwatch"), data.resolve("burnwatch"));
    }

    /**
     * What is wrong with the folder this process was told to use, before anything reads from
     * it: a {@code BURNWATCH_HOME} (or {@code burnwatch.home}) that names an existing file
     * would otherwise read as "nothing saved yet". A folder that does not exist yet is fine:
     * it is made on the first write.
     */
    public static Optional<String> homeProblem() {
        return homeProblem(System.getenv(), System.getProperty("burnwatch.home"));
    }

    static Optional<String> homeProblem(Map<String, String> env, String homeProperty) {
        boolean property = homeProperty != null && !homeProperty.isBlank();
        String home = property ? homeProperty : env.get("BURNWATCH_HOME");
        if (home == null || home.isBlank()) {
            return Optional.empty();
        }
        Path root = Path.of(home);
        if (!Files.exists(root) || Files.isDirectory(root)) {
            return Optional.empty();
        }
        String name = property ? "The system property burnwatch.home" : "BURNWATCH_HOME";
        return Optional.of(name + " (" + home + ") is a file, not a folder: point it at a folder or unset it");
    }

    private static Path dirOf(String value, Path fallback) {
        return value == null || value.isBlank() || !Path.of(value).isAbsolute() ? fallback : Path.of(value);
    }

    /** The SQLite usage index. */
    public Path indexFile() {
        return dataDir.resolve("usage-index.sqlite");
    }

    /** Saved hosts. */
    public Path hostsFile() {
        return configDir.resolve("hosts.json");
    }

    /** Console settings (window, refresh interval, budget, theme). */
    public Path settingsFile() {
        return configDir.resolve("settings.json");
    }

    /** Burnwatch's own trusted host keys (the user's ~/.ssh/known_hosts is only read). */
    public Path knownHostsFile() {
        return configDir.resolve("known_hosts");
    }

    /** The record of daemon-script changes and their backups. */
    public Path historyFile() {
        return dataDir.resolve("history.sqlite");
    }

    /** The embedded demo host's sandbox. */
    public Path demoDir() {
        return dataDir.resolve("demo");
    }
}
