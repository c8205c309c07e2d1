package dev.burnwatch.aws;

import static dev.burnwatch.aws.AwsWireMock.cloudWatch;
import static dev.burnwatch.aws.AwsWireMock.cloudWatchError;
import static dev.burnwatch.aws.AwsWireMock.cloudWatchReply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.config.AppDirs;
import dev.burnwatch.pricing.PriceTable;
import dev.burnwatch.usage.ApiCall;
import dev.burnwatch.usage.Tokens;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeriodicPublisherTest {

    private static final Instant HOST_NOW = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir
    Path home;

    private AwsWireMock aws;
    private final SteppingClock clock = new SteppingClock(HOST_NOW);

    @BeforeEach
    void start() {
        System.setProperty("burnwatch.home", home.toString());
        aws = new AwsWireMock();
    }

    @AfterEach
    void stop() {
        aws.close();
        System.clearProperty("burnwatch.home");
    }

    private PeriodicPublisher publisher() {
        AwsSettings settings = new AwsSettings(null, "eu-west-1", null, null, 30);
        AwsClients clients = aws.clients(settings, home);
        return new PeriodicPublisher(() -> new AwsWorkspace(settings, clients, AppDirs.fromEnvironment(), clock),
                PriceTable.bundled(), clock);
    }

    private static ApiCall call(String host, String session, String time) {
        return new ApiCall(host, session, "/work", "claude-haiku-4-5", Instant.parse(time), false,
                new Tokens(1000, 100, 0, 0, 5000));
    }

    /** The Host dimension values of every datum sent so far. */
    private List<String> publishedHostValues() {
        return aws.requests().stream().map(AwsWireMock::form)
                .filter(form -> "PutMetricData".equals(form.get("Action")))
                .flatMap(form -> form.entrySet().stream())
                .filter(e -> e.getKey().endsWith("Dimensions.member.1.Value"))
                .map(Map.Entry::getValue).distinct().collect(Collectors.toList());
    }

    private long putRequests() {
        return aws.requests().stream().map(AwsWireMock::form)
                .filter(form -> "PutMetricData".equals(form.get("Action"))).count();
    }

    @Test
    void publishesTheHostsFinishedSessionsUnderItsNameAtMostOncePerInterval() throws Exception {
        aws.server.stubFor(cloudWatch("PutMetricData").willReturn(cloudWatchReply("PutMetricData", null)));
        PeriodicPublisher publisher = publisher();
        List<ApiCall> calls = new ArrayList<>(List.of(
                call("ubuntu@prod:22", "done-1", "2026-12-01T11:00:00Z"),
                call("ubuntu@prod:22", "done-2", "2026-12-01T11:20:00Z"),
                call("ubuntu@prod:22", "running", "2026-12-01T11:58:00Z"),
                call("ubuntu@other:22", "elsewhere", "2026-12-01T10:00:00Z")));

        MetricsPublisher.Report first = publisher.maybePublish("ubuntu@prod:22", "prod", calls, HOST_NOW)
                .orElseThrow();
        clock.advance(Duration.ofSeconds(30));
        Optional<MetricsPublisher.Report> tooSoon = publisher.maybePublish("ubuntu@prod:22", "prod", calls,
                HOST_NOW.plusSeconds(30));
        long requestsAfterFirst = putRequests();

        clock.advance(PeriodicPublisher.INTERVAL);
        calls.add(call("ubuntu@prod:22", "done-3", "2026-12-01T11:40:00Z"));
        MetricsPublisher.Report next = publisher.maybePublish("ubuntu@prod:22", "prod", calls,
                HOST_NOW.plusSeconds(90)).orElseThrow();

        assertThat(first.problem()).isNull();
        assertThat(first.published()).isEqualTo(2);
        assertThat(first.stillRunning()).isEqualTo(1);
        assertThat(first.sessionsSeen()).as("the other host's session is not this host's").isEqualTo(3);
        assertThat(PeriodicPublisher.describe(first)).isEqualTo("CloudWatch: published 2 sessions as prod");
        assertThat(tooSoon).isEmpty();
        assertThat(requestsAfterFirst).isEqualTo(1);
        assertThat(next.published()).isEqualTo(1);
        assertThat(next.alreadyPublished()).isEqualTo(2);
        assertThat(putRequests()).isEqualTo(2);
        assertThat(publishedHostValues()).containsExactly("prod");
    }

    @Test
    void aRefusalIsReportedInTheOperatorsTermsAndNotAskedAgainWithinTheInterval() throws Exception {
        aws.server.stubFor(cloudWatch("PutMetricData").willReturn(cloudWatchError(403, "AccessDenied",
                "User is not authorized to perform: cloudwatch:PutMetricData")));
        PeriodicPublisher publisher = publisher();
        List<ApiCall> calls = List.of(call("h", "done-1", "2026-12-01T11:00:00Z"));

        MetricsPublisher.Report refused = publisher.maybePublish("h", "prod", calls, HOST_NOW).orElseThrow();
        long requests = putRequests();
        clock.advance(Duration.ofSeconds(59));
        Optional<MetricsPublisher.Report> again = publisher.maybePublish("h", "prod", calls, HOST_NOW);

        assertThat(refused.problem()).isNotNull();
        assertThat(refused.problem().kind()).isEqualTo(AwsProblem.Kind.ACCESS_DENIED);
        assertThat(PeriodicPublisher.describe(refused)).startsWith("CloudWatch: not published, ")
                .contains("PutMetricData");
        assertThat(again).isEmpty();
        assertThat(putRequests()).isEqualTo(requests);
    }

    /** A clock the test moves on. */
    private static final class SteppingClock extends Clock {
        private Instant now;

        SteppingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
