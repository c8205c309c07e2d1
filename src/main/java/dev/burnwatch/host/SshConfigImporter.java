package dev.burnwatch.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the hosts of an OpenSSH client configuration ({@code ~/.ssh/config}) so they can be
 * saved as they are: each alias of a {@code Host} line with its {@code HostName},
 * {@code Port}, {@code User}, {@code IdentityFile} and {@code ProxyJump}. Patterns with
 * wildcards or negation name no single host and are skipped; so is {@code Match}.
 * Settings from a {@code Host *} block fill in what an alias leaves open, as ssh does
 * (the first value wins).
 *
 * <p>A {@code ProxyJump} that names another alias is kept as that name: a jump host's text
 * ({@code [user@]host[:port]}) has no room for the alias's {@code IdentityFile} or its own
 * {@code ProxyJump}. Where no saved host has that name, the connection resolves it here
 * ({@link #resolveDefault}), as ssh does at connect time.
 */
public final class SshConfigImporter {

    private SshConfigImporter() {
    }

    /** The hosts in the user's {@code ~/.ssh/config}; none when there is no such file. */
    public static List<HostConfig> importDefault() throws HostException {
        return importFile(defaultFile());
    }

    /** The user's own {@code ~/.ssh/config}. */
    public static Path defaultFile() {
        return Path.of(System.getProperty("user.home"), ".ssh", "config");
    }

    /** The hosts in {@code file}; none when it does not exist. */
    public static List<HostConfig> importFile(Path file) throws HostException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new HostException(HostException.Kind.OTHER, "Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The host that {@code alias} names in the user's {@code ~/.ssh/config}, with its
     * {@code HostName}, {@code Port}, {@code User}, {@code IdentityFile} and {@code ProxyJump};
     * empty when no {@code Host} block of the file matches it (then it is a plain address).
     */
    public static Optional<HostConfig> resolveDefault(String alias) throws HostException {
        return resolve(Path.of(System.getProperty("user.home"), ".ssh", "config"), alias);
    }

    /** The host that {@code alias} names in {@code file}, as {@link #resolveDefault} does. */
    public static Optional<HostConfig> resolve(Path file, String alias) throws HostException {
        if (alias == null || alias.isBlank() || alias.contains("@") || alias.contains(":")
                || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<Block> blocks;
        try {
            blocks = blocks(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new HostException(HostException.Kind.OTHER, "Could not read " + file + ": " + e.getMessage(), e);
        }
        boolean named = blocks.stream().anyMatch(block -> block.patterns.contains(alias));
        Map<String, String> settings = settingsFor(alias, blocks);
        if (!named && !settings.containsKey("hostname")) {
            return Optional.empty();
        }
        return Optional.of(toHost(alias, settings));
    }

    static List<HostConfig> parse(List<String> lines) {
        List<Block> blocks = blocks(lines);
        List<HostConfig> hosts = new ArrayList<>();
        for (Block block : blocks) {
            for (String alias : block.patterns) {
                if (alias.isEmpty() || alias.contains("*") || alias.contains("?") || alias.startsWith("!")) {
                    continue;
                }
                hosts.add(toHost(alias, settingsFor(alias, blocks)));
            }
        }
        return hosts;
    }

    private static List<Block> blocks(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        Block current = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] keyValue = line.split("\\s*=\\s*|\\s+", 2);
            String key = keyValue[0].toLowerCase(Locale.ROOT);
            String value = keyValue.length > 1 ? unquote(keyValue[1].strip()) : "";
            if (key.equals("host")) {
                current = new Block(List.of(value.split("\\s+")));
                blocks.add(current);
            } else if (key.equals("match")) {
                current = new Block(List.of());
                blocks.add(current);
            } else if (current != null) {
                current.settings.putIfAbsent(key, value);
            }
        }
        return blocks;
    }

    /** ssh takes each setting from the first block that matches the host and sets it. */
    private static Map<String, String> settingsFor(String alias, List<Block> blocks) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (Block block : blocks) {
            if (block.matches(alias)) {
                block.settings.forEach(merged::putIfAbsent);
            }
        }
        return merged;
    }

    private static HostConfig toHost(String alias, Map<String, String> settings) {
        String address = settings.getOrDefault("hostname", alias).replace("%h", alias);
        int port = 22;
        try {
            port = Integer.parseInt(settings.getOrDefault("port", "22"));
        } catch (NumberFormatException e) {
            port = 22;
        }
        return new HostConfig(alias, address, port, settings.get("user"), settings.get("identityfile"), true,
                settings.get("proxyjump"), null, null, List.of(), false);
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    /** One {@code Host} block: its patterns and its settings (keys in lower case). */
    private static final class Block {

        final List<String> patterns;
        final Map<String, String> settings = new LinkedHashMap<>();

        Block(List<String> patterns) {
            this.patterns = patterns;
        }

        boolean matches(String alias) {
            boolean matched = false;
            for (String pattern : patterns) {
                boolean negated = pattern.startsWith("!");
                String glob = negated ? pattern.substring(1) : pattern;
                if (globMatches(glob, alias)) {
                    if (negated) {
                        return false;
                    }
                    matched = true;
                }
            }
            return matched;
        }

        private static boolean globMatches(String glob, String text) {
            StringBuilder regex = new StringBuilder();
            for (char c : glob.toCharArray()) {
                if (c == '*') {
                    regex.append(".*");
                } else if (c == '?') {
                    regex.append('.');
                } else {
                    regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
                }
            }
            return text.matches(regex.toString());
        }
    }
}
