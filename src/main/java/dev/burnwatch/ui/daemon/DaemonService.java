package dev.burnwatch.ui.daemon;

import dev.burnwatch.daemon.ChangeHistory;
import dev.burnwatch.daemon.ChangeRecord;
import dev.burnwatch.daemon.ChangeRefusedException;
import dev.burnwatch.daemon.ChangeResult;
import dev.burnwatch.daemon.ChangeWriter;
import dev.burnwatch.daemon.CallCheck;
import dev.burnwatch.daemon.RestartFailedException;
import dev.burnwatch.daemon.RestartReport;
import dev.burnwatch.daemon.Rollback;
import dev.burnwatch.daemon.RollbackPlan;
import dev.burnwatch.daemon.SafeApply;
import dev.burnwatch.daemon.ScriptFile;
import dev.burnwatch.daemon.ServiceControl;
import dev.burnwatch.daemon.Verifier;
import dev.burnwatch.daemon.VerifyReport;
import dev.burnwatch.daemon.script.ScriptAnalysis;
import dev.burnwatch.daemon.script.ScriptAnalyzer;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostException;
import dev.burnwatch.ui.common.HostLink;
import dev.burnwatch.daemon.SessionWatch;
import dev.burnwatch.daemon.UsageSessionSource;
import dev.burnwatch.daemon.WatchResult;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.ArrayList;
import java.util.List;

/**
 * The daemon screen's operations on one host, each blocking (run them in background tasks):
 * read and analyse the script, write a new version, restart the unit, verify the result,
 * list the history and roll back.
 */
final class DaemonService {

    /** The script as read, and what the analyser makes of it. */
    record Loaded(ScriptFile file, ScriptAnalysis analysis) {
    }

    private final HostLink link;
    private final ChangeHistory history;

    DaemonService(HostLink link, ChangeHistory history) {
        this.link = link;
        this.history = history;
    }

    String hostId() {
        return link.hostId();
    }

    Loaded load(String path) throws HostException {
        ScriptFile file = new SafeApply(host()).read(path);
        return new Loaded(file, ScriptAnalyzer.analyze(file.text()));
    }

    ChangeResult write(ScriptFile original, String newText, String settingsJson)
            throws HostException, IOException, ChangeRefusedException {
        return new ChangeWriter(host(), history).write(original, newText, ChangeRecord.Kind.PATCH, settingsJson);
    }

    RestartReport restart(String unit) throws HostException, RestartFailedException {
        return new ServiceControl(host()).restart(unit);
    }

    /** The one verification of the daemon layer ({@link Verifier}), in the lines this screen shows. */
    Verification verify(String path, int maxTurns, String model) throws HostException {
        VerifyReport report = new Verifier(host()).verify(path, maxTurns, model);
        List<String> calls = new ArrayList<>();
        for (CallCheck call : report.calls()) {
            calls.add(String.format("line %d: %s  cap %s  model %s", call.line(), call.passed() ? "PASS" : "FAIL",
                    call.cap() + (call.capPassed() ? " ✓" : " ✗"),
                    call.model() + (call.modelPassed() ? " ✓" : " ✗")));
        }
        report.problems().forEach(problem -> calls.add("FAIL: " + problem));
        return new Verification(report.capGrep().command(), report.capGrep().lines(), report.modelGrep().command(),
                report.modelGrep().lines(), calls, report.passed());
    }

    /**
     * Watches the sessions that start after {@code since} until {@code sessions} of them
     * ended (or one failed, or {@code timeout} passed), judging each against the cap and the
     * pin; {@code watchHolder} receives the watch so that it can be cancelled.
     */
    WatchResult watch(int maxTurns, String model, int sessions, Duration timeout, Instant since,
                      Consumer<WatchResult> progress, Consumer<SessionWatch> watchHolder)
            throws HostException, IOException {
        Host host = host();
        Map<String, String> env = link.config() == null || link.config().configDirs().isEmpty() ? Map.of()
                : Map.of("CLAUDE_CONFIG_DIR", String.join(",", link.config().configDirs()));
        SessionWatch watch = new SessionWatch(host, new UsageSessionSource(host, null, env),
                SessionWatch.Settings.of(maxTurns, model, sessions, timeout));
        watchHolder.accept(watch);
        return watch.watch(since, progress);
    }

    List<ChangeRecord> history() throws IOException {
        List<ChangeRecord> records = new ArrayList<>(history.list(link.hostId()));
        records.sort((a, b) -> b.time().compareTo(a.time()));
        return records;
    }

    RollbackPlan planRollback(String path, String backup) throws HostException, IOException, ChangeRefusedException {
        return new Rollback(host(), history).plan(path, backup);
    }

    ChangeResult rollback(RollbackPlan plan) throws HostException, IOException, ChangeRefusedException {
        return new Rollback(host(), history).apply(plan);
    }

    private Host host() throws HostException {
        try {
            return link.host();
        } catch (HostException e) {
            if (e.kind().isConnection()) {
                link.reset();
            }
            throw e;
        }
    }
}
