package dev.burnwatch.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnwatch.BadInputException;
import dev.burnwatch.config.AppDirs;
import dev.burnwatch.daemon.CallCheck;
import dev.burnwatch.daemon.DaemonTarget;
import dev.burnwatch.daemon.GrepResult;
import dev.burnwatch.daemon.SessionVerdict;
import dev.burnwatch.daemon.SessionWatch;
import dev.burnwatch.daemon.UsageSessionSource;
import dev.burnwatch.daemon.Verifier;
import dev.burnwatch.daemon.VerifyReport;
import dev.burnwatch.daemon.WatchResult;
import dev.burnwatch.daemon.script.PatchSettings;
import dev.burnwatch.host.Host;
import dev.burnwatch.host.LocalHost;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code burnwatch verify TARGET --max-turns N --model M [--watch [--sessions K] [--timeout DUR]]}:
 * the grep lines an operator would type, a pass or fail per call, and with {@code --watch} the
 * next sessions' transcripts as proof in practice. Exits 1 when anything fails.
 */
@Command(name = "verify", description = {
    "Check that a daemon script caps every call at N turns on model M.",
    "It shows the grep -n lines for the cap and the pin, and a pass or fail per",
    "call. With --watch, it also watches the next sessions and checks that they",
    "stay within N turns on M."})
public final class VerifyCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "TARGET",
            description = "The script: a path, ssh://user@host[:port]/absolute/path or savedhost:/path.")
    String target;

    @Option(names = "--max-turns", required = true, paramLabel = "N", description = "The cap every call must have.")
    String maxTurns;

    @Option(names = "--model", required = true, paramLabel = "M", description = "The model every call must run on.")
    String model;

    @Option(names = "--watch", description = "Then watch the next sessions' transcripts (proof in practice).")
    boolean watch;

    @Option(names = "--sessions", paramLabel = "K", defaultValue = "3",
            description = "With --watch: how many finished sessions make the proof (default ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--timeout", paramLabel = "DUR", defaultValue = "15m",
            description = "With --watch: how long to wait for them, e.g. 90s, 15m, 1h (default ${DEFAULT-VALUE}).")
    String timeout;

    @Mixin
    SshOptions ssh = new SshOptions();

    @Override
    protected int execute() throws Exception {
        PatchSettings settings = PatchSettings.of(maxTurns, model, null, null, false);
        Duration limit = DaemonCommands.duration("--timeout", timeout);
        if (sessions < 1 || sessions > 100) {
            throw new BadInputException("--sessions must be between 1 and 100, got " + sessions);
        }
        try (DaemonTarget script = DaemonTarget.open(target, DaemonCommands.connectOptions(ssh))) {
            VerifyReport report = new Verifier(script.host()).verify(script.path(), settings.maxTurns(),
                    settings.model());
            WatchResult watched = null;
            if (!output.json) {
                printReport(out(), report);
            }
            if (watch && report.passed()) {
                watched = watch(script.host(), settings, limit);
            }
            if (output.json) {
                DaemonCommands.printJson(out(), json(report, watched));
            } else if (watched != null) {
                printWatchSummary(out(), watched);
            }
            return report.passed() && (watched == null || watched.passed()) ? ExitCode.OK : ExitCode.CHECK_FAILED;
        }
    }

    private WatchResult watch(Host host, PatchSettings settings, Duration limit) throws Exception {
        Map<String, String> environment = host instanceof LocalHost ? System.getenv() : Map.of();
        UsageSessionSource source = new UsageSessionSource(host, AppDirs.fromEnvironment().indexFile(), environment);
        Instant since = host.now();
        PrintWriter progress = output.json ? err() : out();
        progress.printf("Watching the next %d session(s) on %s from %s (for up to %s)...%n", sessions, host.id(),
                since, limit.toString().substring(2).toLowerCase(Locale.ROOT));
        progress.flush();
        Set<String> shown = new HashSet<>();
        SessionWatch sessionWatch = new SessionWatch(host, source,
                SessionWatch.Settings.of(settings.maxTurns(), settings.model(), sessions, limit));
        return sessionWatch.watch(since, result -> {
            for (SessionVerdict verdict : result.sessions()) {
                if (verdict.finished() && shown.add(verdict.session().sessionId())) {
                    progress.printf("  %-8s  %-4s  %s%n", shortId(verdict), verdict.passed() ? "pass" : "FAIL",
                            verdict.describe(settings.maxTurns()));
                    progress.flush();
                }
            }
        });
    }

    private static void printReport(PrintWriter out, VerifyReport report) {
        out.println("On " + report.hostId() + ":");
        printGrep(out, report.capGrep());
        printGrep(out, report.modelGrep());
        out.println();
        out.printf("Calls of claude in %s (cap %d, model %s):%n", report.path(), report.maxTurns(), report.model());
        for (CallCheck call : report.calls()) {
            out.printf("  line %-4d %-4s  %-22s %s%n", call.line(), call.passed() ? "pass" : "FAIL", call.cap(),
                    call.model());
        }
        report.problems().forEach(problem -> out.println("  FAIL  " + problem));
        out.println(report.passed() ? "Every call is capped at " + report.maxTurns() + " turns and runs on "
                + report.model() + "." : "The script does not cap every call at " + report.maxTurns()
                + " turns on " + report.model() + ". Run 'burnwatch patch' to fix it.");
        out.flush();
    }

    private static void printGrep(PrintWriter out, GrepResult grep) {
        out.println("$ " + grep.command());
        if (grep.lines().isEmpty()) {
            out.println("  (no lines)");
        }
        grep.lines().forEach(line -> out.println("  " + line));
    }

    private static void printWatchSummary(PrintWriter out, WatchResult result) {
        if (result.passed()) {
            out.printf("Proven in practice: %d session(s) since the start stayed within %d turns on %s.%n",
                    result.finished().size(), result.maxTurns(), result.model());
        } else if (result.cancelled()) {
            out.println("The watch was cancelled before the proof was complete.");
        } else if (result.timedOut()) {
            out.printf("Only %d of %d session(s) finished before the timeout: not proven yet. Is the daemon"
                    + " running and its queue fed? Try again with a longer --timeout.%n", result.finished().size(),
                    result.wanted());
        } else {
            out.println("Not proven: a session went over the cap or ran on another model (see above).");
        }
        out.flush();
    }

    private static String shortId(SessionVerdict verdict) {
        String id = verdict.session().sessionId();
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    private static ObjectNode json(VerifyReport report, WatchResult watched) {
        ObjectNode root = DaemonCommands.JSON.createObjectNode();
        root.put("host", report.hostId());
        root.put("path", report.path());
        root.put("maxTurns", report.maxTurns());
        root.put("model", report.model());
        root.put("passed", report.passed() && (watched == null || watched.passed()));
        ObjectNode greps = root.putObject("greps");
        greps.set("cap", DaemonCommands.JSON.valueToTree(report.capGrep()));
        greps.set("model", DaemonCommands.JSON.valueToTree(report.modelGrep()));
        ArrayNode calls = root.putArray("calls");
        for (CallCheck call : report.calls()) {
            calls.add(DaemonCommands.JSON.valueToTree(call).deepCopy());
            ((ObjectNode) calls.get(calls.size() - 1)).put("passed", call.passed());
        }
        root.set("problems", DaemonCommands.JSON.valueToTree(report.problems()));
        if (watched != null) {
            ObjectNode watch = root.putObject("watch");
            watch.put("since", watched.since().toString());
            watch.put("wanted", watched.wanted());
            watch.put("timedOut", watched.timedOut());
            watch.put("passed", watched.passed());
            ArrayNode rows = watch.putArray("sessions");
            for (SessionVerdict verdict : watched.sessions()) {
                ObjectNode row = rows.addObject();
                row.put("sessionId", verdict.session().sessionId());
                row.put("turns", verdict.session().turns());
                row.set("models", DaemonCommands.JSON.valueToTree(verdict.session().models()));
                row.put("firstTimestamp", String.valueOf(verdict.session().firstTimestamp()));
                row.put("lastTimestamp", String.valueOf(verdict.session().lastTimestamp()));
                row.put("finished", verdict.finished());
                row.put("cap", verdict.cap().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                row.put("overBy", verdict.overBy());
                row.put("onPinnedModel", verdict.onPinnedModel());
                row.put("passed", verdict.passed());
            }
        }
        return root;
    }
}
