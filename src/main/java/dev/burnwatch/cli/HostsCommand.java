package dev.burnwatch.cli;

import dev.burnwatch.BadInputException;
import dev.burnwatch.config.AppDirs;
import dev.burnwatch.host.HostConfig;
import dev.burnwatch.host.HostStore;
import dev.burnwatch.host.Hosts;
import dev.burnwatch.host.Location;
import dev.burnwatch.host.SshConfigImporter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code burnwatch hosts}: the saved hosts of {@code hosts.json} without the console, so that
 * a name can stand for a host in every other command ({@code --source prod},
 * {@code patch prod:/home/ubuntu/agent_daemon.sh}, {@code restart prod}). Alone it lists them.
 */
@Command(name = "hosts",
        description = {"List, add, remove or import the saved hosts.",
            "Alone, it lists them. In the other commands a saved host's name stands for",
            "the host: --source NAME (or NAME:), NAME:/path/to/script, restart NAME."},
        subcommands = {
            HostsCommand.ListHosts.class,
            HostsCommand.AddHost.class,
            HostsCommand.RemoveHost.class,
            HostsCommand.ImportHosts.class,
        })
public final class HostsCommand extends BaseCommand {

    @Override
    protected int execute() throws Exception {
        return list(this);
    }

    static int list(BaseCommand command) throws Exception {
        HostStore store = HostStore.fromEnvironment();
        List<HostConfig> hosts = store.list();
        if (command.json()) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("file", store.file().toString());
            root.put("hosts", hosts.stream().map(HostsCommand::json).toList());
            Json.print(command.out(), root);
            return ExitCode.OK;
        }
        PrintWriter out = command.out();
        if (hosts.isEmpty()) {
            out.println("No host is saved yet (" + store.file() + "). Add one with"
                    + " burnwatch hosts add NAME ssh://user@host[:port], or import ~/.ssh/config with"
                    + " burnwatch hosts import.");
            out.flush();
            return ExitCode.OK;
        }
        TextTable table = new TextTable("Name", "Login", "Jump host", "Identity", "Script", "Unit", "Config dirs");
        for (HostConfig host : hosts) {
            table.add(List.of(host.name(), host.hostId(), orDash(host.jumpHost()), orDash(host.identityFile()),
                    orDash(host.daemonScript()), orDash(host.systemdUnit()),
                    host.configDirs().isEmpty() ? "(defaults)" : String.join(", ", host.configDirs())));
        }
        table.print(out);
        out.println();
        out.println("Saved in " + store.file() + ".");
        out.flush();
        return ExitCode.OK;
    }

    /** A saved host as JSON: its fields as hosts.json keeps them, and the id usage and history use. */
    static Map<String, Object> json(HostConfig host) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("name", host.name());
        node.put("hostId", host.hostId());
        node.put("address", host.address());
        node.put("port", host.effectivePort());
        node.put("user", host.user());
        node.put("identityFile", host.identityFile());
        node.put("useAgent", host.useAgent());
        node.put("jumpHost", host.jumpHost());
        node.put("daemonScript", host.daemonScript());
        node.put("systemdUnit", host.systemdUnit());
        node.put("configDirs", host.configDirs());
        node.put("publishToCloudWatch", host.publishToCloudWatch());
        return node;
    }

    /**
     * Why a name cannot be a saved host's: it must stay one word that the other commands read
     * as a host ({@code NAME}, {@code NAME:}, {@code NAME:/path}).
     */
    static Optional<String> badName(String name) {
        if (name.equals("local")) {
            return Optional.of("'local' means this machine");
        }
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            return Optional.of("a name is letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        return Optional.empty();
    }

    private static String orDash(String value) {
        return value == null || value.isBlank() ? "-" : value;
    }

    /** {@code burnwatch hosts list}. */
    @Command(name = "list", description = "List the saved hosts.")
    static final class ListHosts extends BaseCommand {
        @Override
        protected int execute() throws Exception {
            return list(this);
        }
    }

    /** {@code burnwatch hosts add NAME ssh://user@host[:port] ...}. */
    @Command(name = "add", description = {"Save a host under a name.",
        "Nothing connects yet: the first command that uses the host checks its key",
        "(an unknown key needs --trust-host-key SHA256:... once)."})
    static final class AddHost extends BaseCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "The name to save it under, e.g. prod.")
        String name;

        @Parameters(index = "1", paramLabel = "ADDRESS", description = "ssh://user@host[:port].")
        String address;

        @Option(names = "--identity", paramLabel = "FILE",
                description = "Private key to log in with (default: the ssh-agent and ~/.ssh/id_*).")
        Path identity;

        @Option(names = "--jump", paramLabel = "J",
                description = "Connect through this host: [user@]host[:port] or a saved host's name, several"
                        + " separated by commas as in ProxyJump.")
        String jump;

        @Option(names = "--script", paramLabel = "PATH",
                description = "The daemon's bash script on the host (absolute path).")
        String script;

        @Option(names = "--unit", paramLabel = "U", description = "The daemon's systemd unit, e.g. agent-daemon.")
        String unit;

        @Option(names = "--config-dir", paramLabel = "D",
                description = "A claude config dir on the host to read transcripts from: absolute, or '~/...'"
                        + " quoted (else this shell expands it here). Repeatable. Default: ~/.config/claude and"
                        + " ~/.claude.")
        List<String> configDirs = new ArrayList<>();

        @Option(names = "--replace", description = "Replace a saved host of the same name.")
        boolean replace;

        @Override
        protected int execute() throws Exception {
            badName(name).ifPresent(why -> {
                throw new BadInputException("'" + name + "' cannot name a saved host: " + why);
            });
            HostConfig host = parseAddress();
            if (identity != null) {
                Path key = identity.toAbsolutePath().normalize();
                if (!Files.isRegularFile(key)) {
                    throw new BadInputException("--identity " + identity + " is not a file on this machine: give"
                            + " the private key to log in with");
                }
                host = host.withIdentityFile(key.toString());
            }
            if (jump != null) {
                if (jump.chars().anyMatch(Character::isWhitespace)) {
                    throw new BadInputException("--jump " + jump + " has spaces: give [user@]host[:port] or a saved"
                            + " host's name, several separated by commas");
                }
                host = host.withJumpHost(jump);
            }
            if (script != null && !script.startsWith("/")) {
                throw new BadInputException("--script " + script + " is not an absolute path: give the script's"
                        + " path on the host, e.g. /home/ubuntu/agent_daemon.sh");
            }
            host = host.withDaemon(script, unit);
            for (String dir : configDirs) {
                if (!dir.startsWith("/") && !dir.equals("~") && !dir.startsWith("~/")) {
                    throw new BadInputException("--config-dir " + dir + " is neither absolute nor under ~/: give"
                            + " the config dir's path on the host, e.g. ~/.claude or /srv/agent/.claude");
                }
            }
            host = host.withConfigDirs(configDirs);

            HostStore store = HostStore.fromEnvironment();
            Optional<HostConfig> existing = store.find(name);
            if (existing.isPresent() && !replace) {
                throw new CheckFailedException("A host called " + name + " is saved already ("
                        + existing.get().hostId() + "): add --replace to replace it, or choose another name");
            }
            if (existing.isPresent()) {
                host = host.withPublishToCloudWatch(existing.get().publishToCloudWatch());
            }
            store.save(host);
            print(store, host, existing.isPresent());
            return ExitCode.OK;
        }

        private HostConfig parseAddress() {
            Location location = address.startsWith("ssh://") ? Location.parse(address) : null;
            if (location == null || (location.path() != null && !location.path().equals("/"))) {
                throw new BadInputException("'" + address + "' is not an SSH address: write it as"
                        + " ssh://user@host[:port], without a path");
            }
            return new HostConfig(name, location.address(), location.port() < 0 ? 22 : location.port(),
                    location.user(), null, true, null, null, null, List.of(), false);
        }

        private void print(HostStore store, HostConfig host, boolean replaced) throws Exception {
            if (json()) {
                Map<String, Object> root = new LinkedHashMap<>();
                root.put("file", store.file().toString());
                root.put("replaced", replaced);
                root.put("saved", HostsCommand.json(host));
                Json.print(out(), root);
                return;
            }
            out().println((replaced ? "Replaced " : "Saved ") + host.name() + " (" + host.hostId() + ") in "
                    + store.file() + ".");
            out().println("Try: burnwatch report --source " + host.name() + ":");
            out().flush();
        }
    }

    /** {@code burnwatch hosts remove NAME}. */
    @Command(name = "remove", description = "Forget a saved host (its history and trusted key stay).")
    static final class RemoveHost extends BaseCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "The saved host's name.")
        String name;

        @Option(names = "--force",
                description = "Remove it even though other saved hosts use it as their jump host.")
        boolean force;

        @Override
        protected int execute() throws Exception {
            HostConfig host = Hosts.savedHost(name);
            HostStore store = HostStore.fromEnvironment();
            List<HostConfig> dependents = store.jumpingThrough(name);
            if (!dependents.isEmpty() && !force) {
                throw new CheckFailedException(refusal(store, dependents));
            }
            store.remove(name);
            if (json()) {
                Map<String, Object> root = new LinkedHashMap<>();
                root.put("file", store.file().toString());
                root.put("removed", HostsCommand.json(host));
                Json.print(out(), root);
            } else {
                out().println("Removed " + name + " (" + host.hostId() + ") from " + store.file() + ".");
                out().flush();
            }
            return ExitCode.OK;
        }

        /** Why {@code name} stays: which saved hosts would lose their way in, and what to do. */
        private String refusal(HostStore store, List<HostConfig> dependents) {
            String names = dependents.stream().map(HostConfig::name).collect(Collectors.joining(", "));
            boolean one = dependents.size() == 1;
            String them = one ? "it" : "them";
            return "Did not remove " + name + " from " + store.file() + ": " + names
                    + (one ? " connects through it as its" : " connect through it as their") + " jump host, and"
                    + " could no longer be reached. Remove " + them + " first (burnwatch hosts remove "
                    + dependents.get(0).name() + "), or save " + them + " again with another jump host"
                    + " (hosts add NAME ADDRESS --jump J --replace, or in the console), or add --force to remove "
                    + name + " anyway.";
        }
    }

    /** {@code burnwatch hosts import [ALIAS...]}. */
    @Command(name = "import", description = {"Save the hosts of ~/.ssh/config.",
        "Each alias of a Host line, with its HostName, Port, User, IdentityFile and",
        "ProxyJump; patterns with wildcards are skipped."})
    static final class ImportHosts extends BaseCommand {

        @Parameters(paramLabel = "ALIAS", arity = "0..*",
                description = "Only these aliases (default: every alias without a wildcard).")
        List<String> aliases = new ArrayList<>();

        @Option(names = "--ssh-config", paramLabel = "FILE",
                description = "The OpenSSH client configuration to read (default: ~/.ssh/config).")
        Path sshConfig;

        @Option(names = "--replace", description = "Replace saved hosts of the same names (default: keep them).")
        boolean replace;

        @Override
        protected int execute() throws Exception {
            Path file = sshConfig != null ? sshConfig : Path.of(AppDirs.userHome(), ".ssh", "config");
            if (!Files.isRegularFile(file)) {
                throw new BadInputException("There is no " + file + " to import hosts from: give another with"
                        + " --ssh-config FILE, or add hosts with burnwatch hosts add NAME ssh://user@host[:port]");
            }
            List<HostConfig> found = SshConfigImporter.importFile(file);
            List<HostConfig> wanted = chosen(found, file);

            HostStore store = HostStore.fromEnvironment();
            List<HostConfig> imported = new ArrayList<>();
            List<Map<String, String>> skipped = new ArrayList<>();
            for (HostConfig host : wanted) {
                Optional<String> bad = badName(host.name());
                Optional<HostConfig> existing = store.find(host.name());
                if (bad.isPresent()) {
                    skipped.add(Map.of("name", host.name(), "reason", bad.get()));
                } else if (existing.isPresent() && !replace) {
                    skipped.add(Map.of("name", host.name(), "reason", "saved already as " + existing.get().hostId()
                            + " (--replace replaces it)"));
                } else {
                    store.save(existing.map(old -> keepBurnwatchSettings(host, old)).orElse(host));
                    imported.add(host);
                }
            }
            print(store, file, imported, skipped);
            return ExitCode.OK;
        }

        private List<HostConfig> chosen(List<HostConfig> found, Path file) {
            if (aliases.isEmpty()) {
                return found;
            }
            Map<String, HostConfig> byName = new LinkedHashMap<>();
            found.forEach(host -> byName.putIfAbsent(host.name(), host));
            List<HostConfig> chosen = new ArrayList<>();
            for (String alias : aliases) {
                HostConfig host = byName.get(alias);
                if (host == null) {
                    throw new BadInputException(file + " has no Host " + alias + (byName.isEmpty()
                            ? " (it names no single host)" : ": it has " + String.join(", ", byName.keySet())));
                }
                chosen.add(host);
            }
            return chosen;
        }

        /** ~/.ssh/config knows how to log in; the script, unit, config dirs and CloudWatch switch stay. */
        private static HostConfig keepBurnwatchSettings(HostConfig imported, HostConfig old) {
            return imported.withDaemon(old.daemonScript(), old.systemdUnit()).withConfigDirs(old.configDirs())
                    .withPublishToCloudWatch(old.publishToCloudWatch());
        }

        private void print(HostStore store, Path file, List<HostConfig> imported, List<Map<String, String>> skipped)
                throws Exception {
            if (json()) {
                Map<String, Object> root = new LinkedHashMap<>();
                root.put("file", store.file().toString());
                root.put("sshConfig", file.toString());
                root.put("imported", imported.stream().map(HostsCommand::json).toList());
                root.put("skipped", skipped);
                Json.print(out(), root);
                return;
            }
            PrintWriter out = out();
            if (imported.isEmpty()) {
                out.println("Imported no host from " + file + ".");
            } else {
                out.println("Imported " + imported.size() + " host" + (imported.size() == 1 ? "" : "s") + " from "
                        + file + " into " + store.file() + ": " + imported.stream().map(HostConfig::name)
                        .collect(Collectors.joining(", ")) + ".");
            }
            for (Map<String, String> skip : skipped) {
                out.println("  skipped " + skip.get("name") + ": " + skip.get("reason"));
            }
            out.flush();
        }
    }
}
