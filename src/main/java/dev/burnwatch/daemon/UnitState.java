package dev.burnwatch.daemon;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * A systemd unit's state as {@code systemctl show} reports it.
 *
 * @param activeState {@code active}, {@code inactive}, {@code failed}, {@code activating}, ...
 * @param subState {@code running}, {@code dead}, {@code auto-restart}, ...
 * @param mainPid the main process, or 0 when none runs
 * @param startedAt when the unit last became active, as systemd prints it
 *     ({@code Thu 2026-12-03 18:45:01 UTC}); empty if never
 * @param startedAtMonotonic the same instant in microseconds of the host's monotonic clock,
 *     which tells two starts within one second apart
 * @param result how the unit last ended: {@code success}, {@code exit-code}, {@code signal},
 *     {@code start-limit-hit}, ...; empty when systemd did not say
 * @param execMainStatus the exit status (or signal number) of the main process's last run
 */
public record UnitState(String activeState, String subState, long mainPid, String startedAt,
        long startedAtMonotonic, String result, int execMainStatus) {

    private static final DateTimeFormatter SYSTEMD_TIME =
            DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm:ss zzz", Locale.US);

    /** True when the unit runs now. */
    public boolean isRunning() {
        return "active".equals(activeState) && mainPid > 0;
    }

    /**
     * True when the unit's main process ended and systemd restarts it or gave up: the state a unit
     * that exits straight after it starts is seen in.
     */
    public boolean isExitingAfterStart() {
        return "auto-restart".equals(subState) || "failed".equals(activeState)
                || "activating".equals(activeState) && mainPid == 0 && !result.isEmpty() && !"success".equals(result);
    }

    /** {@link #startedAt} as an instant, when systemd printed one this can read. */
    public Optional<Instant> startedAtInstant() {
        if (startedAt == null || startedAt.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZonedDateTime.parse(startedAt.strip(), SYSTEMD_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
