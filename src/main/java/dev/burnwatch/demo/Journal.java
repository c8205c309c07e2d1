package dev.burnwatch.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo host's journal: what the service manager says about the unit and what the
 * daemon prints, stamped by the demo clock. One entry a line in {@code run/journal}:
 * demo time in ms, unit, identifier, message, separated by tabs.
 */
final class Journal {

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final Path file;
    private final DemoClock clock;
    private final String hostname;
    private final DateTimeFormatter shortFormat;

    Journal(Path file, DemoClock clock, String hostname, ZoneId zone) {
        this.file = file;
        this.clock = clock;
        this.hostname = hostname;
        this.shortFormat = DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.US).withZone(zone);
    }

    /** One entry of the journal. */
    record Entry(long demoMillis, String unit, String identifier, String message) {
    }

    /** Adds an entry at the demo time now. */
    void append(String unit, String identifier, String message) {
        appendAt(clock.nowMillis(), unit, identifier, message);
    }

    /** Adds an entry at the given demo time. A journal that cannot be written loses the entry, not the demo. */
    synchronized void appendAt(long demoMillis, String unit, String identifier, String message) {
        String line = demoMillis + "\t" + unit + "\t" + identifier + "\t" + message.replaceAll("[\\t\\r\\n]", " ")
                + "\n";
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("Could not write to the demo journal {}: {}", file, e.toString());
        }
    }

    /** The entries of one unit, oldest first. */
    synchronized List<Entry> entries(String unit) throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            return entries;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] fields = line.split("\t", 4);
            if (fields.length == 4 && fields[1].equals(unit)) {
                try {
                    entries.add(new Entry(Long.parseLong(fields[0]), fields[1], fields[2], fields[3]));
                } catch (NumberFormatException e) {
                    LOG.debug("skipping a damaged journal line: {}", line);
                }
            }
        }
        return entries;
    }

    /** journalctl's short format: {@code Dec 03 18:47:42 host identifier: message}. */
    String shortLine(Entry entry) {
        return shortFormat.format(Instant.ofEpochMilli(entry.demoMillis())) + " " + hostname + " "
                + entry.identifier() + ": " + entry.message();
    }
}
