package dev.burnwatch.aws;

import dev.burnwatch.usage.SessionSummary;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * Publishes finished sessions to CloudWatch, each once. A session counts as finished when
 * its last API call is more than {@link #SETTLE} old by its host's clock (a running session
 * would otherwise be published half done and never again). Sessions go out in whole-session
 * requests; each accepted request is recorded at once, so a failure part way loses nothing
 * and repeats nothing: the next run sends what is left.
 */
public final class MetricsPublisher {

    /** How long a session must have been quiet before it is published. */
    public static final Duration SETTLE = SessionSummary.FINISHED_AFTER_QUIET;

    /**
     * CloudWatch refuses datapoints older than two weeks (the whole request fails), so older
     * sessions are left out; an hour's margin covers clock differences.
     */
    public static final Duration MAX_AGE = Duration.ofDays(14).minusHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(MetricsPublisher.class);

    private final Supplier<CloudWatchClient> client;
    private final PublishedSessions published;
    private final Clock clock;

    /**
     * @param client makes the CloudWatch client when there is something to send (not for a dry run);
     *     the publisher closes it
     * @param published the record of published sessions
     * @param clock stamps the record
     */
    public MetricsPublisher(Supplier<CloudWatchClient> client, PublishedSessions published, Clock clock) {
        this.client = client;
        this.published = published;
        this.clock = clock;
    }

    /**
     * The outcome of one publish run.
     *
     * @param hostName the value of the Host dimension
     * @param sessionsSeen sessions read
     * @param stillRunning sessions whose last API call is within the last five minutes
     * @param alreadyPublished sessions published by an earlier run
     * @param tooOld sessions that ended more than {@link #MAX_AGE} ago, which CloudWatch would refuse
     * @param published sessions published now (or that would be, in a dry run)
     * @param requests PutMetricData requests sent (or planned)
     * @param metricData metric data in them
     * @param dryRun true when nothing was sent or recorded
     * @param problem why publishing stopped early, or null
     */
    public record Report(String hostName, int sessionsSeen, int stillRunning, int alreadyPublished, int tooOld,
                         int published,
                         int requests, int metricData, boolean dryRun, AwsProblem problem) {
    }

    /**
     * Publishes the finished, unpublished ones of {@code sessions} under {@code hostName}.
     *
     * @param nowByHost each source host's clock reading, by host id
     */
    public Report publish(String hostName, List<SessionUsage> sessions, Map<String, Instant> nowByHost,
                          boolean dryRun) throws SQLException {
        Map<String, Set<String>> done = new HashMap<>();
        List<SessionUsage> due = new ArrayList<>();
        int running = 0;
        int already = 0;
        int old = 0;
        Instant oldest = clock.instant().minus(MAX_AGE);
        for (SessionUsage session : sessions) {
            Instant now = nowByHost.getOrDefault(session.hostId(), clock.instant());
            if (!session.lastApiCall().isBefore(now.minus(SETTLE))) {
                running++;
                continue;
            }
            if (session.lastApiCall().isBefore(oldest)) {
                old++;
                continue;
            }
            Set<String> publishedIds = done.get(session.hostId());
            if (publishedIds == null) {
                publishedIds = published.publishedOn(session.hostId());
                done.put(session.hostId(), publishedIds);
            }
            if (publishedIds.contains(session.sessionId())) {
                already++;
                continue;
            }
            due.add(session);
        }

        List<MetricBatcher.Batch> batches = new MetricBatcher(hostName).batches(due);
        int data = batches.stream().mapToInt(MetricBatcher.Batch::metricDataCount).sum();
        if (dryRun || batches.isEmpty()) {
            return new Report(hostName, sessions.size(), running, already, old, due.size(), batches.size(), data,
                    dryRun, null);
        }

        return send(hostName, sessions.size(), running, already, old, batches);
    }

    private Report send(String hostName, int seen, int running, int already, int old,
                        List<MetricBatcher.Batch> batches) throws SQLException {
        int sessionsSent = 0;
        int requestsSent = 0;
        int dataSent = 0;
        AwsResult<CloudWatchClient> cloudWatch = AwsResult.attempt("PutMetricData", client::get);
        if (cloudWatch instanceof AwsResult.Failed<CloudWatchClient> failed) {
            return new Report(hostName, seen, running, already, old, 0, 0, 0, false, failed.problem());
        }
        try (CloudWatchClient cw = cloudWatch.orThrow()) {
            for (MetricBatcher.Batch batch : batches) {
                AwsResult<Object> sent = AwsResult.attempt("PutMetricData", () -> cw.putMetricData(batch.request()));
                if (sent instanceof AwsResult.Failed<Object> failed) {
                    // The problem goes back to the caller, who shows it; logging it as well would say it twice.
                    LOG.debug("Publishing to CloudWatch stopped after {} of {} requests: {}", requestsSent,
                            batches.size(), failed.problem().message());
                    return new Report(hostName, seen, running, already, old, sessionsSent, requestsSent, dataSent, false,
                            failed.problem());
                }
                published.markPublished(batch.sessions(), clock.instant());
                sessionsSent += batch.sessions().size();
                requestsSent++;
                dataSent += batch.metricDataCount();
            }
        }
        LOG.info("Published {} sessions of {} to CloudWatch in {} requests", sessionsSent, hostName, requestsSent);
        return new Report(hostName, seen, running, already, old, sessionsSent, requestsSent, dataSent, false, null);
    }
}
