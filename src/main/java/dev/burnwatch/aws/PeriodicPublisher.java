package dev.burnwatch.aws;

import dev.burnwatch.host.Host;
import dev.burnwatch.host.HostException;
import dev.burnwatch.pricing.PriceTable;
import dev.burnwatch.usage.ApiCall;
import dev.burnwatch.usage.UsageSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Publishes a host's finished sessions to CloudWatch from the console's own refreshes: the
 * per-host switch, for an operator who watches from a laptop instead of running
 * {@code burnwatch publish} on a timer. A refresh comes every few seconds, so each host is
 * published at most once per {@link #INTERVAL} (a failure waits as long: an expired token
 * is not asked about again and again); every session still goes out once, as with the CLI.
 *
 * <p>The Host dimension is the host's own host name, as {@code hostname} prints it there
 * (what the timer's {@code --host-name %H} gives), unless the AWS settings choose another
 * for the host. Every {@link #CHECK_AGAIN_AFTER} the host is checked again
 * ({@link PublishIdentity}); while the publish timer is installed on it, the console does not
 * publish the host at all, because every session would be counted twice.
 * Thread-safe; runs on the refresh threads, never on the JavaFX thread.
 */
public final class PeriodicPublisher {

    /** The least time between two publish runs for one host. */
    public static final Duration INTERVAL = Duration.ofMinutes(1);

    /** How long a host's name and timer check holds. */
    public static final Duration CHECK_AGAIN_AFTER = Duration.ofMinutes(15);

    /** Reaches the host over its open connection (or opens it). */
    @FunctionalInterface
    public interface HostAccess {
        Host host() throws HostException;
    }

    /**
     * What one run did.
     *
     * @param identity the host's check (null when the host could not be asked)
     * @param report what publishing did (null when nothing was sent: the host could not be
     *     asked, or its timer publishes it)
     * @param hostProblem why the host could not be asked for its name, or null
     */
    public record Outcome(PublishIdentity.Check identity, MetricsPublisher.Report report, String hostProblem) {

        /** What the outcome means to an operator, in one line for the sidebar. */
        public String describe() {
            if (hostProblem != null) {
                return "CloudWatch: not published, the host's name could not be read: " + hostProblem;
            }
            if (identity.timerPublishes()) {
                return "CloudWatch: not published from the console: " + identity.warnings().get(0);
            }
            String said = PeriodicPublisher.describe(report);
            List<String> warnings = identity.warnings();
            return warnings.isEmpty() ? said : said + ". Warning: " + String.join(" ", warnings);
        }
    }

    private record Checked(PublishIdentity.Check check, Instant at) {
    }

    private final Supplier<AwsWorkspace> workspace;
    private final PriceTable prices;
    private final Clock clock;
    private final List<String> unitDirs;
    private final Map<String, Instant> lastRun = new ConcurrentHashMap<>();
    private final Map<String, Checked> checks = new ConcurrentHashMap<>();

    /**
     * @param workspace the AWS workspace as it is set now (profile, region and host names may change between runs)
     * @param prices prices the sessions' cost
     * @param clock spaces the runs
     */
    public PeriodicPublisher(Supplier<AwsWorkspace> workspace, PriceTable prices, Clock clock) {
        this(workspace, prices, clock, PublishIdentity.UNIT_DIRS);
    }

    /** The same, looking for the publish timer in {@code unitDirs} on each host. */
    public PeriodicPublisher(Supplier<AwsWorkspace> workspace, PriceTable prices, Clock clock,
                             List<String> unitDirs) {
        this.workspace = workspace;
        this.prices = prices;
        this.clock = clock;
        this.unitDirs = List.copyOf(unitDirs);
    }

    /**
     * Publishes the finished, unpublished sessions among {@code calls} of host {@code hostId},
     * unless this host was published less than {@link #INTERVAL} ago.
     *
     * @param host reaches the host, to ask its name and look for the timer
     * @param aliases the host's other names (its saved name, its address), looked for in CloudWatch
     * @param hostNow the host's own clock, which says which sessions are finished
     * @return the run's outcome, or empty when it was not this host's turn
     */
    public Optional<Outcome> maybePublish(String hostId, HostAccess host, Collection<String> aliases,
                                          List<ApiCall> calls, Instant hostNow) throws Exception {
        Instant now = clock.instant();
        Instant previous = lastRun.get(hostId);
        if (previous != null && now.isBefore(previous.plus(INTERVAL))) {
            return Optional.empty();
        }
        lastRun.put(hostId, now);
        AwsWorkspace aws = workspace.get();

        PublishIdentity.Check check;
        try {
            check = check(hostId, host, aliases, aws, now);
        } catch (HostException e) {
            return Optional.of(new Outcome(null, null, e.getMessage()));
        }
        if (check.timerPublishes()) {
            return Optional.of(new Outcome(check, null, null));
        }

        List<ApiCall> ofHost = calls.stream().filter(call -> call.host().equals(hostId)).toList();
        List<MetricsPublisher.Report> reports = aws.publish(new UsageSnapshot(ofHost, 0), prices,
                Map.of(hostId, check.hostName()), Map.of(hostId, hostNow), false);
        return reports.stream().findFirst().map(report -> new Outcome(check, report, null));
    }

    /** The host's last check, if it was checked. */
    public Optional<PublishIdentity.Check> lastCheck(String hostId) {
        return Optional.ofNullable(checks.get(hostId)).map(Checked::check);
    }

    private PublishIdentity.Check check(String hostId, HostAccess host, Collection<String> aliases, AwsWorkspace aws,
                                        Instant now) throws HostException {
        String chosen = aws.settings().hostNameFor(hostId).orElse(null);
        Checked last = checks.get(hostId);
        boolean sameChoice = last != null && Objects.equals(last.check().chosen() ? last.check().hostName() : null,
                chosen);
        if (sameChoice && now.isBefore(last.at().plus(CHECK_AGAIN_AFTER))) {
            return last.check();
        }
        PublishIdentity.Check check = PublishIdentity.check(host.host(), chosen, aliases, aws.cloudWatchUsage(),
                unitDirs);
        checks.put(hostId, new Checked(check, now));
        return check;
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
