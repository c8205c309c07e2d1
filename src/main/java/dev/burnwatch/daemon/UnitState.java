package dev.burnwatch.daemon;

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
 */
public record UnitState(String activeState, String subState, long mainPid, String startedAt,
        long startedAtMonotonic) {

    /** True when the unit runs now. */
    public boolean isRunning() {
        return "active".equals(activeState) && mainPid > 0;
    }
}
