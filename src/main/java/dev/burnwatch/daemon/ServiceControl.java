package dev.burnwatch.daemon;

import dev.burnwatch.BadInputException;
import dev.burnwatch.host.CommandResult;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostConfig;
import dev.burnwatch.host.HostException;
import dev.burnwatch.host.ShellQuote;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts the daemon's systemd unit on a host and proves that it restarted: the unit's main
 * PID and the time it became active must both differ from before. Everything runs without a
 * terminal and with a deadline: {@code sudo -n} fails instead of asking for a password, and
 * that failure names the sudoers rule that would allow the restart.
 */
public final class ServiceControl {

    /** The restart command; {@code {unit}} stands for the (quoted) unit name. */
    public static final String DEFAULT_RESTART_COMMAND = "sudo -n systemctl restart {unit}";

    private static final Logger LOG = LoggerFactory.getLogger(ServiceControl.class);
    private static final Pattern UNIT_NAME = Pattern.compile("[A-Za-z0-9@_:.\\\\][A-Za-z0-9@_:.\\\\-]*");
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SAME_PID_GRACE = Duration.ofSeconds(3);
    private static final Duration STAY_UP = Duration.ofSeconds(1);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final int JOURNAL_LINES = 20;

    private final Host host;
    private final String restartCommand;

    public ServiceControl(Host host) {
        this(host, DEFAULT_RESTART_COMMAND);
    }

    /**
     * @param restartCommand the command to restart with; {@code {unit}} is replaced by the unit;
     *     null or blank for {@link #DEFAULT_RESTART_COMMAND}
     */
    public ServiceControl(Host host, String restartCommand) {
        this.host = host;
        this.restartCommand = restartCommand == null || restartCommand.isBlank() ? DEFAULT_RESTART_COMMAND
                : restartCommand.strip();
    }

    /** Restarts the way a saved host says ({@link HostConfig#restartCommand()}), or the default way. */
    public ServiceControl(Host host, HostConfig config) {
        this(host, config == null ? null : config.restartCommand());
    }

    /** The restart command in use, {@code {unit}} still in it. */
    public String restartCommand() {
        return restartCommand;
    }

    /** The unit's state now. */
    public UnitState state(String unit) throws HostException {
        String name = checkedUnit(unit);
        CommandResult result = host.exec("systemctl show " + typed(name)
                + " -p LoadState -p ActiveState -p SubState -p MainPID -p ActiveEnterTimestamp"
                + " -p ActiveEnterTimestampMonotonic -p Result -p ExecMainStatus", QUERY_TIMEOUT);
        if (!result.succeeded()) {
            throw new HostException(HostException.Kind.OTHER, "systemctl show " + name + " failed on " + host.id()
                    + ": " + result.stderr().strip() + ". Is this a systemd host?");
        }
        Map<String, String> values = new HashMap<>();
        for (String line : result.stdout().split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1).strip());
            }
        }
        if ("not-found".equals(values.get("LoadState"))) {
            throw new HostException(HostException.Kind.NOT_FOUND, "There is no systemd unit " + name + " on "
                    + host.id() + ". 'systemctl list-units --type=service' on the host lists the units.");
        }
        return new UnitState(values.getOrDefault("ActiveState", ""), values.getOrDefault("SubState", ""),
                number(values.get("MainPID")), values.getOrDefault("ActiveEnterTimestamp", ""),
                number(values.get("ActiveEnterTimestampMonotonic")), values.getOrDefault("Result", ""),
                (int) number(values.get("ExecMainStatus")));
    }

    /**
     * Restarts the unit, waits for it to run again and reads the journal.
     *
     * @throws RestartFailedException when the restart command fails (sudo wanting a password
     *     included) or the unit does not come back with a new main PID and start time
     */
    public RestartReport restart(String unit) throws HostException, RestartFailedException {
        String name = checkedUnit(unit);
        UnitState before = state(name);
        String command = restartCommand.replace("{unit}", typed(name));

        LOG.info("Restarting {} on {}: {}", name, host.id(), command);
        Instant restartedAt = host.now();
        CommandResult result = runRestart(command);
        if (!result.succeeded()) {
            throw new RestartFailedException(whyRestartFailed(name, command, result), null);
        }

        UnitState after = settle(name, before);
        if (after.isRunning() && after.mainPid() != before.mainPid()) {
            after = stayedUp(name, after);
        }
        String isActive = host.exec("systemctl is-active " + typed(name), QUERY_TIMEOUT).stdout().strip();
        String journalCommand = "journalctl -u " + typed(name) + " -n " + JOURNAL_LINES + " --no-pager";
        RestartReport report = new RestartReport(name, restartedAt, command, before, after, isActive, journalCommand,
                journal(journalCommand));
        if (after.isExitingAfterStart()) {
            throw new RestartFailedException(exitsAfterStart(name, after), report);
        }
        if (after.mainPid() == before.mainPid() || after.startedAtMonotonic() == before.startedAtMonotonic()) {
            throw new RestartFailedException("'" + command + "' succeeded on " + host.id() + ", but " + name
                    + " did not restart: its main PID (" + before.mainPid() + " -> " + after.mainPid()
                    + ") and start time (" + before.startedAt() + " -> " + after.startedAt()
                    + ") must both change. Check the restart command and the unit's journal.", report);
        }
        if (!after.isRunning()) {
            throw new RestartFailedException(name + " on " + host.id() + " did not come back after the restart (it is "
                    + after.activeState() + "/" + after.subState() + "). Its journal says why:\n"
                    + String.join("\n", report.journal()), report);
        }
        LOG.info("{} on {} restarted: main PID {} -> {}, started {}", name, host.id(), before.mainPid(),
                after.mainPid(), after.startedAt());
        return report;
    }

    /**
     * Runs the restart command. An SSH host reports sudo's password refusal as a permission
     * failure; it comes back here as the command's result so that the advice names this unit.
     */
    private CommandResult runRestart(String command) throws HostException {
        try {
            return host.exec(command, RESTART_TIMEOUT);
        } catch (HostException e) {
            if (e.kind() == HostException.Kind.PERMISSION && e.getMessage().contains("password")) {
                return new CommandResult(1, "", "sudo: a password is required");
            }
            throw e;
        }
    }

    /**
     * Watches a freshly started unit for a moment: a unit that exits straight after it starts is
     * seen running with a new PID first, then restarting.
     */
    private UnitState stayedUp(String name, UnitState started) throws HostException {
        long start = System.nanoTime();
        UnitState now = started;
        while (System.nanoTime() - start < STAY_UP.toNanos()) {
            pause();
            now = state(name);
            if (!now.isRunning() || now.mainPid() != started.mainPid()) {
                return now.isRunning() ? settle(name, started) : now;
            }
        }
        return now;
    }

    private String exitsAfterStart(String name, UnitState after) {
        String how = after.execMainStatus() != 0 && !"signal".equals(after.result())
                ? "exits with status " + after.execMainStatus() : "stops";
        return name + " on " + host.id() + " did not stay up: the unit " + how
                + " straight after it starts (systemd shows it "
                + after.activeState() + "/" + after.subState() + (after.result().isEmpty() ? ""
                : ", result " + after.result()) + "): see the journal lines below. Fix what they say (often the"
                + " script itself: run bash -n on it, or roll back the last change), then restart again.";
    }

    /**
     * Waits while the unit is still on its way up; {@code systemctl restart} returns once the
     * start job is done, so an unchanged main PID gets only a short grace period.
     */
    private UnitState settle(String name, UnitState before) throws HostException {
        long start = System.nanoTime();
        UnitState now = state(name);
        while (System.nanoTime() - start < SETTLE_TIMEOUT.toNanos() && !now.isExitingAfterStart()) {
            boolean starting = !now.isRunning();
            boolean samePid = now.mainPid() == before.mainPid();
            if (!starting && !(samePid && System.nanoTime() - start < SAME_PID_GRACE.toNanos())) {
                break;
            }
            pause();
            now = state(name);
        }
        return now;
    }

    private void pause() throws HostException {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException(HostException.Kind.CANCELLED, "Waiting for the unit was cancelled", e);
        }
    }

    private List<String> journal(String journalCommand) throws HostException {
        CommandResult result = host.exec(journalCommand, QUERY_TIMEOUT);
        String text = result.succeeded() ? result.stdout() : result.stdout() + result.stderr();
        return text.strip().isEmpty() ? List.of() : List.of(text.strip().split("\n"));
    }

    private String whyRestartFailed(String unit, String command, CommandResult result) throws HostException {
        String said = result.stderr().strip().isEmpty() ? result.stdout().strip() : result.stderr().strip();
        String lower = said.toLowerCase(Locale.ROOT);
        if (lower.contains("password is required") || lower.contains("not allowed to execute")
                || lower.contains("not in the sudoers") || lower.contains("may not run sudo")) {
            return "sudo on " + host.id() + " would not restart " + unit + " without a password (it said: " + said
                    + "). Burnwatch never types passwords. Allow the restart with a sudoers rule on the host, e.g. "
                    + "in /etc/sudoers.d/burnwatch (edit with visudo -f):\n  " + sudoersRule(unit);
        }
        return "'" + command + "' failed on " + host.id() + " with exit status " + result.exitStatus() + ": "
                + said + ". The unit was not restarted.";
    }

    private String sudoersRule(String unit) throws HostException {
        CommandResult facts = host.exec("id -un; command -v systemctl || echo /usr/bin/systemctl", QUERY_TIMEOUT);
        String[] lines = facts.stdout().strip().split("\n");
        String user = lines.length > 0 && !lines[0].isBlank() ? lines[0].strip() : "USER";
        String systemctl = lines.length > 1 ? lines[1].strip() : "/usr/bin/systemctl";
        return user + " ALL=(root) NOPASSWD: " + systemctl + " restart " + unit;
    }

    private static String checkedUnit(String unit) {
        if (unit == null || !UNIT_NAME.matcher(unit).matches()) {
            throw new BadInputException("'" + unit + "' is not a systemd unit name (letters, digits and @ _ : . -"
                    + " only, e.g. agent-daemon or agent-daemon.service)");
        }
        return unit;
    }

    /** A checked unit name as an operator types it: bare, quoted only for a systemd escape ({@code \x2d}). */
    private static String typed(String unit) {
        return unit.indexOf('\\') >= 0 ? ShellQuote.quote(unit) : unit;
    }

    private static long number(String value) {
        try {
            return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
