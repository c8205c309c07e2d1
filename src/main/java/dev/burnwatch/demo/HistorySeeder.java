package dev.burnwatch.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Random;

/**
 * Writes the demo days before the clock's first start into a new sandbox, as the unpatched
 * daemon would have left them: a task every few hours, each one an unbounded session on the
 * default model, its transcript, its queue file, and its lines in the log and the journal.
 * The dashboard then has days to show from the first second.
 */
final class HistorySeeder {

    static final String DEFAULT_MODEL = "claude-sonnet-4-20250514";
    private static final DateTimeFormatter LOG_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Sandbox sandbox;
    private final Journal journal;
    private final DemoOptions options;
    private final Random random;

    HistorySeeder(Sandbox sandbox, Journal journal, DemoOptions options, Random random) {
        this.sandbox = sandbox;
        this.journal = journal;
        this.options = options;
        this.random = random;
    }

    /** Writes the history up to {@code start}; returns how many sessions it wrote. */
    int seed(Instant start, ZoneId zone) throws IOException {
        if (options.historyDays() == 0) {
            return 0;
        }
        Instant from = start.atZone(zone).truncatedTo(ChronoUnit.DAYS).minusDays(options.historyDays()).toInstant();
        Duration turnGap = Duration.ofMillis(Math.round(options.turnPause().toMillis() * options.speed()));
        int promptLength = promptLength();
        TranscriptWriter writer = new TranscriptWriter(random);
        Files.createDirectories(sandbox.projectDir());
        StringBuilder log = new StringBuilder();
        long pid = 2000 + random.nextInt(3000);
        journal.appendAt(from.toEpochMilli(), Sandbox.UNIT, "systemd[1]", "Started " + Sandbox.UNIT
                + ".service - " + Sandbox.UNIT_DESCRIPTION + ".");
        log.append(LOG_TIME.format(from)).append(" daemon started, claude sessions will follow\n");

        int sessions = 0;
        Instant free = from;
        for (Instant task = from.plus(jitter()); task.isBefore(start); task = task.plus(options.taskInterval())) {
            Instant begin = later(task, free).plus(options.pollInterval().multipliedBy((long) options.speed()));
            int turns = options.turnsMin() + random.nextInt(options.turnsMax() - options.turnsMin() + 1);
            TranscriptWriter.Session session = writer.session(sandbox.home().toString(), DEFAULT_MODEL, turns,
                    options.contextTokens(), promptLength, begin, turnGap);
            if (!session.end().isBefore(start)) {
                break;
            }
            Files.writeString(sandbox.projectDir().resolve(session.id() + ".jsonl"), session.text(),
                    StandardCharsets.UTF_8);
            String taskName = task.toEpochMilli() + ".task";
            Files.writeString(sandbox.queueDir().resolve(taskName + ".done"), taskText(task), StandardCharsets.UTF_8);
            log.append(LOG_TIME.format(begin)).append(" start ").append(taskName).append('\n');
            journal.appendAt(session.end().toEpochMilli(), Sandbox.UNIT, "agent_daemon.sh[" + pid + "]",
                    "Done after " + turns + " turns.");
            free = session.end();
            sessions++;
        }
        Files.writeString(sandbox.logFile(), log, StandardCharsets.UTF_8);
        return sessions;
    }

    /** The text of a task the feeder drops into the queue at {@code at} (demo time). */
    static String taskText(Instant at) {
        return "dispatch crew for " + LOG_TIME.format(at) + "\n";
    }

    private int promptLength() throws IOException {
        Path context = sandbox.contextDir();
        long length = Files.size(context.resolve("ACTIVE.md")) + Files.size(context.resolve("crew_manifest.md"))
                + taskText(Instant.EPOCH).length();
        return (int) length - 1;
    }

    private Duration jitter() {
        return Duration.ofMinutes(random.nextInt(40));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
