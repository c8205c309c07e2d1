package dev.burnwatch.aws;

import dev.burnwatch.config.AppDirs;
import dev.burnwatch.pricing.PriceTable;
import dev.burnwatch.usage.UsageSnapshot;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The console's AWS side: its settings, clients built from them, and the features
 * on top (billed cost, CloudWatch read-back, budget alarm, comparison with the estimate).
 * Every call blocks on the network: run it off the JavaFX thread. Failures come back as
 * {@link AwsResult.Failed} so one AWS panel failing leaves the rest working.
 */
public final class AwsWorkspace {

    private final AwsSettings settings;
    private final AwsClients clients;
    private final AppDirs dirs;
    private final Clock clock;

    public AwsWorkspace(AwsSettings settings, AwsClients clients, AppDirs dirs, Clock clock) {
        this.settings = settings;
        this.clients = clients;
        this.dirs = dirs;
        this.clock = clock;
    }

    /** The workspace of this process's folders, with its saved AWS settings. */
    public static AwsWorkspace open(AppDirs dirs) {
        AwsSettings settings = AwsSettings.load(dirs.configDir());
        return new AwsWorkspace(settings, AwsClients.of(settings), dirs, Clock.systemUTC());
    }

    public AwsSettings settings() {
        return settings;
    }

    public BilledCosts billedCosts() {
        return new BilledCosts(clients::costExplorer, dirs.dataDir().resolve("aws"), clock);
    }

    public CloudWatchUsage cloudWatchUsage() {
        return new CloudWatchUsage(clients::cloudWatch);
    }

    public BudgetAlarm budgetAlarm() {
        return new BudgetAlarm(clients::cloudWatch);
    }

    /**
     * Billed Claude on Bedrock for the workspace's cost days beside the estimate from
     * {@code snapshot} (priced with {@code prices}), per UTC day.
     */
    public AwsResult<CostComparison> compare(UsageSnapshot snapshot, PriceTable prices) {
        AwsResult<BilledCosts.History> billed = billedCosts().lastDays(settings.costDays(),
                BilledCosts.Breakdown.SERVICE);
        Map<LocalDate, BigDecimal> estimate = CostComparison.estimateByUtcDay(snapshot, prices);
        return billed.map(history -> CostComparison.of(history.days(), estimate));
    }

    /**
     * Publishes the finished, unpublished sessions of {@code snapshot} to CloudWatch: each
     * source host's sessions under the name {@code hostNames} gives it (hosts without a name
     * are left out). Stops at the first host whose publishing fails.
     *
     * @param clocks each source host's clock reading, by host id
     */
    public List<MetricsPublisher.Report> publish(UsageSnapshot snapshot, PriceTable prices,
                                                           Map<String, String> hostNames,
                                                           Map<String, Instant> clocks, boolean dryRun)
            throws SQLException, IOException {
        List<SessionUsage> sessions = SessionUsage.fromApiCalls(snapshot.calls(),
                call -> prices.cost(call.model(), call.tokens()).map(BigDecimal::doubleValue).orElse(0.0));
        List<MetricsPublisher.Report> reports = new ArrayList<>();
        try (PublishedSessions published = PublishedSessions.open(dirs.indexFile())) {
            MetricsPublisher publisher = new MetricsPublisher(clients::cloudWatch, published, clock);
            for (Map.Entry<String, String> host : hostNames.entrySet()) {
                List<SessionUsage> ofHost = sessions.stream()
                        .filter(s -> s.hostId().equals(host.getKey())).toList();
                MetricsPublisher.Report report = publisher.publish(host.getValue(), ofHost, clocks, dryRun);
                reports.add(report);
                if (report.problem() != null) {
                    break;
                }
            }
        }
        return reports;
    }

    /** The same as {@link #compare(UsageSnapshot, PriceTable)} for an estimate already worked out per UTC day. */
    public AwsResult<CostComparison> compare(Map<LocalDate, BigDecimal> estimateByUtcDay) {
        return billedCosts().lastDays(settings.costDays(), BilledCosts.Breakdown.SERVICE)
                .map(history -> CostComparison.of(history.days(), estimateByUtcDay));
    }

    /** Whether calls could be made now, without a request that costs ({@link AwsClients#checkSetup()}). */
    public AwsResult<String> checkSetup() {
        return clients.checkSetup();
    }

    /**
     * The bill for the cost days by service and usage type, for the given services only (the
     * Claude ones): asked for on demand, since each request costs $0.01; cached like the rest.
     */
    public AwsResult<BilledCosts.History> usageTypes(List<String> services) {
        return billedCosts().lastDays(settings.costDays(), BilledCosts.Breakdown.USAGE_TYPE, services);
    }

    /** What every host published over {@code window}, up to now. */
    public AwsResult<CloudWatchUsage.ReadBack> readBack(CloudWatchUsage.Window window) {
        return cloudWatchUsage().readBack(window, clock.instant());
    }

    /** Bedrock's own token metrics over {@code window}, up to now. */
    public AwsResult<CloudWatchUsage.BedrockTotals> bedrock(CloudWatchUsage.Window window) {
        return cloudWatchUsage().bedrock(window, clock.instant());
    }

    /** Today as Cost Explorer counts days (UTC). */
    public LocalDate todayUtc() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
