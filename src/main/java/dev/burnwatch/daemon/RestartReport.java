package dev.burnwatch.daemon;

import java.time.Instant;
import java.util.List;

/**
 * What a restart did: the unit before and after, {@code systemctl is-active}, and the
 * journal's last lines.
 *
 * @param unit the unit's name
 * @param restartedAt the host's clock just before the restart: sessions that begin later ran on
 *     the restarted daemon ({@link SessionWatch#watch} takes it as its start)
 * @param command the restart command as it ran on the host
 * @param before the unit just before the restart
 * @param after the unit once it settled
 * @param isActive what {@code systemctl is-active} printed
 * @param journalCommand the journal command as an operator would type it
 * @param journal its last lines (or why they could not be read)
 */
public record RestartReport(String unit, Instant restartedAt, String command, UnitState before, UnitState after, String isActive,
        String journalCommand, List<String> journal) {
}
