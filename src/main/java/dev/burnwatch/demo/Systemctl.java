package dev.burnwatch.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code systemctl} for the demo host's one unit, with the output and exit statuses of
 * systemd's: {@code start|stop|restart} (root only, which {@code sudo} grants),
 * {@code is-active}, {@code is-enabled}, {@code status}, {@code show [-p P]... [--value]},
 * {@code cat} and {@code daemon-reload}.
 */
final class Systemctl {

    private static final String SERVICE = Sandbox.UNIT + ".service";
    private static final List<String> MUTATING = List.of("start", "stop", "restart", "try-restart",
            "reload-or-restart", "daemon-reload");

    private final ServiceManager manager;
    private final Sandbox sandbox;
    private final Journal journal;
    private final DemoClock clock;
    private final DateTimeFormatter timestamp;

    Systemctl(ServiceManager manager, Sandbox sandbox, Journal journal, DemoClock clock, ZoneId zone) {
        this.manager = manager;
        this.sandbox = sandbox;
        this.journal = journal;
        this.clock = clock;
        this.timestamp = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm:ss zzz", Locale.US).withZone(zone);
    }

    /** Runs one command line ({@code args} after the word systemctl) for a user or for root. */
    Reply run(List<String> args, boolean root) throws IOException {
        List<String> words = new ArrayList<>();
        List<String> properties = new ArrayList<>();
        boolean quiet = false;
        boolean valueOnly = false;
        int lines = 10;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-p") || arg.equals("--property")) {
                if (i + 1 == args.size()) {
                    return new Reply().err("systemctl: option '" + arg + "' requires an argument").status(1);
                }
                properties.addAll(List.of(args.get(++i).split(",")));
            } else if (arg.startsWith("--property=")) {
                properties.addAll(List.of(arg.substring("--property=".length()).split(",")));
            } else if (arg.startsWith("-p") && !arg.startsWith("--")) {
                properties.addAll(List.of(arg.substring(2).split(",")));
            } else if (arg.equals("-n") || arg.equals("--lines")) {
                lines = i + 1 < args.size() ? parseCount(args.get(++i)) : -1;
            } else if (arg.startsWith("--lines=")) {
                lines = parseCount(arg.substring("--lines=".length()));
            } else if (arg.equals("-q") || arg.equals("--quiet")) {
                quiet = true;
            } else if (arg.equals("--value")) {
                valueOnly = true;
            } else if (List.of("--no-pager", "--no-legend", "--no-block", "--system", "-l", "--full", "-a", "--all",
                    "--no-ask-password").contains(arg)) {
                continue;
            } else if (arg.equals("--version")) {
                return new Reply().out("systemd 252 (252.39-1~deb12u1)");
            } else if (arg.startsWith("-")) {
                return new Reply().err("systemctl: unrecognized option '" + arg + "'").status(1);
            } else {
                words.add(arg);
            }
        }
        if (lines < 0) {
            return new Reply().err("Failed to parse lines '" + String.join(" ", args) + "'").status(1);
        }
        if (words.isEmpty()) {
            return new Reply().err("systemctl: a command is needed on the demo host, such as 'status "
                    + Sandbox.UNIT + "'").status(1);
        }
        String verb = words.get(0);
        List<String> units = words.subList(1, words.size()).stream().map(Systemctl::serviceName).toList();
        if (MUTATING.contains(verb) && !root) {
            String what = verb.equals("daemon-reload") ? "reload daemon" : verb + " " + String.join(" ", units);
            return new Reply().err("Failed to " + what + ": Access denied")
                    .err("See system logs and 'systemctl status " + SERVICE + "' for details.").status(1);
        }
        switch (verb) {
            case "start":
            case "stop":
            case "restart":
            case "try-restart":
            case "reload-or-restart":
                return change(verb, units);
            case "daemon-reload":
                return new Reply();
            case "is-active":
                return isActive(units, quiet);
            case "is-enabled":
                return isEnabled(units, quiet);
            case "status":
                return status(units, lines);
            case "show":
                return show(units, properties, valueOnly);
            case "cat":
                return cat(units);
            default:
                return new Reply().err("Unknown command verb '" + verb + "'.").status(1);
        }
    }

    private static int parseCount(String value) {
        try {
            return Math.max(0, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String serviceName(String unit) {
        return unit.contains(".") ? unit : unit + ".service";
    }

    private Reply change(String verb, List<String> units) {
        if (units.isEmpty()) {
            return new Reply().err("Too few arguments.").status(1);
        }
        for (String unit : units) {
            if (!unit.equals(SERVICE)) {
                return new Reply().err("Failed to " + verb + " " + unit + ": Unit " + unit + " not found.").status(5);
            }
        }
        switch (verb) {
            case "start":
                manager.start();
                break;
            case "stop":
                manager.stop();
                break;
            case "try-restart":
                if (manager.status().isActive()) {
                    manager.restart();
                }
                break;
            default:
                manager.restart();
                break;
        }
        return new Reply();
    }

    private Reply isActive(List<String> units, boolean quiet) {
        if (units.isEmpty()) {
            return new Reply().err("Too few arguments.").status(1);
        }
        Reply reply = new Reply();
        boolean allActive = true;
        for (String unit : units) {
            String state = unit.equals(SERVICE) ? manager.status().activeState() : "inactive";
            allActive &= state.equals("active");
            if (!quiet) {
                reply.out(state);
            }
        }
        return reply.status(allActive ? 0 : 3);
    }

    private Reply isEnabled(List<String> units, boolean quiet) {
        if (units.isEmpty()) {
            return new Reply().err("Too few arguments.").status(1);
        }
        for (String unit : units) {
            if (!unit.equals(SERVICE)) {
                return new Reply().err("Failed to get unit file state for " + unit + ": No such file or directory")
                        .status(1);
            }
        }
        return quiet ? new Reply() : new Reply().out("enabled");
    }

    private Reply status(List<String> units, int lines) throws IOException {
        if (units.isEmpty()) {
            units = List.of(SERVICE);
        }
        Reply reply = new Reply();
        for (String unit : units) {
            if (!unit.equals(SERVICE)) {
                return reply.err("Unit " + unit + " could not be found.").status(4);
            }
        }
        ServiceManager.Status status = manager.status();
        Instant now = clock.now();
        reply.out((status.isActive() ? "● " : "○ ") + SERVICE + " - " + Sandbox.UNIT_DESCRIPTION);
        reply.out("     Loaded: loaded (" + sandbox.unitFile() + "; enabled; preset: enabled)");
        if (status.isActive()) {
            reply.out("     Active: active (running) since " + since(status.activeEnter(), now));
            reply.out("   Main PID: " + status.mainPid() + " (" + Sandbox.SCRIPT_NAME + ")");
        } else if (status.activeState().equals("activating")) {
            reply.out("     Active: activating (auto-restart) (Result: exit-code) since "
                    + since(status.inactiveEnter(), now));
        } else {
            reply.out("     Active: inactive (dead)" + (status.inactiveEnter() == null ? ""
                    : " since " + since(status.inactiveEnter(), now)));
        }
        List<Journal.Entry> entries = journal.entries(Sandbox.UNIT);
        if (lines > 0 && !entries.isEmpty()) {
            reply.out("");
            for (Journal.Entry entry : entries.subList(Math.max(0, entries.size() - lines), entries.size())) {
                reply.out(journal.shortLine(entry));
            }
        }
        return reply.status(status.isActive() ? 0 : 3);
    }

    private String since(Instant at, Instant now) {
        if (at == null) {
            return "n/a";
        }
        return timestamp.format(at) + "; " + ago(Duration.between(at, now)) + " ago";
    }

    /** systemd's way of saying how long ago: "3min 5s", "2h 10min", "3 days 4h". */
    static String ago(Duration elapsed) {
        long seconds = Math.max(0, elapsed.toSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        if (days > 0) {
            return days + (days == 1 ? " day " : " days ") + hours + "h";
        }
        if (hours > 0) {
            return hours + "h " + minutes + "min";
        }
        if (minutes > 0) {
            return minutes + "min " + rest + "s";
        }
        return rest + "s";
    }

    private Reply show(List<String> units, List<String> wanted, boolean valueOnly) {
        if (units.isEmpty()) {
            return new Reply().err("systemctl: 'show' needs a unit on the demo host, such as " + SERVICE).status(1);
        }
        Reply reply = new Reply();
        for (int i = 0; i < units.size(); i++) {
            if (i > 0) {
                reply.out("");
            }
            Map<String, String> properties = properties(units.get(i));
            List<String> names = wanted.isEmpty() ? List.copyOf(properties.keySet()) : wanted;
            for (String name : names) {
                if (properties.containsKey(name)) {
                    reply.out(valueOnly ? properties.get(name) : name + "=" + properties.get(name));
                }
            }
        }
        return reply;
    }

    private Map<String, String> properties(String unit) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (!unit.equals(SERVICE)) {
            properties.put("Id", unit);
            properties.put("Names", unit);
            properties.put("LoadState", "not-found");
            properties.put("ActiveState", "inactive");
            properties.put("SubState", "dead");
            properties.put("MainPID", "0");
            return properties;
        }
        ServiceManager.Status status = manager.status();
        String script = sandbox.script().toString();
        properties.put("Id", SERVICE);
        properties.put("Names", SERVICE);
        properties.put("Description", Sandbox.UNIT_DESCRIPTION);
        properties.put("LoadState", "loaded");
        properties.put("ActiveState", status.activeState());
        properties.put("SubState", status.subState());
        properties.put("UnitFileState", "enabled");
        properties.put("FragmentPath", sandbox.unitFile().toString());
        properties.put("MainPID", Long.toString(status.mainPid()));
        properties.put("ExecMainPID", Long.toString(status.mainPid()));
        properties.put("ExecMainStartTimestamp", format(status.activeEnter()));
        properties.put("ExecMainStatus", Integer.toString(status.lastExitStatus()));
        properties.put("ActiveEnterTimestamp", format(status.activeEnter()));
        properties.put("ActiveEnterTimestampMonotonic", Long.toString(status.activeEnterMonotonic()));
        properties.put("InactiveEnterTimestamp", format(status.inactiveEnter()));
        properties.put("InactiveEnterTimestampMonotonic", Long.toString(status.inactiveEnterMonotonic()));
        properties.put("NRestarts", Integer.toString(status.restarts()));
        properties.put("Restart", "always");
        properties.put("RestartUSec", manager.restartDelay().toSeconds() + "s");
        properties.put("User", manager.environment().getOrDefault("USER", ""));
        properties.put("WorkingDirectory", sandbox.home().toString());
        properties.put("ExecStart", "{ path=" + script + " ; argv[]=" + script + " ; ignore_errors=no ; "
                + "start_time=[" + format(status.activeEnter()) + "] ; stop_time=[n/a] ; pid=" + status.mainPid()
                + " ; code=(null) ; status=0/0 }");
        properties.put("Result", "success");
        return properties;
    }

    private String format(Instant at) {
        return at == null ? "" : timestamp.format(at);
    }

    private Reply cat(List<String> units) throws IOException {
        if (units.isEmpty()) {
            return new Reply().err("Too few arguments.").status(1);
        }
        Reply reply = new Reply();
        for (String unit : units) {
            if (!unit.equals(SERVICE)) {
                return reply.err("No files found for " + unit + ".").status(1);
            }
            reply.out("# " + sandbox.unitFile());
            String text = Files.readString(sandbox.unitFile(), StandardCharsets.UTF_8);
            reply.out(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
        }
        return reply;
    }
}
