package dev.burnwatch.aws;

import static dev.burnwatch.aws.AwsWireMock.cloudWatch;
import static dev.burnwatch.aws.AwsWireMock.cloudWatchError;
import static dev.burnwatch.aws.AwsWireMock.cloudWatchReply;
import static dev.burnwatch.aws.AwsWireMock.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.burnwatch.config.AppDirs;
import dev.burnwatch.usage.Tokens;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsPublisherTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Map<String, Instant> HOST_CLOCKS = Map.of("local", NOW);

    @TempDir
    Path home;

    private AwsWireMock aws;
    private PublishedSessions published;

    @BeforeEach
    void start() throws Exception {
        System.setProperty("burnwatch.home", home.toString());
        aws = new AwsWireMock();
        published = PublishedSessions.open(AppDirs.fromEnvironment().indexFile());
    }

    @AfterEach
    void stop() throws Exception {
        published.close();
        aws.close();
        System.clearProperty("burnwatch.home");
    }

    private MetricsPublisher publisher() {
        AwsClients clients = aws.clients(AwsSettings.defaults(), home);
        return new MetricsPublisher(clients::cloudWatch, published, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static SessionUsage session(String id, Instant last, SessionUsage.ModelShare... shares) {
        return new SessionUsage("local", id, last, List.of(shares));
    }

    private static SessionUsage.ModelShare share(String model, long input, double cost, long turns) {
        return new SessionUsage.ModelShare(model, new Tokens(input, input * 2, 100, 50, input * 10), cost, turns);
    }

    private List<Map<String, String>> putMetricDataForms() {
        return aws.requests().stream().map(AwsWireMock::form)
                .filter(f -> "PutMetricData".equals(f.get("Action"))).collect(Collectors.toList());
    }

    /** Every datum of a request as its own map of fields below MetricData.member.N. */
    private static List<Map<String, String>> data(Map<String, String> form) {
        Map<Integer, Map<String, String>> byIndex = new java.util.TreeMap<>();
        for (Map.Entry<String, String> param : form.entrySet()) {
            if (!param.getKey().startsWith("MetricData.member.")) {
                continue;
            }
            String rest = param.getKey().substring("MetricData.member.".length());
            int dot = rest.indexOf('.');
            byIndex.computeIfAbsent(Integer.parseInt(rest.substring(0, dot)), k -> new java.util.LinkedHashMap<>())
                    .put(rest.substring(dot + 1), param.getValue());
        }
        return new ArrayList<>(byIndex.values());
    }

    private static long valueCount(Map<String, String> datum) {
        return datum.keySet().stream().filter(k -> k.startsWith("Values.member.")).count();
    }

    @Test
    void aFinishedSessionIsPublishedPerHostAndModelAndPerHostWithItsValuesAndUnits() throws Exception {
        aws.server.stubFor(cloudWatch("PutMetricData").willReturn(cloudWatchReply("PutMetricData", null)));
        Instant last = Instant.parse("2026-12-01T11:40:31.250Z");
        SessionUsage session = session("0b1c2d3e", last, share("claude-sonnet-4-5", 1000, 0.25, 7),
                share("claude-haiku-4-5", 10, 0.01, 2));

        MetricsPublisher.Report report = publisher().publish("daemon-1", List.of(session), HOST_CLOCKS, false);

        assertThat(report.problem()).isNull();
        assertThat(report.published()).isEqualTo(1);
        List<Map<String, String>> forms = putMetricDataForms();
        assertThat(forms).hasSize(1);
        Map<String, String> form = forms.get(0);
        assertThat(form).containsEntry("Version", "2010-08-01").containsEntry("Namespace", "Burnwatch");
        List<Map<String, String>> data = data(form);
        assertThat(data).hasSize(7 * 3);
        assertThat(data).extracting(d -> d.get("MetricName")).containsOnly("InputTokens", "OutputTokens",
                "CacheWriteTokens", "CacheReadTokens", "CostUsd", "Turns", "Sessions");
        assertThat(form.keySet()).noneMatch(k -> k.contains("Dimensions") && form.get(k).contains("0b1c2d3e"));
        assertThat(form.values()).doesNotContain("SessionId", "Session");
        Map<String, String> hostInput = only(data, "InputTokens", null);
        assertThat(hostInput).containsEntry("Dimensions.member.1.Name", "Host")
                .containsEntry("Dimensions.member.1.Value", "daemon-1")
                .doesNotContainKey("Dimensions.member.2.Name")
                .containsEntry("Values.member.1", "1010.0").containsEntry("Counts.member.1", "1.0")
                .containsEntry("Unit", "Count").containsEntry("StorageResolution", "60")
                .containsEntry("Timestamp", "2026-12-01T11:40:00Z");
        assertThat(only(data, "InputTokens", "claude-sonnet-4-5")).containsEntry("Dimensions.member.2.Name", "Model")
                .containsEntry("Values.member.1", "1000.0");
        assertThat(only(data, "CacheWriteTokens", "claude-haiku-4-5")).containsEntry("Values.member.1", "150.0");
        assertThat(only(data, "CostUsd", null)).containsEntry("Values.member.1", "0.26").containsEntry("Unit", "None");
        assertThat(only(data, "Turns", null)).containsEntry("Values.member.1", "9.0");
        assertThat(only(data, "Sessions", "claude-haiku-4-5")).containsEntry("Values.member.1", "1.0")
                .containsEntry("Unit", "Count");
    }

    private static Map<String, String> only(List<Map<String, String>> data, String metric, String model) {
        List<Map<String, String>> found = data.stream()
                .filter(d -> metric.equals(d.get("MetricName")))
                .filter(d -> model == null ? !d.containsKey("Dimensions.member.2.Value")
                        : model.equals(d.get("Dimensions.member.2.Value")))
                .collect(Collectors.toList());
        assertThat(found).as("%s for model %s", metric, model).hasSize(1);
        return found.get(0);
    }

    @Test
    void sessionsThatEndedInTheSameMinuteBecomeValuesOfOneDatumWithCounts() throws Exception {
        aws.server.stubFor(cloudWatch("PutMetricData").willReturn(cloudWatchReply("PutMetricData", null)));
        Instant minute = Instant.parse("2026-12-01T10:00:00Z");
        List<SessionUsage> sessions = List.of(
                session("a", minute.plusSeconds(1), share("claude-sonnet-4-5", 500, 0.1, 3)),
                session("b", minute.plusSeconds(20), share("claude-sonnet-4-5", 500, 0.1, 3)),
                session("c", minute.plusSeconds(59), share("claude-sonnet-4-5", 700, 0.2, 4)));

        publisher().publish("daemon-1", sessions, HOST_CLOCKS, false);

        List<Map<String, String>> data = data(putMetricDataForms().get(0));
        assertThat(data).hasSize(7 * 2);
        assertThat(only(data, "InputTokens", "claude-sonnet-4-5"))
                .containsEntry("Values.member.1", "500.0").containsEntry("Counts.member.1", "2.0")
                .containsEntry("Values.member.2", "700.0").containsEntry("Counts.member.2", "1.0");
        assertThat(only(data, "Sessions", null)).containsEntry("Values.member.1", "1.0")
                .containsEntry("Counts.member.1", "3.0");
    }

    @Test
    void aSessionIsPublishedOnlyWhenItsLastCallIsMoreThanFiveMinutesOldByTheHostsClock() throws Exception {
        aws.server.stubFor(cloudWatch("PutMetricData").willReturn(cloudWatchReply("PutMetricData", null)));
        Instant hostNow = Instant.parse("2026-12-01T09:00:00Z");
        List<SessionUsage> sessions = List.of(
                session("quiet", hostNow.minusSeconds(301), share("claude-sonnet-4-5", 1, 0, 1)),
                session("running", hostNow.minusSeconds(299), share("claude-sonnet-4-5", 2, 0, 1)));

        MetricsPublisher.Report report = publisher().publish("daemon-1", sessions, Map.of("local", hostNow), false);

        assertThat(report.published()).isEqualTo(1);
        assertThat(report.stillRunning()).isEqualTo(1);
        assertThat(published.publishedOn("local")).containsExactly("quiet");
    }

    @Test
    void aSessionIsNeverPublishedTwice() throws Exception {
        aws.server.stubFor(cloudWatch("PutMetricData").willReturn(cloudWatchReply("PutMetricData", null)));
        List<SessionUsage> sessions = List.of(session("s1", NOW.minusSeconds(3600),
                share("claude-sonnet-4-5", 1, 0, 1)));
        publisher().publish("daemon-1", sessions, HOST_CLOCKS, false);

        MetricsPublisher.Report again = publisher().publish("daemon-1", sessions, HOST_CLOCKS, false);

        assertThat(again.published()).isZero();
        assertThat(again.alreadyPublished()).isEqualTo(1);
        assertThat(putMetricDataForms()).hasSize(1);
    }

    @Test
    void manySessionsAreBatchedWithinTheLimitsOfPutMetricData() throws Exception {
        aws.server.stubFor(cloudWatch("PutMetricData").willReturn(cloudWatchReply("PutMetricData", null)));
        List<SessionUsage> sessions = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            Instant last = NOW.minusSeconds(3600 + (i % 40) * 60L);
            sessions.add(session("s" + i, last, share("claude-sonnet-4-5", 1000 + i, i / 1000.0, i % 50),
                    share("claude-opus-4-5", 5 + i, i / 500.0, 1)));
        }

        MetricsPublisher.Report report = publisher().publish("daemon-1", sessions, HOST_CLOCKS, false);

        assertThat(report.problem()).isNull();
        assertThat(report.published()).isEqualTo(6000);
        List<LoggedRequest> requests = aws.requests();
        assertThat(requests).hasSize(report.requests()).hasSizeGreaterThan(1);
        double hostSessions = 0;
        for (LoggedRequest request : requests) {
            assertThat(request.getBodyAsString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(1_000_000);
            List<Map<String, String>> data = data(form(request));
            assertThat(data).hasSizeLessThanOrEqualTo(1000);
            assertThat(data).allSatisfy(d -> assertThat(valueCount(d)).isBetween(1L, 150L));
            hostSessions += data.stream().filter(d -> "Sessions".equals(d.get("MetricName")))
                    .filter(d -> !d.containsKey("Dimensions.member.2.Name"))
                    .flatMap(d -> d.entrySet().stream()).filter(e -> e.getKey().startsWith("Counts.member."))
                    .mapToDouble(e -> Double.parseDouble(e.getValue())).sum();
        }
        assertThat(hostSessions).isEqualTo(6000.0);
        assertThat(published.publishedOn("local")).hasSize(6000);
        assertThat(requests).anySatisfy(r -> assertThat(r.getHeader("Content-Encoding")).isEqualTo("gzip"));
    }

    @Test
    void aSessionThatFailedToPublishIsSentByTheNextRunAndTheOthersAreNotRepeated() throws Exception {
        aws.server.stubFor(cloudWatch("PutMetricData").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(cloudWatchReply("PutMetricData", null)).willSetStateTo("broken"));
        aws.server.stubFor(cloudWatch("PutMetricData").inScenario("flaky").whenScenarioStateIs("broken")
                .willReturn(cloudWatchError(403, "AccessDenied", "not authorized")));
        List<SessionUsage> sessions = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            sessions.add(session("s" + i, NOW.minusSeconds(3600 + i * 60L), share("claude-sonnet-4-5", i, i, i)));
        }
        MetricsPublisher.Report first = publisher().publish("daemon-1", sessions, HOST_CLOCKS, false);
        aws.server.resetAll();
        aws.server.stubFor(cloudWatch("PutMetricData").willReturn(cloudWatchReply("PutMetricData", null)));

        MetricsPublisher.Report second = publisher().publish("daemon-1", sessions, HOST_CLOCKS, false);

        assertThat(first.problem().kind()).isEqualTo(AwsProblem.Kind.ACCESS_DENIED);
        assertThat(first.published()).isPositive().isLessThan(400);
        assertThat(second.alreadyPublished()).isEqualTo(first.published());
        assertThat(second.published()).isEqualTo(400 - first.published());
        assertThat(published.publishedOn("local")).hasSize(400);
    }

    @Test
    void aDryRunSendsAndRecordsNothing() throws Exception {
        List<SessionUsage> sessions = List.of(session("s1", NOW.minusSeconds(3600),
                share("claude-sonnet-4-5", 1, 0, 1)));

        MetricsPublisher.Report report = publisher().publish("daemon-1", sessions, HOST_CLOCKS, true);

        assertThat(report.dryRun()).isTrue();
        assertThat(report.published()).isEqualTo(1);
        assertThat(report.metricData()).isEqualTo(14);
        assertThat(aws.requests()).isEmpty();
        assertThat(published.publishedOn("local")).isEmpty();
    }

    @Test
    void accessDeniedIsAProblemThatNamesThePermissionAndRecordsNothing() throws Exception {
        aws.server.stubFor(cloudWatch("PutMetricData").willReturn(cloudWatchError(403, "AccessDenied",
                "User: arn:aws:iam::123456789012:user/agent is not authorized to perform: cloudwatch:PutMetricData")));
        List<SessionUsage> sessions = List.of(session("s1", NOW.minusSeconds(3600),
                share("claude-sonnet-4-5", 1, 0, 1)));

        MetricsPublisher.Report report = publisher().publish("daemon-1", sessions, HOST_CLOCKS, false);

        assertThat(report.problem().kind()).isEqualTo(AwsProblem.Kind.ACCESS_DENIED);
        assertThat(report.problem().message()).contains("cloudwatch:PutMetricData").contains("not authorized");
        assertThat(published.publishedOn("local")).isEmpty();
    }

    @Test
    void throttlingIsRetriedWithBackoffAndThenReported() throws Exception {
        aws.server.stubFor(cloudWatch("PutMetricData").willReturn(cloudWatchError(400, "Throttling",
                "Rate exceeded")));
        List<SessionUsage> sessions = List.of(session("s1", NOW.minusSeconds(3600),
                share("claude-sonnet-4-5", 1, 0, 1)));

        MetricsPublisher.Report report = publisher().publish("daemon-1", sessions, HOST_CLOCKS, false);

        assertThat(report.problem().kind()).isEqualTo(AwsProblem.Kind.THROTTLED);
        assertThat(report.problem().message()).contains("3 attempts").contains("Rate exceeded");
        assertThat(aws.requests()).hasSize(3);
        assertThat(aws.requests()).extracting(r -> r.getHeader("amz-sdk-request"))
                .containsExactly("attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3");
    }

    @Test
    void aThrottledRequestThatLaterSucceedsPublishes() throws Exception {
        aws.server.stubFor(cloudWatch("PutMetricData").inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(cloudWatchError(400, "Throttling", "Rate exceeded")).willSetStateTo("calm"));
        aws.server.stubFor(cloudWatch("PutMetricData").inScenario("busy").whenScenarioStateIs("calm")
                .willReturn(cloudWatchReply("PutMetricData", null)));
        List<SessionUsage> sessions = List.of(session("s1", NOW.minusSeconds(3600),
                share("claude-sonnet-4-5", 1, 0, 1)));

        MetricsPublisher.Report report = publisher().publish("daemon-1", sessions, HOST_CLOCKS, false);

        assertThat(report.problem()).isNull();
        assertThat(report.published()).isEqualTo(1);
        assertThat(aws.requests()).hasSize(2);
    }

    @Test
    void anUnreachableEndpointIsANoNetworkProblem() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AwsClients clients = new AwsClients(AwsSettings.defaults().withRegion("eu-west-1"),
                aws.clients(AwsSettings.defaults(), home).options()
                        .withEndpoint(URI.create("http://127.0.0.1:" + closedPort)));
        MetricsPublisher publisher = new MetricsPublisher(clients::cloudWatch, published,
                Clock.fixed(NOW, ZoneOffset.UTC));
        List<SessionUsage> sessions = List.of(session("s1", NOW.minusSeconds(3600),
                share("claude-sonnet-4-5", 1, 0, 1)));

        MetricsPublisher.Report report = publisher.publish("daemon-1", sessions, HOST_CLOCKS, false);

        assertThat(report.problem().kind()).isEqualTo(AwsProblem.Kind.NO_NETWORK);
        assertThat(report.problem().message()).contains("Could not reach AWS").contains("PutMetricData");
        assertThat(published.publishedOn("local")).isEmpty();
    }

    @Test
    void sessionsEndingInOneMinuteFillDatumsTo150ValuesAndRequestsUpToOneMegabyte() throws Exception {
        aws.server.stubFor(cloudWatch("PutMetricData").willReturn(cloudWatchReply("PutMetricData", null)));
        Instant minute = NOW.minusSeconds(7200);
        List<SessionUsage> sessions = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            sessions.add(session("s" + i, minute.plusMillis(i), share("claude-sonnet-4-5", 123_456 + i, i / 7.0, i),
                    share("claude-haiku-4-5", 7 * i, i / 3.0, i + 1)));
        }

        MetricsPublisher.Report report = publisher().publish("daemon-1", sessions, HOST_CLOCKS, false);

        assertThat(report.published()).isEqualTo(4000);
        List<Integer> sizes = aws.requests().stream()
                .map(r -> r.getBodyAsString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .collect(Collectors.toList());
        assertThat(sizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(1_000_000));
        assertThat(sizes.get(0)).as("a full request uses most of the megabyte").isGreaterThan(800_000);
        List<Map<String, String>> firstData = data(form(aws.requests().get(0)));
        assertThat(firstData).anySatisfy(d -> assertThat(valueCount(d)).isEqualTo(150));
        assertThat(firstData).extracting(d -> d.get("Timestamp")).containsOnly("2026-12-01T10:00:00Z");
    }

    @Test
    void sessionsOlderThanCloudWatchAcceptsAreLeftOutAndCounted() throws Exception {
        aws.server.stubFor(cloudWatch("PutMetricData").willReturn(cloudWatchReply("PutMetricData", null)));
        List<SessionUsage> sessions = List.of(
                session("ancient", NOW.minus(java.time.Duration.ofDays(20)), share("claude-sonnet-4-5", 1, 0, 1)),
                session("recent", NOW.minus(java.time.Duration.ofDays(13)), share("claude-sonnet-4-5", 2, 0, 1)));

        MetricsPublisher.Report report = publisher().publish("daemon-1", sessions, HOST_CLOCKS, false);

        assertThat(report.tooOld()).isEqualTo(1);
        assertThat(report.published()).isEqualTo(1);
        assertThat(published.publishedOn("local")).containsExactly("recent");
    }
}
