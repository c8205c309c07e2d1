package dev.burnwatch.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The demo host's clock: it runs {@code speed} times faster than real time. It lives in one
 * file of the sandbox ({@code run/clock}) so that every command of the demo host (its
 * {@code date}, the stand-in CLI, the journal) tells the same time. The file holds one
 * line: the real time and the demo time of one moment in milliseconds, the speed in
 * thousandths, and a checkpoint (the demo time last seen while running).
 *
 * <p>While the demo host is stopped its clock stands still (speed 0), so a demo day is not
 * skipped over a night; a host that died without stopping resumes from its checkpoint.
 */
public final class DemoClock {

    private final Path file;
    private final LongSupplier realMillis;
    private final long realAnchor;
    private final long demoAnchor;
    private final long permille;

    private DemoClock(Path file, LongSupplier realMillis, long realAnchor, long demoAnchor, long permille) {
        this.file = file;
        this.realMillis = realMillis;
        this.realAnchor = realAnchor;
        this.demoAnchor = demoAnchor;
        this.permille = permille;
    }

    /**
     * Starts the clock kept in {@code file}: from where it stood when it was stopped (or its
     * checkpoint), or from {@code firstStart} if there is no such file yet.
     */
    static DemoClock start(Path file, Instant firstStart, double speed) throws IOException {
        return start(file, firstStart, speed, System::currentTimeMillis);
    }

    static DemoClock start(Path file, Instant firstStart, double speed, LongSupplier realMillis)
            throws IOException {
        long demoStart = Files.exists(file) ? resumePoint(file) : firstStart.toEpochMilli();
        DemoClock clock = new DemoClock(file, realMillis, realMillis.getAsLong(), demoStart,
                Math.round(speed * 1000));
        clock.save(clock.permille);
        return clock;
    }

    private static long resumePoint(Path file) throws IOException {
        String[] fields = Files.readString(file, StandardCharsets.US_ASCII).trim().split("\\s+");
        try {
            long demoAnchor = Long.parseLong(fields[1]);
            long permille = Long.parseLong(fields[2]);
            long checkpoint = fields.length > 3 ? Long.parseLong(fields[3]) : demoAnchor;
            return permille == 0 ? demoAnchor : Math.max(demoAnchor, checkpoint);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IOException("The demo clock file " + file + " is damaged (" + String.join(" ", fields)
                    + "); reset the demo host to start over", e);
        }
    }

    /** The demo time now. */
    public Instant now() {
        return Instant.ofEpochMilli(nowMillis());
    }

    /** The demo time now, in milliseconds since the epoch. */
    public long nowMillis() {
        return demoAnchor + (realMillis.getAsLong() - realAnchor) * permille / 1000;
    }

    /** Demo seconds per real second. */
    public double speed() {
        return permille / 1000.0;
    }

    /** How long a stretch of demo time takes in real time (at least a millisecond). */
    public Duration toReal(Duration demoTime) {
        return Duration.ofMillis(Math.max(1, demoTime.toMillis() * 1000 / permille));
    }

    /** Writes the demo time reached, so that a host that dies without stopping resumes near it. */
    void checkpoint() throws IOException {
        save(permille);
    }

    /** Stops the clock where it stands; the next start continues from there. */
    void pause() throws IOException {
        save(0);
    }

    private void save(long speedPermille) throws IOException {
        long now = nowMillis();
        String line = speedPermille == 0
                ? realMillis.getAsLong() + " " + now + " 0 " + now + "\n"
                : realAnchor + " " + demoAnchor + " " + speedPermille + " " + now + "\n";
        SandboxFiles.writeAtomically(file, line.getBytes(StandardCharsets.US_ASCII));
    }
}
