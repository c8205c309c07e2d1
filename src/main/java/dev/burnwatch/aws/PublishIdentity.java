package dev.burnwatch.aws;

import dev.burnwatch.BadInputException;
import dev.burnwatch.host.CommandResult;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostException;
import dev.burnwatch.host.ShellQuote;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which value of the Host dimension a host's sessions are published under, and what speaks
 * against publishing them from the console. Both publishers name a host alike: by its own
 * host name as {@code hostname} prints it on the host (the systemd timer's {@code --host-name
 * %H} is the same name), unless the operator chose another. A session published by the
 * timer on the host and again by the console is counted twice whatever the names (each
 * keeps its own record of what it sent), so the check also looks for the timer, and asks
 * CloudWatch whether the host published under another of its names in the last three hours.
 */
public final class PublishIdentity {

    /** The timer that {@code packaging/systemd} installs on a daemon host. */
    public static final String TIMER = "burnwatch-publish.timer";

    /** Where systemd looks for unit files, the administrator's first. */
    public static final List<String> UNIT_DIRS = List.of("/etc/systemd/system", "/usr/local/lib/systemd/system",
            "/usr/lib/systemd/system", "/lib/systemd/system");

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(15);
    private static final int MAX_NAME = 255;

    private PublishIdentity() {
    }

    /**
     * What a check found.
     *
     * @param hostName the Host dimension value to publish under
     * @param chosen true when the operator chose it; false when it is the host's own name
     * @param timer where the publish timer was found on the host ("enabled", or its unit file), or null
     * @param otherNames other names of this host that CloudWatch shows publishing in the last three hours
     * @param cloudWatchProblem why CloudWatch could not be asked, or null
     */
    public record Check(String hostName, boolean chosen, String timer, Set<String> otherNames,
                        AwsProblem cloudWatchProblem) {

        /** True when the timer on the host publishes its sessions already: the console must not as well. */
        public boolean timerPublishes() {
            return timer != null;
        }

        /** What the operator should hear, empty when nothing speaks against publishing from the console. */
        public List<String> warnings() {
            List<String> warnings = new ArrayList<>();
            if (timer != null) {
                warnings.add(TIMER + " is installed on the host (" + timer + ") and publishes its sessions itself;"
                        + " publishing them from the console too would count every session twice. Turn the"
                        + " console's CloudWatch switch off for this host, or disable the timer on it (sudo"
                        + " systemctl disable --now " + TIMER + ").");
            }
            if (!otherNames.isEmpty()) {
                warnings.add("CloudWatch shows this host publishing as " + otherNames.stream()
                        .map(n -> "'" + n + "'").collect(Collectors.joining(", ")) + " in the last three hours,"
                        + " and the console publishes it as '" + hostName + "': another publisher (a timer or"
                        + " another console) counts the same sessions again under that name. Keep one of them.");
            }
            return warnings;
        }
    }

    /**
     * Checks {@code host}: its name to publish under ({@code chosen} when not null, else its own
     * host name), the publish timer in {@code unitDirs}, and (through {@code cloudWatch})
     * whether any of {@code aliases}, the host's other names, published recently.
     */
    public static Check check(Host host, String chosen, Collection<String> aliases, CloudWatchUsage cloudWatch,
                              List<String> unitDirs) throws HostException {
        String own = hostnameOf(host);
        String name = chosen != null ? chosen : own;
        String timer = timerOn(host, unitDirs);

        Set<String> candidates = new LinkedHashSet<>();
        candidates.add(own);
        candidates.add(shortName(own));
        for (String alias : aliases) {
            if (alias != null && !alias.isBlank()) {
                candidates.add(alias.trim());
            }
        }
        candidates.remove(name);
        Set<String> others = new TreeSet<>();
        AwsProblem problem = null;
        if (!candidates.isEmpty()) {
            AwsResult<Set<String>> active = cloudWatch.publishingHosts(true);
            if (active instanceof AwsResult.Ok<Set<String>> ok) {
                candidates.stream().filter(ok.value()::contains).forEach(others::add);
            } else {
                problem = ((AwsResult.Failed<Set<String>>) active).problem();
            }
        }
        return new Check(name, chosen != null, timer, others, problem);
    }

    /** The host's own name, as {@code hostname} prints it there (the name systemd's %H gives). */
    public static String hostnameOf(Host host) throws HostException {
        CommandResult result = host.exec("hostname 2>/dev/null || uname -n", COMMAND_TIMEOUT);
        String name = result.stdout().trim();
        if (!result.succeeded() || name.isEmpty() || name.contains("\n")) {
            throw new HostException(HostException.Kind.OTHER, "'hostname' on " + host.id()
                    + " printed no name (exit status " + result.exitStatus() + "): choose the host's CloudWatch name"
                    + " on the Costs screen, or pass --host-name");
        }
        return checkedName(name);
    }

    /**
     * Where the publish timer is on the host: "enabled" when systemd says so, else the unit
     * file's path, else null.
     */
    static String timerOn(Host host, List<String> unitDirs) throws HostException {
        StringBuilder command = new StringBuilder("systemctl is-enabled " + TIMER + " 2>/dev/null;");
        for (String dir : unitDirs) {
            String file = ShellQuote.quote(dir + "/" + TIMER);
            command.append(" [ -e ").append(file).append(" ] && echo file ").append(file).append(';');
        }
        command.append(" true");
        CommandResult result = host.exec(command.toString(), COMMAND_TIMEOUT);
        String file = null;
        for (String line : result.stdout().split("\n")) {
            String text = line.trim();
            if (text.equals("enabled") || text.equals("enabled-runtime")) {
                return "enabled";
            }
            if (text.startsWith("file ") && file == null) {
                file = text.substring("file ".length());
            }
        }
        return file;
    }

    /** {@code ip-10-0-0-5} for {@code ip-10-0-0-5.eu-west-1.compute.internal}. */
    private static String shortName(String name) {
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** A usable Host dimension value, or BadInputException saying why not. */
    public static String checkedName(String name) {
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty()) {
            throw new BadInputException("A CloudWatch host name cannot be empty");
        }
        if (trimmed.length() > MAX_NAME || trimmed.startsWith(":")
                || !trimmed.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new BadInputException("'" + trimmed + "' cannot be a CloudWatch host name: use up to " + MAX_NAME
                    + " printable ASCII characters, not starting with ':'");
        }
        return trimmed;
    }
}
