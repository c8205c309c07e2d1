package dev.burnwatch.ui.costs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.burnwatch.aws.AwsClients;
import dev.burnwatch.aws.AwsSettings;
import dev.burnwatch.aws.AwsWorkspace;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The Costs screen's model against real SDK clients and WireMock: billed days beside the
 * estimate from the console's hosts, the fleet from CloudWatch, and a failing alarm panel
 * that leaves the others working.
 */
class CostsViewModelTest {

    private static final String CW_NS = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    private static final Instant NOW = Instant.now();

    @TempDir
    Path home;

    private final WireMockServer aws = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private final UiExecutor executor = new UiExecutor();
    private ConsoleModel model;

    @BeforeAll
    static void toolkit() {
        FxSupport.startToolkit();
    }

    @BeforeEach
    void start() {
        System.setProperty("burnwatch.home", home.toString());
        aws.start();
    }

    @AfterEach
    void stop() throws Exception {
        FxSupport.onFx(() -> {
            model.close();
            return null;
        });
        executor.close();
        aws.stop();
        System.clearProperty("burnwatch.home");
    }

    private AwsWorkspace workspace(AwsSettings settings) {
        AwsClients.Options options = AwsClients.Options.standard().withEndpoint(URI.create(aws.baseUrl()))
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTESTONLY", "x")))
                .withRetries(new AwsClients.Retries(2, Duration.ofMillis(1), Duration.ofMillis(1),
                        Duration.ofMillis(2)))
                .withUserHome(home);
        AwsSettings withRegion = settings.region() == null ? settings.withRegion("eu-west-1") : settings;
        return new AwsWorkspace(withRegion, new AwsClients(withRegion, options), AppDirs.fromEnvironment(),
                Clock.systemUTC());
    }

    private CostsViewModel newViewModel(List<ApiCall> calls) throws Exception {
        return FxSupport.onFx(() -> {
            model = new ConsoleModel(executor, new EventBus(), (m, t) -> Optional.of(BigDecimal.valueOf(
                    t.input() * 3 / 1_000_000.0)), ZoneOffset.UTC);
            model.addHost(new HostItem("h1", "h1", "", new UsageSource() {
                @Override
                public HostReading read() {
                    return new HostReading("h1", calls, NOW, 0);
                }

                @Override
                public void close() {
                }
            }, null));
            return new CostsViewModel(model, executor, new AwsSettings(null, null, null, null, 2),
                    home.resolve("config"), this::workspace);
        });
    }

    private void stubCloudWatch(String action, int status, String body) {
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(body)));
    }

    @Test
    void billedDaysSitBesideTheEstimateAndAFailingAlarmLeavesTheOtherPanelsWorking() throws Exception {
        String yesterday = NOW.atZone(ZoneOffset.UTC).toLocalDate().minusDays(1).toString();
        String today = NOW.atZone(ZoneOffset.UTC).toLocalDate().toString();
        String tomorrow = NOW.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).toString();
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSInsightsIndexService.GetCostAndUsage"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"ResultsByTime\":[{\"TimePeriod\":{\"Start\":\"" + yesterday + "\",\"End\":\""
                                + today + "\"},\"Groups\":[{\"Keys\":[\"Claude Sonnet 4.5 (Amazon Bedrock Edition)\"],"
                                + "\"Metrics\":{\"UnblendedCost\":{\"Amount\":\"3.10\",\"Unit\":\"USD\"}}},"
                                + "{\"Keys\":[\"AWS Lambda\"],\"Metrics\":{\"UnblendedCost\":{\"Amount\":\"0.40\","
                                + "\"Unit\":\"USD\"}}}],\"Estimated\":false},{\"TimePeriod\":{\"Start\":\"" + today
                                + "\",\"End\":\"" + tomorrow + "\"},\"Groups\":[],\"Estimated\":true}]}")));
        stubCloudWatch("ListMetrics", 200, "<ListMetricsResponse xmlns=\"" + CW_NS + "\"><ListMetricsResult>"
                + "<Metrics><member><Namespace>Burnwatch</Namespace><MetricName>CostUsd</MetricName><Dimensions>"
                + "<member><Name>Host</Name><Value>daemon-1</Value></member></Dimensions></member></Metrics>"
                + "</ListMetricsResult></ListMetricsResponse>");
        stubCloudWatch("GetMetricData", 200, "<GetMetricDataResponse xmlns=\"" + CW_NS + "\"><GetMetricDataResult>"
                + "<MetricDataResults><member><Id>m0</Id><StatusCode>Complete</StatusCode><Timestamps><member>"
                + yesterday + "T00:00:00Z</member></Timestamps><Values><member>2.5</member></Values></member>"
                + "</MetricDataResults></GetMetricDataResult></GetMetricDataResponse>");
        stubCloudWatch("DescribeAlarms", 403, "<ErrorResponse xmlns=\"" + CW_NS + "\"><Error><Type>Sender</Type>"
                + "<Code>AccessDenied</Code><Message>not authorized to perform: cloudwatch:DescribeAlarms</Message>"
                + "</Error><RequestId>r</RequestId></ErrorResponse>");
        Instant yesterdayNoon = Instant.parse(yesterday + "T12:00:00Z");
        CostsViewModel viewModel = newViewModel(List.of(new ApiCall("h1", "s1", "/w", "claude-sonnet-4-5",
                yesterdayNoon, false, new Tokens(1_000_000, 0, 0, 0, 0))));
        FxSupport.waitFor("the host's first reading", () -> model.hosts().get(0).figuresProperty().get() != null);

        FxSupport.onFx(() -> {
            viewModel.alarmHostProperty().set("daemon-1");
            viewModel.refresh();
            return null;
        });
        FxSupport.waitFor("all panels", () -> !viewModel.loadingProperty().get());

        assertThat(FxSupport.onFx(() -> viewModel.alarmProblemProperty().get()))
                .contains("cloudwatch:DescribeAlarms");
        assertThat(FxSupport.onFx(() -> viewModel.billingProblemProperty().get())).isEmpty();
        List<dev.burnwatch.aws.CostComparison.Row> rows = FxSupport.onFx(() -> List.copyOf(viewModel.rows()));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).billedClaudeUsd()).isEqualByComparingTo("3.10");
        assertThat(rows.get(0).estimatedUsd()).isEqualByComparingTo("3");
        assertThat(rows.get(1).incomplete()).isTrue();
        assertThat(FxSupport.onFx(() -> viewModel.verdictProperty().get())).contains("within 10%");
        assertThat(FxSupport.onFx(() -> List.copyOf(viewModel.services()))).extracting(l -> l.service())
                .containsExactly("Claude on Bedrock", "AWS Lambda");
        assertThat(FxSupport.onFx(() -> List.copyOf(viewModel.fleet()))).singleElement()
                .satisfies(row -> assertThat(row.costUsd()).isEqualTo(2.5));
    }

    @Test
    void savedSettingsAreWrittenForTheWorkspaceAndBadNumbersAreExplained() throws Exception {
        aws.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(500)));
        CostsViewModel viewModel = newViewModel(List.of());

        String refused = FxSupport.onFx(() -> {
            viewModel.budgetProperty().set("five");
            viewModel.saveSettings();
            return viewModel.settingsMessageProperty().get();
        });
        FxSupport.onFx(() -> {
            viewModel.budgetProperty().set("7.5");
            viewModel.regionProperty().set("eu-central-1");
            viewModel.saveSettings();
            return null;
        });
        FxSupport.waitFor("the settings file", () -> Files.exists(home.resolve("config/aws.json")));
        FxSupport.waitFor("all panels", () -> !viewModel.loadingProperty().get());

        assertThat(refused).contains("budget must be a number");
        AwsSettings saved = AwsSettings.load(home.resolve("config"));
        assertThat(saved.budgetUsdPerDay()).isEqualByComparingTo("7.5");
        assertThat(saved.region()).isEqualTo("eu-central-1");
    }
}
