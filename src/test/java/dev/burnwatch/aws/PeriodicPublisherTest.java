package dev.burnwatch.aws;

import static dev.burnwatch.aws.AwsWireMock.cloudWatch;
import static dev.burnwatch.aws.AwsWireMock.cloudWatchError;
import static dev.burnwatch.aws.AwsWireMock.cloudWatchReply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.config.AppDirs;
import dev.burnwatch.host.EmbeddedSshServer;
import dev.burnwatch.host.Host;
import dev.burnwatch.pricing.PriceTable;
import dev.burnwatch.usage.ApiCall;
import dev.burnwatch.usage.Tokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import java.util.concurrent.atomic.AtomicReference;
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
    private EmbeddedSshServer ssh;
    private Host host;
    private Path unitDir;
    private String ownName;
    private final SteppingClock clock = new SteppingClock(HOST_NOW);
    private final AtomicReference<AwsSettings> settings = new AtomicReference<>(
            new AwsSettings(null, "eu-west-1", null, 30, null));

    @BeforeEach
    void start() throws Exception {
        System.setProperty("burnwatch.home", home.resolve("burnwatch").toString());
        aws = new AwsWireMock();
        ssh = EmbeddedSshServer.start(home.resolve("ssh"));
        host = ssh.open();
        unitDir = Files.createDirectories(home.resolve("units"));
        Process hostname = new ProcessBuilder("hostname").start();
        ownName = new String(hostname.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        hostname.waitFor();
        aws.server.stubFor(cloudWatch("ListMetrics").willReturn(cloudWatchReply("ListMetrics", "<Metrics/>")));
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
        ssh.close();
        aws.close();
        System.clearProperty("burnwatch.home");
    }

    private PeriodicPublisher publisher() {
        return new PeriodicPublisher(() -> new AwsWorkspace(settings.get(), aws.clients(settings.get(), home),
                AppDirs.fromEnvironment(), clock), PriceTable.bundled(), clock, List.of(unitDir.toString()));
    }

    private Optional<PeriodicPublisher.Outcome> publish(PeriodicPublisher publisher, List<ApiCall> calls,
                                                        Instant hostNow) throws Exception {
        return publisher.maybePublish(host.id(), () -> host, List.of("prod-saved-name", "127.0.0.1"), calls,
                hostNow);
    }

    private ApiCall call(String session, String time) {
        return call(host.id(), session, time);
    }

    private static ApiCall call(String hostId, String session, String time) {
        return new ApiCall(hostId, session, "/work", "claude-haiku-4-5", Instant.parse(time), false,
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
    void publishesTheHostsFinishedSessionsUnderItsOwnHostNameAtMostOncePerInterval() throws Exception {
        aws.server.stubFor(cloudWatch("PutMetricData").willReturn(cloudWatchReply("PutMetricData", null)));
        PeriodicPublisher publisher = publisher();
        List<ApiCall> calls = new ArrayList<>(List.of(
                call("done-1", "2026-12-01T11:00:00Z"),
                call("done-2", "2026-12-01T11:20:00Z"),
                call("running", "2026-12-01T11:58:00Z"),
                call("ubuntu@other:22", "elsewhere", "2026-12-01T10:00:00Z")));

        PeriodicPublisher.Outcome first = publish(publisher, calls, HOST_NOW).orElseThrow();
        clock.advance(Duration.ofSeconds(30));
        Optional<PeriodicPublisher.Outcome> tooSoon = publish(publisher, calls, HOST_NOW.plusSeconds(30));
        long requestsAfterFirst = putRequests();

        clock.advance(PeriodicPublisher.INTERVAL);
        calls.add(call("done-3", "2026-12-01T11:40:00Z"));
        PeriodicPublisher.Outcome next = publish(publisher, calls, HOST_NOW.plusSeconds(90)).orElseThrow();

        assertThat(ownName).isNotEmpty();
        assertThat(first.identity().hostName()).as("'hostname' on the host").isEqualTo(ownName);
        assertThat(first.identity().chosen()).isFalse();
        assertThat(first.report().problem()).isNull();
        assertThat(first.report().published()).isEqualTo(2);
        assertThat(first.report().stillRunning()).isEqualTo(1);
        assertThat(first.report().sessionsSeen()).as("the other host's session is not this host's").isEqualTo(3);
        assertThat(first.describe()).isEqualTo("CloudWatch: published 2 sessions as " + ownName);
        assertThat(tooSoon).isEmpty();
        assertThat(requestsAfterFirst).isEqualTo(1);
        assertThat(next.report().published()).isEqualTo(1);
        assertThat(next.report().alreadyPublished()).isEqualTo(2);
        assertThat(putRequests()).isEqualTo(2);
        assertThat(publishedHostValues()).containsExactly(ownName);
    }

    @Test
    void aNameChosenInTheAwsSettingsWinsOverTheHostsOwn() throws Exception {
        aws.server.stubFor(cloudWatch("PutMetricData").willReturn(cloudWatchReply("PutMetricData", null)));
        settings.set(settings.get().withHostName(host.id(), "agents-prod"));

        PeriodicPublisher.Outcome outcome = publish(publisher(), List.of(call("done-1", "2026-12-01T11:00:00Z")),
                HOST_NOW).orElseThrow();

        assertThat(outcome.identity().chosen()).isTrue();
        assertThat(publishedHostValues()).containsExactly("agents-prod");
        assertThat(outcome.describe()).isEqualTo("CloudWatch: published 1 session as agents-prod");
    }

    @Test
    void withThePublishTimerInstalledOnTheHostTheConsolePublishesNothingAndSaysWhy() throws Exception {
        aws.server.stubFor(cloudWatch("PutMetricData").willReturn(cloudWatchReply("PutMetricData", null)));
        Files.writeString(unitDir.resolve(PublishIdentity.TIMER), "[Timer]\nOnUnitActiveSec=10min\n");

        PeriodicPublisher.Outcome outcome = publish(publisher(), List.of(call("done-1", "2026-12-01T11:00:00Z")),
                HOST_NOW).orElseThrow();

        assertThat(outcome.report()).isNull();
        assertThat(outcome.identity().timerPublishes()).isTrue();
        assertThat(outcome.describe()).startsWith("CloudWatch: not published from the console: "
                + "burnwatch-publish.timer is installed on the host (" + unitDir.resolve(PublishIdentity.TIMER) + ")")
                .contains("count every session twice").contains("sudo systemctl disable --now burnwatch-publish.timer");
        assertThat(putRequests()).isZero();
    }

    @Test
    void theHostPublishingRecentlyUnderAnotherOfItsNamesIsWarnedAbout() throws Exception {
        aws.server.stubFor(cloudWatch("PutMetricData").willReturn(cloudWatchReply("PutMetricData", null)));
        aws.server.stubFor(cloudWatch("ListMetrics").willReturn(cloudWatchReply("ListMetrics", "<Metrics>"
                + "<member><Namespace>Burnwatch</Namespace><MetricName>Sessions</MetricName><Dimensions><member>"
                + "<Name>Host</Name><Value>prod-saved-name</Value></member></Dimensions></member></Metrics>")));

        PeriodicPublisher.Outcome outcome = publish(publisher(), List.of(call("done-1", "2026-12-01T11:00:00Z")),
                HOST_NOW).orElseThrow();

        Map<String, String> list = aws.requests().stream().map(AwsWireMock::form)
                .filter(form -> "ListMetrics".equals(form.get("Action"))).findFirst().orElseThrow();
        assertThat(list).containsEntry("Namespace", "Burnwatch").containsEntry("MetricName", "Sessions")
                .containsEntry("RecentlyActive", "PT3H");
        assertThat(outcome.identity().otherNames()).containsExactly("prod-saved-name");
        assertThat(outcome.describe()).startsWith("CloudWatch: published 1 session as " + ownName + ". Warning: ")
                .contains("publishing as 'prod-saved-name' in the last three hours");
    }

    @Test
    void aRefusalIsReportedInTheOperatorsTermsAndNotAskedAgainWithinTheInterval() throws Exception {
        aws.server.stubFor(cloudWatch("PutMetricData").willReturn(cloudWatchError(403, "AccessDenied",
                "User is not authorized to perform: cloudwatch:PutMetricData")));
        PeriodicPublisher publisher = publisher();
        List<ApiCall> calls = List.of(call("done-1", "2026-12-01T11:00:00Z"));

        PeriodicPublisher.Outcome refused = publish(publisher, calls, HOST_NOW).orElseThrow();
        long requests = putRequests();
        clock.advance(Duration.ofSeconds(59));
        Optional<PeriodicPublisher.Outcome> again = publish(publisher, calls, HOST_NOW);

        assertThat(refused.report().problem()).isNotNull();
        assertThat(refused.report().problem().kind()).isEqualTo(AwsProblem.Kind.ACCESS_DENIED);
        assertThat(refused.describe()).startsWith("CloudWatch: not published, ").contains("PutMetricData");
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
