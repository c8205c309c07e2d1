package dev.burnwatch.aws;

import dev.burnwatch.pricing.PriceTable;
import dev.burnwatch.usage.ApiCall;
import dev.burnwatch.usage.UsageSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Publishes a host's finished sessions to CloudWatch from the console's own refreshes: the
 * per-host switch, for an operator who watches from a laptop instead of running
 * {@code burnwatch publish} on a timer. A refresh comes every few seconds, so each host is
 * published at most once per {@link #INTERVAL} (a failure waits as long: an expired token
 * is not asked about again and again); every session still goes out once, as with the CLI.
 * Thread-safe; runs on the refresh threads, never on the JavaFX thread.
 */
public final class PeriodicPublisher {

    /** The least time between two publish runs for one host. */
    public static final Duration INTERVAL = Duration.ofMinutes(1);

    private final Supplier<AwsWorkspace> workspace;
    private final PriceTable prices;
    private final Clock clock;
    private final Map<String, Instant> lastRun = new ConcurrentHashMap<>();

    /**
     * @param workspace the AWS workspace as it is set now (profile and region may change between runs)
     * @param prices prices the sessions' cost
     * @param clock spaces the runs
     */
    public PeriodicPublisher(Supplier<AwsWorkspace> workspace, PriceTable prices, Clock clock) {
        this.workspace = workspace;
        this.prices = prices;
        this.clock = clock;
    }

    /**
     * Publishes the finished, unpublished sessions among {@code calls} of host {@code hostId}
     * under the Host dimension {@code hostName}, unless this host was published less than
     * {@link #INTERVAL} ago.
     *
     * @param hostNow the host's own clock, which says which sessions are finished
     * @return the run's report, or empty when it was not this host's turn
     */
    public Optional<MetricsPublisher.Report> maybePublish(String hostId, String hostName, List<ApiCall> calls,
                                                          Instant hostNow) throws Exception {
        Instant now = clock.instant();
        Instant previous = lastRun.get(hostId);
        if (previous != null && now.isBefore(previous.plus(INTERVAL))) {
            return Optional.empty();
        }
        lastRun.put(hostId, now);
        List<ApiCall> ofHost = calls.stream().filter(call -> call.host().equals(hostId)).toList();
        List<MetricsPublisher.Report> reports = workspace.get().publish(new UsageSnapshot(ofHost, 0), prices,
                Map.of(hostId, hostName), Map.of(hostId, hostNow), false);
        return reports.stream().findFirst();
    }

    /** What a report means to an operator, in one line. */
    public static String describe(MetricsPublisher.Report report) {
        if (report.problem() != null) {
            return "CloudWatch: not published, " + report.problem().message();
        }
        String sent = report.published() == 1 ? "1 session" : report.published() + " sessions";
        return report.published() > 0 ? "CloudWatch: published " + sent + " as " + report.hostName()
                : "CloudWatch: up to date as " + report.hostName() + " (" + report.alreadyPublished()
                        + " published, " + report.stillRunning() + " still running)";
    }
}
