package dev.burnwatch.demo;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code journalctl} over the demo host's journal: {@code -u UNIT}, {@code -n N},
 * {@code --since} / {@code --until}, {@code -o short|short-iso|cat}, {@code -r}; pager
 * options are accepted and mean nothing here. Following ({@code -f}) is not offered.
 */
final class Journalctl {

    private final Journal journal;
    private final DemoClock clock;
    private final ZoneId zone;
    private final DateTimeFormatter iso;

    Journalctl(Journal journal, DemoClock clock, ZoneId zone) {
        this.journal = journal;
        this.clock = clock;
        this.zone = zone;
        this.iso = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ", Locale.US).withZone(zone);
    }

    Reply run(List<String> args) throws IOException {
        String unit = null;
        int lines = -1;
        String output = "short";
        boolean reverse = false;
        Instant since = null;
        Instant until = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String next = i + 1 < args.size() ? args.get(i + 1) : null;
            try {
                if (arg.equals("-u") || arg.equals("--unit")) {
                    unit = required(arg, next);
                    i++;
                } else if (arg.startsWith("--unit=")) {
                    unit = arg.substring("--unit=".length());
                } else if (arg.startsWith("-u") && !arg.startsWith("--")) {
                    unit = arg.substring(2);
                } else if (arg.equals("-n") || arg.equals("--lines")) {
                    if (next != null && next.matches("\\d+|all")) {
                        lines = count(next);
                        i++;
                    } else {
                        lines = 10;
                    }
                } else if (arg.startsWith("--lines=")) {
                    lines = count(arg.substring("--lines=".length()));
                } else if (arg.startsWith("-n") && !arg.startsWith("--")) {
                    lines = count(arg.substring(2));
                } else if (arg.equals("-o") || arg.equals("--output")) {
                    output = required(arg, next);
                    i++;
                } else if (arg.startsWith("--output=")) {
                    output = arg.substring("--output=".length());
                } else if (arg.equals("-S") || arg.equals("--since")) {
                    since = time(required(arg, next));
                    i++;
                } else if (arg.startsWith("--since=")) {
                    since = time(arg.substring("--since=".length()));
                } else if (arg.equals("-U") || arg.equals("--until")) {
                    until = time(required(arg, next));
                    i++;
                } else if (arg.startsWith("--until=")) {
                    until = time(arg.substring("--until=".length()));
                } else if (arg.equals("-r") || arg.equals("--reverse")) {
                    reverse = true;
                } else if (arg.equals("-f") || arg.equals("--follow")) {
                    return new Reply().err("journalctl: following (-f) is not offered on the demo host; "
                            + "run journalctl again to see new lines").status(1);
                } else if (!List.of("--no-pager", "-q", "--quiet", "-e", "--pager-end", "-b", "--boot", "-a", "--all",
                        "-x", "--catalog", "--no-hostname", "--utc").contains(arg)) {
                    return new Reply().err("journalctl: unrecognized option '" + arg + "'").status(1);
                }
            } catch (IllegalArgumentException e) {
                return new Reply().err(e.getMessage()).status(1);
            }
        }
        if (!List.of("short", "short-iso", "cat").contains(output)) {
            return new Reply().err("Output mode '" + output + "' is not offered on the demo host "
                    + "(short, short-iso, cat)").status(1);
        }
        List<Journal.Entry> entries = select(unit, since, until);
        if (lines >= 0 && entries.size() > lines) {
            entries = entries.subList(entries.size() - lines, entries.size());
        }
        if (reverse) {
            entries = new ArrayList<>(entries);
            java.util.Collections.reverse(entries);
        }
        Reply reply = new Reply();
        if (entries.isEmpty()) {
            return reply.out("-- No entries --");
        }
        for (Journal.Entry entry : entries) {
            reply.out(format(entry, output));
        }
        return reply;
    }

    private List<Journal.Entry> select(String unit, Instant since, Instant until) throws IOException {
        String wanted = unit == null ? Sandbox.UNIT : Systemctl.serviceName(unit);
        List<Journal.Entry> entries = new ArrayList<>();
        if (unit != null && !wanted.equals(Sandbox.UNIT + ".service")) {
            return entries;
        }
        for (Journal.Entry entry : journal.entries(Sandbox.UNIT)) {
            Instant at = Instant.ofEpochMilli(entry.demoMillis());
            if ((since == null || !at.isBefore(since)) && (until == null || !at.isAfter(until))) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private String format(Journal.Entry entry, String output) {
        switch (output) {
            case "cat":
                return entry.message();
            case "short-iso":
                String line = journal.shortLine(entry);
                return iso.format(Instant.ofEpochMilli(entry.demoMillis())) + line.substring(15);
            default:
                return journal.shortLine(entry);
        }
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException("journalctl: option '" + option + "' requires an argument");
        }
        return value;
    }

    private static int count(String value) {
        if (value.equals("all")) {
            return -1;
        }
        try {
            return Math.max(0, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Failed to parse lines '" + value + "'", e);
        }
    }

    /** The time forms an operator types: now, today, yesterday, @EPOCH, YYYY-MM-DD[ HH:MM[:SS]]. */
    private Instant time(String value) {
        LocalDate today = LocalDate.ofInstant(clock.now(), zone);
        try {
            switch (value) {
                case "now":
                    return clock.now();
                case "today":
                    return today.atStartOfDay(zone).toInstant();
                case "yesterday":
                    return today.minusDays(1).atStartOfDay(zone).toInstant();
                default:
                    break;
            }
            if (value.startsWith("@")) {
                return Instant.ofEpochSecond(Long.parseLong(value.substring(1)));
            }
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(zone).toInstant();
            }
            String normalised = value.replace(' ', 'T');
            return LocalDateTime.parse(normalised.length() == 16 ? normalised + ":00" : normalised)
                    .atZone(zone).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("Failed to parse timestamp: " + value, e);
        }
    }
}
