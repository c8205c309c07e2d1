package dev.burnwatch.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static dev.burnwatch.aws.AwsWireMock.cloudWatch;
import static dev.burnwatch.aws.AwsWireMock.cloudWatchError;
import static dev.burnwatch.aws.AwsWireMock.cloudWatchReply;
import static dev.burnwatch.aws.AwsWireMock.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudWatchUsageTest {

    private static final Instant START = Instant.parse("2026-11-30T00:00:00Z");
    private static final Instant END = Instant.parse("2026-12-02T00:00:00Z");

    @TempDir
    Path home;

    private AwsWireMock aws;
    private CloudWatchUsage usage;

    @BeforeEach
    void start() {
        System.setProperty("burnwatch.home", home.toString());
        aws = new AwsWireMock();
        AwsClients clients = aws.clients(AwsSettings.defaults(), home);
        usage = new CloudWatchUsage(clients::cloudWatch);
    }

    @AfterEach
    void stop() {
        aws.close();
        System.clearProperty("burnwatch.home");
    }

    static String metric(String namespace, String name, String... dimensions) {
        StringBuilder xml = new StringBuilder("<member><Namespace>" + namespace + "</Namespace><MetricName>" + name
                + "</MetricName><Dimensions>");
        for (String dimension : dimensions) {
            String[] parts = dimension.split("=");
            xml.append("<member><Name>").append(parts[0]).append("</Name><Value>").append(parts[1])
                    .append("</Value></member>");
        }
        return xml.append("</Dimensions></member>").toString();
    }

    static String result(String id, String... points) {
        StringBuilder timestamps = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (String point : points) {
            String[] parts = point.split("=");
            timestamps.append("<member>").append(parts[0]).append("</member>");
            values.append("<member>").append(parts[1]).append("</member>");
        }
        return "<member><Id>" + id + "</Id><Label>" + id + "</Label><StatusCode>Complete</StatusCode><Timestamps>"
                + timestamps + "</Timestamps><Values>" + values + "</Values></member>";
    }

    private List<Map<String, String>> forms(String action) {
        return aws.requests().stream().map(AwsWireMock::form).filter(f -> action.equals(f.get("Action")))
                .collect(Collectors.toList());
    }

    @Test
    void dailySumsPerHostAndModelAreReadWithGetMetricData() {
        aws.server.stubFor(cloudWatch("ListMetrics").willReturn(cloudWatchReply("ListMetrics", "<Metrics>"
                + metric("Burnwatch", "CostUsd", "Host=daemon-1", "Model=claude-sonnet-4-5")
                + metric("Burnwatch", "CostUsd", "Host=daemon-1")
                + metric("Burnwatch", "CostUsd", "Host=daemon-1", "Model=claude-haiku-4-5") + "</Metrics>")));
        aws.server.stubFor(cloudWatch("GetMetricData").willReturn(cloudWatchReply("GetMetricData",
                "<MetricDataResults>" + result("m0", "2026-11-30T00:00:00Z=4.5", "2026-12-01T00:00:00Z=1.25")
                        + result("m1", "2026-12-01T00:00:00Z=0.5") + "</MetricDataResults><Messages/>")));

        List<CloudWatchUsage.Series> series = usage.usage("CostUsd", "daemon-1", true, START, END,
                Duration.ofDays(1)).orThrow();

        Map<String, String> list = forms("ListMetrics").get(0);
        assertThat(list).containsEntry("Namespace", "Burnwatch").containsEntry("MetricName", "CostUsd")
                .containsEntry("Dimensions.member.1.Name", "Host")
                .containsEntry("Dimensions.member.1.Value", "daemon-1");
        Map<String, String> get = forms("GetMetricData").get(0);
        assertThat(get).containsEntry("MetricDataQueries.member.1.Id", "m0")
                .containsEntry("MetricDataQueries.member.1.MetricStat.Period", "86400")
                .containsEntry("MetricDataQueries.member.1.MetricStat.Stat", "Sum")
                .containsEntry("MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.2.Value",
                        "claude-sonnet-4-5")
                .containsEntry("MetricDataQueries.member.2.MetricStat.Metric.Dimensions.member.2.Value",
                        "claude-haiku-4-5")
                .containsEntry("StartTime", "2026-11-30T00:00:00Z").containsEntry("EndTime", "2026-12-02T00:00:00Z")
                .containsEntry("ScanBy", "TimestampAscending")
                .doesNotContainKey("MetricDataQueries.member.3.Id");
        assertThat(series).hasSize(2);
        assertThat(series.get(0).dimensions()).containsEntry("Model", "claude-sonnet-4-5");
        assertThat(series.get(0).points()).extracting(CloudWatchUsage.Point::value).containsExactly(4.5, 1.25);
        assertThat(series.get(0).total()).isEqualTo(5.75);
        assertThat(series.get(1).total()).isEqualTo(0.5);
    }

    @Test
    void hourlySumsUseAPeriodOf3600AndFollowNextToken() {
        aws.server.stubFor(cloudWatch("ListMetrics").willReturn(cloudWatchReply("ListMetrics", "<Metrics>"
                + metric("Burnwatch", "InputTokens", "Host=daemon-2") + "</Metrics>")));
        aws.server.stubFor(cloudWatch("GetMetricData").withRequestBody(notContaining("NextToken"))
                .willReturn(cloudWatchReply("GetMetricData", "<MetricDataResults>"
                        + result("m0", "2026-11-30T10:00:00Z=100")
                        + "</MetricDataResults><NextToken>more</NextToken>")));
        aws.server.stubFor(cloudWatch("GetMetricData").withRequestBody(containing("NextToken=more"))
                .willReturn(cloudWatchReply("GetMetricData", "<MetricDataResults>"
                        + result("m0", "2026-11-30T11:00:00Z=250") + "</MetricDataResults>")));

        List<CloudWatchUsage.Series> series = usage.usage("InputTokens", null, false, START, END,
                Duration.ofHours(1)).orThrow();

        assertThat(forms("GetMetricData")).hasSize(2)
                .allSatisfy(f -> assertThat(f).containsEntry("MetricDataQueries.member.1.MetricStat.Period", "3600"));
        assertThat(forms("ListMetrics").get(0)).doesNotContainKey("Dimensions.member.1.Name");
        assertThat(series.get(0).points()).extracting(CloudWatchUsage.Point::start)
                .containsExactly(Instant.parse("2026-11-30T10:00:00Z"), Instant.parse("2026-11-30T11:00:00Z"));
        assertThat(series.get(0).total()).isEqualTo(350);
    }

    @Test
    void theFleetSummaryAddsUpEveryHostFromTheHostSeries() {
        aws.server.stubFor(cloudWatch("ListMetrics").willReturn(cloudWatchReply("ListMetrics", "<Metrics>"
                + metric("Burnwatch", "CostUsd", "Host=a") + metric("Burnwatch", "CostUsd", "Host=b")
                + metric("Burnwatch", "CostUsd", "Host=a", "Model=claude-sonnet-4-5")
                + metric("Burnwatch", "Sessions", "Host=a") + "</Metrics>")));
        aws.server.stubFor(cloudWatch("GetMetricData").willReturn(cloudWatchReply("GetMetricData",
                "<MetricDataResults>" + result("m0", "2026-11-30T00:00:00Z=2", "2026-12-01T00:00:00Z=3")
                        + result("m1", "2026-12-01T00:00:00Z=4") + result("m2", "2026-12-01T00:00:00Z=7")
                        + "</MetricDataResults>")));

        CloudWatchUsage.FleetSummary fleet = usage.fleet(START, END).orThrow();

        assertThat(forms("ListMetrics").get(0)).containsEntry("Namespace", "Burnwatch")
                .doesNotContainKey("MetricName");
        assertThat(fleet.byHost().get("a")).containsEntry("CostUsd", 5.0).containsEntry("Sessions", 7.0);
        assertThat(fleet.byHost().get("b")).containsEntry("CostUsd", 4.0);
        assertThat(fleet.allHosts()).containsEntry("CostUsd", 9.0).containsEntry("Sessions", 7.0);
    }

    @Test
    void bedrockTokenMetricsAreReadPerModelId() {
        aws.server.stubFor(cloudWatch("ListMetrics").withRequestBody(containing("MetricName=InputTokenCount"))
                .willReturn(cloudWatchReply("ListMetrics", "<Metrics>" + metric("AWS/Bedrock", "InputTokenCount",
                        "ModelId=anthropic.claude-sonnet-4-5-20250929-v1:0") + "</Metrics>")));
        aws.server.stubFor(cloudWatch("ListMetrics").withRequestBody(notContaining("MetricName=InputTokenCount"))
                .willReturn(cloudWatchReply("ListMetrics", "<Metrics/>")));
        aws.server.stubFor(cloudWatch("GetMetricData").willReturn(cloudWatchReply("GetMetricData",
                "<MetricDataResults>" + result("m0", "2026-12-01T00:00:00Z=123456") + "</MetricDataResults>")));

        List<CloudWatchUsage.Series> series = usage.bedrock(START, END, Duration.ofDays(1)).orThrow();

        assertThat(forms("ListMetrics")).extracting(f -> f.get("Namespace")).containsOnly("AWS/Bedrock");
        assertThat(forms("ListMetrics")).extracting(f -> f.get("MetricName"))
                .containsExactly("InputTokenCount", "OutputTokenCount", "Invocations");
        assertThat(forms("GetMetricData").get(0)).containsEntry(
                "MetricDataQueries.member.1.MetricStat.Metric.Namespace", "AWS/Bedrock");
        assertThat(series).singleElement().satisfies(s -> {
            assertThat(s.dimensions()).containsEntry("ModelId", "anthropic.claude-sonnet-4-5-20250929-v1:0");
            assertThat(s.total()).isEqualTo(123456);
        });
    }

    @Test
    void anAccountWithoutBedrockMetricsGivesNoSeriesAndNoGetMetricData() {
        aws.server.stubFor(cloudWatch("ListMetrics").willReturn(cloudWatchReply("ListMetrics", "<Metrics/>")));

        List<CloudWatchUsage.Series> series = usage.bedrock(START, END, Duration.ofDays(1)).orThrow();

        assertThat(series).isEmpty();
        assertThat(forms("GetMetricData")).isEmpty();
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> windows() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(CloudWatchUsage.Window.LAST_24_HOURS,
                        "2026-12-02T16:00:00Z", "2026-12-03T16:00:00Z", "3600", 24),
                org.junit.jupiter.params.provider.Arguments.of(CloudWatchUsage.Window.LAST_7_DAYS,
                        "2026-11-27T00:00:00Z", "2026-12-04T00:00:00Z", "86400", 7),
                org.junit.jupiter.params.provider.Arguments.of(CloudWatchUsage.Window.LAST_30_DAYS,
                        "2026-11-04T00:00:00Z", "2026-12-04T00:00:00Z", "86400", 30),
                org.junit.jupiter.params.provider.Arguments.of(CloudWatchUsage.Window.LAST_90_DAYS,
                        "2026-09-05T00:00:00Z", "2026-12-04T00:00:00Z", "86400", 90));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("windows")
    void eachWindowReadsEveryHostsSeriesInOneGetMetricDataWithItsPeriodAndBounds(CloudWatchUsage.Window window,
            String start, String end, String period, int periods) {
        aws.server.stubFor(cloudWatch("ListMetrics").willReturn(cloudWatchReply("ListMetrics", "<Metrics>"
                + metric("Burnwatch", "InputTokens", "Host=a") + metric("Burnwatch", "CostUsd", "Host=a")
                + metric("Burnwatch", "CostUsd", "Host=a", "Model=claude-sonnet-4-5")
                + metric("Burnwatch", "CostUsd", "Host=b") + "</Metrics>")));
        aws.server.stubFor(cloudWatch("GetMetricData").willReturn(cloudWatchReply("GetMetricData",
                "<MetricDataResults>" + result("m0", start + "=100") + result("m1", start + "=1.5")
                        + result("m2", start + "=2.25") + "</MetricDataResults>")));
        Instant now = Instant.parse("2026-12-03T15:20:00Z");

        CloudWatchUsage.ReadBack readBack = usage.readBack(window, now).orThrow();

        assertThat(forms("ListMetrics")).singleElement().satisfies(f -> assertThat(f)
                .containsEntry("Namespace", "Burnwatch").doesNotContainKey("MetricName"));
        assertThat(forms("GetMetricData")).singleElement().satisfies(get -> {
            assertThat(get).containsEntry("StartTime", start).containsEntry("EndTime", end)
                    .containsEntry("ScanBy", "TimestampAscending");
            for (int i = 1; i <= 3; i++) {
                String query = "MetricDataQueries.member." + i + ".";
                assertThat(get).containsEntry(query + "Id", "m" + (i - 1))
                        .containsEntry(query + "MetricStat.Period", period)
                        .containsEntry(query + "MetricStat.Stat", "Sum")
                        .containsEntry(query + "MetricStat.Metric.Namespace", "Burnwatch")
                        .containsEntry(query + "MetricStat.Metric.Dimensions.member.1.Name", "Host")
                        .doesNotContainKey(query + "MetricStat.Metric.Dimensions.member.2.Name");
            }
            assertThat(get).containsEntry("MetricDataQueries.member.1.MetricStat.Metric.MetricName", "InputTokens")
                    .containsEntry("MetricDataQueries.member.3.MetricStat.Metric.Dimensions.member.1.Value", "b")
                    .doesNotContainKey("MetricDataQueries.member.4.Id");
        });
        assertThat(readBack.periods()).hasSize(periods).first().isEqualTo(Instant.parse(start));
        assertThat(readBack.hosts()).containsExactly("a", "b");
        assertThat(readBack.allHosts("CostUsd")).containsEntry(Instant.parse(start), 3.75);
        assertThat(readBack.byHost("CostUsd").get("b")).containsEntry(Instant.parse(start), 2.25);
        assertThat(readBack.allHosts("InputTokens")).containsEntry(Instant.parse(start), 100.0);
        assertThat(readBack.fleet().byHost().get("a")).containsEntry("CostUsd", 1.5).containsEntry("InputTokens",
                100.0);
    }

    @Test
    void bedrockTotalsOverAWindowArePerModelIdAndEmptyWithoutBedrock() {
        aws.server.stubFor(cloudWatch("ListMetrics").withRequestBody(containing("MetricName=InputTokenCount"))
                .willReturn(cloudWatchReply("ListMetrics", "<Metrics>" + metric("AWS/Bedrock", "InputTokenCount",
                        "ModelId=anthropic.claude-haiku-4-5-20251001-v1:0") + "</Metrics>")));
        aws.server.stubFor(cloudWatch("ListMetrics").withRequestBody(containing("MetricName=Invocations"))
                .willReturn(cloudWatchReply("ListMetrics", "<Metrics>" + metric("AWS/Bedrock", "Invocations",
                        "ModelId=anthropic.claude-haiku-4-5-20251001-v1:0") + "</Metrics>")));
        aws.server.stubFor(cloudWatch("ListMetrics").withRequestBody(containing("MetricName=OutputTokenCount"))
                .willReturn(cloudWatchReply("ListMetrics", "<Metrics/>")));
        aws.server.stubFor(cloudWatch("GetMetricData").willReturn(cloudWatchReply("GetMetricData",
                "<MetricDataResults>" + result("m0", "2026-12-03T10:00:00Z=5000", "2026-12-03T11:00:00Z=7000")
                        + result("m1", "2026-12-03T10:00:00Z=12") + "</MetricDataResults>")));

        CloudWatchUsage.BedrockTotals totals = usage.bedrock(CloudWatchUsage.Window.LAST_24_HOURS,
                Instant.parse("2026-12-03T15:20:00Z")).orThrow();

        assertThat(forms("GetMetricData").get(0)).containsEntry("MetricDataQueries.member.1.MetricStat.Period", "3600")
                .containsEntry("StartTime", "2026-12-02T16:00:00Z").containsEntry("EndTime", "2026-12-03T16:00:00Z");
        assertThat(totals.isEmpty()).isFalse();
        assertThat(totals.byModel().get("anthropic.claude-haiku-4-5-20251001-v1:0"))
                .containsEntry("InputTokenCount", 12000.0).containsEntry("Invocations", 12.0);
    }

    @Test
    void publishingHostsAreTheHostValuesOfTheSessionsSeriesRecentlyActiveWhenAsked() {
        aws.server.stubFor(cloudWatch("ListMetrics").willReturn(cloudWatchReply("ListMetrics", "<Metrics>"
                + metric("Burnwatch", "Sessions", "Host=agents-prod") + metric("Burnwatch", "Sessions",
                "Host=ip-10-0-0-5", "Model=claude-haiku-4-5") + "</Metrics>")));

        java.util.Set<String> hosts = usage.publishingHosts(true).orThrow();

        assertThat(forms("ListMetrics").get(0)).containsEntry("MetricName", "Sessions")
                .containsEntry("RecentlyActive", "PT3H");
        assertThat(hosts).containsExactly("agents-prod", "ip-10-0-0-5");
    }

    @Test
    void aPeriodThatIsNotWholeMinutesIsRefused() {
        assertThatThrownBy(() -> usage.usage("CostUsd", null, true, START, END, Duration.ofSeconds(90)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number of minutes");
    }

    @Test
    void accessDeniedOnReadingIsAProblem() {
        aws.server.stubFor(cloudWatch("ListMetrics").willReturn(cloudWatchError(403, "AccessDenied",
                "not authorized to perform: cloudwatch:ListMetrics")));

        AwsResult<CloudWatchUsage.FleetSummary> result = usage.fleet(START, END);

        assertThat(((AwsResult.Failed<CloudWatchUsage.FleetSummary>) result).problem().kind())
                .isEqualTo(AwsProblem.Kind.ACCESS_DENIED);
        assertThat(form(aws.requests().get(0))).containsEntry("Action", "ListMetrics");
    }
}
