package dev.burnwatch.ui.costs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.burnwatch.aws.AwsClients;
import dev.burnwatch.aws.AwsSettings;
import dev.burnwatch.aws.AwsWorkspace;
import dev.burnwatch.aws.CloudWatchUsage;
import dev.burnwatch.aws.CostComparison;
import dev.burnwatch.config.AppDirs;
import dev.burnwatch.monitor.HostReading;
import dev.burnwatch.ui.common.ConsoleModel;
import dev.burnwatch.ui.common.EventBus;
import dev.burnwatch.ui.common.FxSupport;
import dev.burnwatch.ui.common.HostItem;
import dev.burnwatch.ui.common.UiExecutor;
import dev.burnwatch.ui.common.UsageSource;
import dev.burnwatch.usage.ApiCall;
import dev.burnwatch.usage.Tokens;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javafx.scene.chart.XYChart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The Costs screen's model against real SDK clients and WireMock in the wire format of SDK
 * 2.40.2: the set-up check, billed days beside the estimate from the console's hosts, usage
 * types on demand, the CloudWatch read-back for each window, Bedrock's metrics, and the
 * budget alarm on the console's budget.
 */
class CostsViewModelTest {

    private static final String CW_NS = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    /** The workspace's clock: the windows' bounds follow from it. */
    private static final Instant NOW = Instant.parse("2026-12-03T15:20:00Z");
    private static final String SONNET = "Claude Sonnet 4.5 (Amazon Bedrock Edition)";
    private static final String[] AWS_PROPERTIES = {"aws.configFile", "aws.sharedCredentialsFile",
        "aws.disableEc2Metadata", "aws.accessKeyId", "aws.secretAccessKey", "aws.region"};

    @TempDir
    Path home;

    private final WireMockServer aws = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private final UiExecutor executor = new UiExecutor();
    private final Set<String> pricingThreads = ConcurrentHashMap.newKeySet();
    private final List<ApiCall> calls = new CopyOnWriteArrayList<>();
    private final Map<String, String> savedProperties = new HashMap<>();
    private boolean chainCredentials;
    private ConsoleModel model;

    @BeforeAll
    static void toolkit() {
        FxSupport.startToolkit();
    }

    @BeforeEach
    void start() throws Exception {
        for (String property : AWS_PROPERTIES) {
            savedProperties.put(property, System.getProperty(property));
        }
        System.setProperty("burnwatch.home", home.toString());
        Files.writeString(home.resolve("aws-empty"), "");
        System.setProperty("aws.configFile", home.resolve("aws-empty").toString());
        System.setProperty("aws.sharedCredentialsFile", home.resolve("aws-empty").toString());
        System.setProperty("aws.disableEc2Metadata", "true");
        aws.start();
    }

    @AfterEach
    void stop() throws Exception {
        FxSupport.onFx(() -> {
            if (model != null) {
                model.close();
            }
            return null;
        });
        executor.close();
        aws.stop();
        System.clearProperty("burnwatch.home");
        savedProperties.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    private AwsWorkspace workspace(AwsSettings settings) {
        AwsClients.Options options = AwsClients.Options.standard().withEndpoint(URI.create(aws.baseUrl()))
                .withRetries(new AwsClients.Retries(2, Duration.ofMillis(1), Duration.ofMillis(1),
                        Duration.ofMillis(2)))
                .withUserHome(home);
        if (!chainCredentials) {
            options = options.withCredentials(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIDTESTONLY", "x")));
        }
        AwsSettings withRegion = settings.region() == null && !chainCredentials ? settings.withRegion("eu-west-1")
                : settings;
        return new AwsWorkspace(withRegion, new AwsClients(withRegion, options), AppDirs.fromEnvironment(),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private CostsViewModel newViewModel(AwsSettings settings) throws Exception {
        return FxSupport.onFx(() -> {
            model = new ConsoleModel(executor, new EventBus(), (m, t) -> {
                pricingThreads.add(Thread.currentThread().getName());
                return Optional.of(BigDecimal.valueOf(t.input() * 3 / 1_000_000.0));
            }, ZoneOffset.UTC);
            model.addHost(new HostItem("h1", "h1", "", new UsageSource() {
                @Override
                public HostReading read() {
                    return new HostReading("h1", List.copyOf(calls), NOW, 0);
                }

                @Override
                public void close() {
                }
            }, null));
            return new CostsViewModel(model, executor, settings, home.resolve("config"), this::workspace);
        });
    }

    private CostsViewModel newViewModel() throws Exception {
        return newViewModel(new AwsSettings(null, null, "arn:aws:sns:eu-west-1:123456789012:burn", 3, null));
    }

    private void stub(String bodyPart, int status, String body) {
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing(bodyPart))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(body)));
    }

    private static String reply(String action, String result) {
        return "<" + action + "Response xmlns=\"" + CW_NS + "\"><" + action + "Result>" + result + "</" + action
                + "Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></" + action + "Response>";
    }

    private static String metric(String namespace, String name, String dimension, String value) {
        return "<member><Namespace>" + namespace + "</Namespace><MetricName>" + name + "</MetricName><Dimensions>"
                + "<member><Name>" + dimension + "</Name><Value>" + value + "</Value></member></Dimensions></member>";
    }

    private static String result(String id, String timestamp, double value) {
        return "<member><Id>" + id + "</Id><StatusCode>Complete</StatusCode><Timestamps><member>" + timestamp
                + "</member></Timestamps><Values><member>" + value + "</member></Values></member>";
    }

    /**
     * Cost Explorer's reply, the current month all estimated as AWS has it: Claude Sonnet and
     * Lambda billed two days ago, Sonnet yesterday, today still empty.
     */
    private void stubTheBill() {
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target",
                        equalTo("AWSInsightsIndexService.GetCostAndUsage"))
                .withRequestBody(notContaining("USAGE_TYPE"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"ResultsByTime\":[" + billedDay("2026-12-01", "[{\"Keys\":[\"" + SONNET
                                + "\"],\"Metrics\":{\"UnblendedCost\":{\"Amount\":\"3.10\",\"Unit\":\"USD\"}}},"
                                + "{\"Keys\":[\"AWS Lambda\"],\"Metrics\":{\"UnblendedCost\":{\"Amount\":"
                                + "\"0.40\",\"Unit\":\"USD\"}}}]") + "," + billedDay("2026-12-02", "[{\"Keys\":[\""
                                + SONNET + "\"],\"Metrics\":{\"UnblendedCost\":{\"Amount\":\"1.00\",\"Unit\":"
                                + "\"USD\"}}}]") + "," + billedDay("2026-12-03", "[]") + "]}")));
    }

    private static String billedDay(String day, String groups) {
        return "{\"TimePeriod\":{\"Start\":\"" + day + "\",\"End\":\"" + java.time.LocalDate.parse(day).plusDays(1)
                + "\"},\"Groups\":" + groups + ",\"Estimated\":true}";
    }

    /** Two hosts published CostUsd and InputTokens; Bedrock has one model's input tokens. */
    private void stubCloudWatch(boolean withBedrock) {
        stub("Action=ListMetrics&Version=2010-08-01&Namespace=Burnwatch", 200, reply("ListMetrics", "<Metrics>"
                + metric("Burnwatch", "CostUsd", "Host", "daemon-1")
                + metric("Burnwatch", "CostUsd", "Host", "daemon-2")
                + metric("Burnwatch", "InputTokens", "Host", "daemon-1") + "</Metrics>"));
        stub("Namespace=AWS%2FBedrock", 200, reply("ListMetrics", withBedrock ? "<Metrics>"
                + metric("AWS/Bedrock", "InputTokenCount", "ModelId", "anthropic.claude-sonnet-4-5-v1:0")
                + "</Metrics>" : "<Metrics/>"));
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetMetricData"))
                .withRequestBody(containing("Metric.Namespace=Burnwatch"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(reply(
                        "GetMetricData", "<MetricDataResults>" + result("m0", "2026-12-02T00:00:00Z", 2.5)
                                + result("m1", "2026-12-03T00:00:00Z", 1.25)
                                + result("m2", "2026-12-02T00:00:00Z", 40000) + "</MetricDataResults>"))));
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetMetricData"))
                .withRequestBody(containing("Metric.Namespace=AWS%2FBedrock"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(reply(
                        "GetMetricData", "<MetricDataResults>" + result("m0", "2026-12-02T00:00:00Z", 123456)
                                + "</MetricDataResults>"))));
    }

    private List<LoggedRequest> requests() {
        List<LoggedRequest> requests = new ArrayList<>(aws.findAll(anyRequestedFor(anyUrl())));
        requests.sort(java.util.Comparator.comparing(LoggedRequest::getLoggedDate));
        return requests;
    }

    private List<Map<String, String>> forms(String action) {
        return requests().stream().filter(r -> r.getBodyAsString().startsWith("Action=" + action + "&"))
                .map(CostsViewModelTest::form).collect(Collectors.toList());
    }

    private List<JsonNode> costExplorerBodies() throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest request : requests()) {
            if (request.getHeader("X-Amz-Target") != null) {
                bodies.add(new ObjectMapper().readTree(request.getBodyAsString()));
            }
        }
        return bodies;
    }

    private static Map<String, String> form(LoggedRequest request) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            String[] parts = pair.split("=", 2);
            params.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(parts.length > 1 ? parts[1] : "", StandardCharsets.UTF_8));
        }
        return params;
    }

    private void showAndWait(CostsViewModel viewModel) throws Exception {
        FxSupport.onFx(() -> {
            viewModel.setShowing(true);
            return null;
        });
        waitUntilLoaded(viewModel);
    }

    private void waitUntilLoaded(CostsViewModel viewModel) throws Exception {
        Thread.sleep(50);
        FxSupport.waitFor("all panels", () -> !viewModel.loadingProperty().get());
    }

    private void waitForFirstReading() throws Exception {
        FxSupport.waitFor("the host's first reading", () -> model.hosts().get(0).figuresProperty().get() != null);
    }

    @Test
    void billedDaysSitBesideTheEstimateAndAFailingAlarmLeavesTheOtherPanelsWorking() throws Exception {
        stubTheBill();
        stubCloudWatch(false);
        stub("Action=DescribeAlarms", 403, "<ErrorResponse xmlns=\"" + CW_NS + "\"><Error><Type>Sender</Type>"
                + "<Code>AccessDenied</Code><Message>not authorized to perform: cloudwatch:DescribeAlarms</Message>"
                + "</Error><RequestId>r</RequestId></ErrorResponse>");
        calls.add(new ApiCall("h1", "s1", "/w", "claude-sonnet-4-5", Instant.parse("2026-12-01T12:00:00Z"), false,
                new Tokens(1_000_000, 0, 0, 0, 0)));
        CostsViewModel viewModel = newViewModel();
        waitForFirstReading();

        FxSupport.onFx(() -> {
            viewModel.alarmHostProperty().set("daemon-1");
            return null;
        });
        showAndWait(viewModel);

        assertThat(FxSupport.onFx(() -> viewModel.setupProblemProperty().get())).isEmpty();
        assertThat(FxSupport.onFx(() -> viewModel.setupStateProperty().get()))
                .isEqualTo("AWS: credentials from the credentials given to Burnwatch, region eu-west-1.");
        assertThat(FxSupport.onFx(() -> viewModel.alarmProblemProperty().get())).contains("cloudwatch:DescribeAlarms");
        assertThat(FxSupport.onFx(() -> viewModel.billingProblemProperty().get())).isEmpty();
        List<CostComparison.Row> rows = FxSupport.onFx(() -> List.copyOf(viewModel.rows()));
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).billedClaudeUsd()).isEqualByComparingTo("3.10");
        assertThat(rows.get(0).estimatedUsd()).isEqualByComparingTo("3");
        assertThat(rows).extracting(CostComparison.Row::incomplete).containsExactly(false, true, true);
        assertThat(rows.get(0).estimated()).isTrue();
        assertThat(FxSupport.onFx(() -> viewModel.verdictProperty().get()))
                .contains("within 10% of the bill ($3.10)").contains("1 Cost Explorer request, $0.01 each");
        assertThat(FxSupport.onFx(() -> List.copyOf(viewModel.services()))).extracting(l -> l.service())
                .containsExactly("Claude on Bedrock", "AWS Lambda");
        assertThat(FxSupport.onFx(() -> List.copyOf(viewModel.fleet()))).extracting(CostsViewModel.FleetRow::host)
                .containsExactly("daemon-1", "daemon-2", "All hosts");
        assertThat(costExplorerBodies()).hasSize(1);
    }

    @Test
    void theFigureOfASecondLookComesFromTheCacheAndSaysSo() throws Exception {
        stubTheBill();
        stubCloudWatch(false);
        CostsViewModel viewModel = newViewModel();
        showAndWait(viewModel);

        FxSupport.onFx(() -> {
            viewModel.refresh();
            return null;
        });
        waitUntilLoaded(viewModel);

        assertThat(costExplorerBodies()).as("estimated days are cached for hours").hasSize(1);
        assertThat(FxSupport.onFx(() -> viewModel.verdictProperty().get()))
                .contains("From the cache: no Cost Explorer request").contains("asked again 6 h after that");
    }

    @Test
    void eachWindowIsReadBackWithItsPeriodAndBoundsAndChartedByKindAndHost() throws Exception {
        stubTheBill();
        stubCloudWatch(false);
        CostsViewModel viewModel = newViewModel();
        showAndWait(viewModel);
        Map<CloudWatchUsage.Window, String[]> expected = new LinkedHashMap<>();
        expected.put(CloudWatchUsage.Window.LAST_24_HOURS, new String[] {"3600", "2026-12-02T16:00:00Z",
            "2026-12-03T16:00:00Z", "24"});
        expected.put(CloudWatchUsage.Window.LAST_30_DAYS, new String[] {"86400", "2026-11-04T00:00:00Z",
            "2026-12-04T00:00:00Z", "30"});
        expected.put(CloudWatchUsage.Window.LAST_90_DAYS, new String[] {"86400", "2026-09-05T00:00:00Z",
            "2026-12-04T00:00:00Z", "90"});
        expected.put(CloudWatchUsage.Window.LAST_7_DAYS, new String[] {"86400", "2026-11-27T00:00:00Z",
            "2026-12-04T00:00:00Z", "7"});

        Map<CloudWatchUsage.Window, List<XYChart.Series<String, Number>>> tokenCharts = new LinkedHashMap<>();
        Map<CloudWatchUsage.Window, Map<String, String>> burnwatchRequests = new LinkedHashMap<>();
        for (CloudWatchUsage.Window window : expected.keySet()) {
            aws.resetRequests();
            FxSupport.onFx(() -> {
                viewModel.windowProperty().set(window);
                return null;
            });
            waitUntilLoaded(viewModel);
            tokenCharts.put(window, FxSupport.onFx(() -> List.copyOf(viewModel.tokenChart())));
            burnwatchRequests.put(window, forms("GetMetricData").stream()
                    .filter(f -> "Burnwatch".equals(f.get("MetricDataQueries.member.1.MetricStat.Metric.Namespace")))
                    .findFirst().orElseThrow());
        }

        expected.forEach((window, want) -> {
            Map<String, String> get = burnwatchRequests.get(window);
            assertThat(get).as(window.label()).containsEntry("StartTime", want[1]).containsEntry("EndTime", want[2]);
            for (int i = 1; i <= 3; i++) {
                String query = "MetricDataQueries.member." + i + ".MetricStat.";
                assertThat(get).as(window.label()).containsEntry(query + "Period", want[0])
                        .containsEntry(query + "Stat", "Sum")
                        .containsEntry(query + "Metric.Dimensions.member.1.Name", "Host");
            }
            assertThat(get).containsEntry("MetricDataQueries.member.1.MetricStat.Metric.MetricName", "CostUsd")
                    .containsEntry("MetricDataQueries.member.2.MetricStat.Metric.Dimensions.member.1.Value", "daemon-2")
                    .containsEntry("MetricDataQueries.member.3.MetricStat.Metric.MetricName", "InputTokens");
            List<XYChart.Series<String, Number>> tokens = tokenCharts.get(window);
            assertThat(tokens).extracting(XYChart.Series::getName)
                    .containsExactly("Input", "Output", "Cache write", "Cache read");
            assertThat(tokens.get(0).getData()).as(window.label()).hasSize(Integer.parseInt(want[3]));
        });
        List<XYChart.Series<String, Number>> week = tokenCharts.get(CloudWatchUsage.Window.LAST_7_DAYS);
        assertThat(week.get(0).getData()).extracting(XYChart.Data::getXValue)
                .containsExactly("11-27", "11-28", "11-29", "11-30", "12-01", "12-02", "12-03");
        assertThat(week.get(0).getData().get(5).getYValue().doubleValue()).isEqualTo(40000);
        List<XYChart.Series<String, Number>> cost = FxSupport.onFx(() -> List.copyOf(viewModel.costChart()));
        assertThat(cost).extracting(XYChart.Series::getName).containsExactly("daemon-1", "daemon-2");
        assertThat(cost.get(0).getData().get(5).getYValue().doubleValue()).isEqualTo(2.5);
        assertThat(cost.get(1).getData().get(6).getYValue().doubleValue()).isEqualTo(1.25);
        assertThat(FxSupport.onFx(() -> List.copyOf(viewModel.publishedHosts()))).containsExactly("daemon-1",
                "daemon-2");
    }

    @Test
    void bedrocksOwnTokenMetricsAreShownPerModelAndTheirAbsenceIsSaidInWords() throws Exception {
        stubTheBill();
        stubCloudWatch(true);
        CostsViewModel withBedrock = newViewModel();
        showAndWait(withBedrock);
        List<CostsViewModel.BedrockRow> rows = FxSupport.onFx(() -> List.copyOf(withBedrock.bedrock()));

        aws.resetMappings();
        stubTheBill();
        stubCloudWatch(false);
        FxSupport.onFx(() -> {
            withBedrock.refresh();
            return null;
        });
        waitUntilLoaded(withBedrock);

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.modelId()).isEqualTo("anthropic.claude-sonnet-4-5-v1:0");
            assertThat(row.inputTokens()).isEqualTo(123456);
        });
        assertThat(FxSupport.onFx(() -> List.copyOf(withBedrock.bedrock()))).isEmpty();
        assertThat(FxSupport.onFx(() -> withBedrock.bedrockMessageProperty().get()))
                .isEqualTo("No Bedrock metrics in eu-west-1 over the last 7 days: the agents do not call Bedrock"
                        + " here.");
        assertThat(forms("ListMetrics")).extracting(f -> f.get("MetricName")).contains("InputTokenCount",
                "OutputTokenCount", "Invocations");
    }

    @Test
    void usageTypesAreAskedForOnDemandForTheClaudeServicesOnTheBill() throws Exception {
        stubTheBill();
        stubCloudWatch(false);
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target",
                        equalTo("AWSInsightsIndexService.GetCostAndUsage"))
                .withRequestBody(containing("USAGE_TYPE"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"ResultsByTime\":[{\"TimePeriod\":{\"Start\":\"2026-12-01\",\"End\":"
                                + "\"2026-12-02\"},\"Groups\":[{\"Keys\":[\"" + SONNET + "\","
                                + "\"USE1-MP:USE1_OutputTokenCount-Units\"],\"Metrics\":{\"UnblendedCost\":"
                                + "{\"Amount\":\"2.60\",\"Unit\":\"USD\"}}},{\"Keys\":[\"" + SONNET + "\","
                                + "\"USE1-MP:USE1_InputTokenCount-Units\"],\"Metrics\":{\"UnblendedCost\":"
                                + "{\"Amount\":\"0.50\",\"Unit\":\"USD\"}}}],\"Estimated\":true}]}")));
        CostsViewModel viewModel = newViewModel();
        showAndWait(viewModel);
        int beforeAsking = costExplorerBodies().size();

        FxSupport.onFx(() -> {
            viewModel.loadUsageTypes();
            return null;
        });
        waitUntilLoaded(viewModel);

        assertThat(beforeAsking).as("usage types cost a request of their own: not asked for unasked").isEqualTo(1);
        List<JsonNode> bodies = costExplorerBodies();
        assertThat(bodies).hasSize(2);
        JsonNode request = bodies.get(1);
        assertThat(request.path("GroupBy").toString()).isEqualTo("[{\"Type\":\"DIMENSION\",\"Key\":\"SERVICE\"},"
                + "{\"Type\":\"DIMENSION\",\"Key\":\"USAGE_TYPE\"}]");
        assertThat(request.path("Filter").path("Dimensions").path("Key").asText()).isEqualTo("SERVICE");
        assertThat(request.path("Filter").path("Dimensions").path("Values").toString())
                .isEqualTo("[\"" + SONNET + "\"]");
        assertThat(request.path("TimePeriod").path("Start").asText()).isEqualTo("2026-12-01");
        assertThat(request.path("TimePeriod").path("End").asText()).isEqualTo("2026-12-04");
        assertThat(FxSupport.onFx(() -> List.copyOf(viewModel.usageTypes())))
                .extracting(CostsViewModel.UsageTypeRow::usageType)
                .containsExactly("USE1-MP:USE1_OutputTokenCount-Units", "USE1-MP:USE1_InputTokenCount-Units");
        assertThat(FxSupport.onFx(() -> viewModel.usageTypesMessageProperty().get())).contains("$0.01 each");
    }

    @Test
    void withoutCredentialsTheScreenSaysOnceWhatToDoAndAsksAwsNothing() throws Exception {
        chainCredentials = true;
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.setProperty("aws.region", "eu-west-1");
        CostsViewModel viewModel = newViewModel(AwsSettings.defaults());

        showAndWait(viewModel);

        String problem = FxSupport.onFx(() -> viewModel.setupProblemProperty().get());
        assertThat(problem).startsWith("No AWS credentials were found").contains("aws sso login")
                .contains("the AWS settings (profile and region) below").doesNotContain("workspace");
        assertThat(FxSupport.onFx(() -> viewModel.rows().size() + viewModel.fleet().size())).isZero();
        assertThat(FxSupport.onFx(() -> viewModel.billingProblemProperty().get())).isEmpty();
        assertThat(requests()).isEmpty();
    }

    @Test
    void theAlarmIsSetAtTheConsolesBudgetAndItsStateIsRead() throws Exception {
        stub("Action=PutMetricAlarm", 200, "<PutMetricAlarmResponse xmlns=\"" + CW_NS + "\"><ResponseMetadata>"
                + "<RequestId>r</RequestId></ResponseMetadata></PutMetricAlarmResponse>");
        stub("Action=DescribeAlarms", 200, reply("DescribeAlarms", "<MetricAlarms><member><AlarmName>Burnwatch"
                + " daily cost daemon-1</AlarmName><StateValue>OK</StateValue><StateReason>Threshold not crossed"
                + "</StateReason><Threshold>7.5</Threshold></member></MetricAlarms>"));
        CostsViewModel viewModel = newViewModel();

        FxSupport.onFx(() -> {
            model.budgetProperty().set(new BigDecimal("7.5"));
            viewModel.alarmHostProperty().set("daemon-1");
            viewModel.setAlarm();
            return null;
        });
        waitUntilLoaded(viewModel);
        String stateAtTheBudget = FxSupport.onFx(() -> viewModel.alarmStateProperty().get());
        String afterTheBudgetMoved = FxSupport.onFx(() -> {
            model.budgetProperty().set(new BigDecimal("5"));
            return viewModel.alarmStateProperty().get();
        });

        Map<String, String> put = forms("PutMetricAlarm").get(0);
        assertThat(put).containsEntry("AlarmName", "Burnwatch daily cost daemon-1")
                .containsEntry("Namespace", "Burnwatch").containsEntry("MetricName", "CostUsd")
                .containsEntry("Dimensions.member.1.Name", "Host")
                .containsEntry("Dimensions.member.1.Value", "daemon-1")
                .containsEntry("Statistic", "Sum").containsEntry("Period", "86400").containsEntry("Threshold", "7.5")
                .containsEntry("AlarmActions.member.1", "arn:aws:sns:eu-west-1:123456789012:burn");
        assertThat(forms("DescribeAlarms").get(0)).containsEntry("AlarmNames.member.1",
                "Burnwatch daily cost daemon-1");
        assertThat(stateAtTheBudget).isEqualTo("OK at $7.5 a day: Threshold not crossed");
        assertThat(afterTheBudgetMoved).endsWith("The budget is now $5: Set alarm to update it.");
    }

    @Test
    void theEstimateFollowsTheHostsOffTheFxThreadAndOnlyWhileTheScreenIsOnShow() throws Exception {
        stubTheBill();
        stubCloudWatch(false);
        calls.add(new ApiCall("h1", "s1", "/w", "claude-sonnet-4-5", Instant.parse("2026-12-01T12:00:00Z"), false,
                new Tokens(1_000_000, 0, 0, 0, 0)));
        CostsViewModel viewModel = newViewModel();
        waitForFirstReading();
        showAndWait(viewModel);
        FxSupport.onFx(() -> {
            viewModel.setShowing(false);
            return null;
        });

        calls.add(new ApiCall("h1", "s2", "/w", "claude-sonnet-4-5", Instant.parse("2026-12-01T13:00:00Z"), false,
                new Tokens(1_000_000, 0, 0, 0, 0)));
        FxSupport.onFx(() -> {
            model.refreshAll();
            return null;
        });
        FxSupport.waitFor("the second reading", () -> model.hosts().get(0).figuresProperty().get().reading()
                .calls().size() == 2);
        Thread.sleep(300);
        BigDecimal whileAway = FxSupport.onFx(() -> viewModel.rows().get(0).estimatedUsd());
        FxSupport.onFx(() -> {
            viewModel.setShowing(true);
            return null;
        });
        FxSupport.waitFor("the new estimate", () -> viewModel.rows().get(0).estimatedUsd()
                .compareTo(new BigDecimal("6")) == 0);

        assertThat(whileAway).isEqualByComparingTo("3");
        assertThat(pricingThreads).isNotEmpty().noneMatch(name -> name.contains("JavaFX"));
        assertThat(costExplorerBodies()).as("the bill is not asked for again").hasSize(1);
    }

    @Test
    void savedSettingsAreWrittenAndBadNumbersAreExplained() throws Exception {
        aws.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(500)));
        CostsViewModel viewModel = newViewModel();

        String refused = FxSupport.onFx(() -> {
            viewModel.daysProperty().set("thirty");
            viewModel.saveSettings();
            return viewModel.settingsMessageProperty().get();
        });
        FxSupport.onFx(() -> {
            viewModel.daysProperty().set("14");
            viewModel.regionProperty().set("eu-central-1");
            viewModel.saveSettings();
            return null;
        });
        FxSupport.waitFor("the settings file", () -> Files.exists(home.resolve("config/aws.json")));
        waitUntilLoaded(viewModel);

        assertThat(refused).contains("cost days must be a whole number");
        AwsSettings saved = AwsSettings.load(home.resolve("config"));
        assertThat(saved.costDays()).isEqualTo(14);
        assertThat(saved.region()).isEqualTo("eu-central-1");
        assertThat(Files.readString(home.resolve("config/aws.json"))).doesNotContain("budget");
    }
}
