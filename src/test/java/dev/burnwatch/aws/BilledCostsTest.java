package dev.burnwatch.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static dev.burnwatch.aws.AwsWireMock.costExplorer;
import static dev.burnwatch.aws.AwsWireMock.jsonError;
import static dev.burnwatch.aws.AwsWireMock.jsonReply;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BilledCostsTest {

    private static final Instant NOW = Instant.parse("2026-12-03T15:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private AwsWireMock aws;

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

    private BilledCosts billedCosts(Instant now) {
        AwsClients clients = aws.clients(AwsSettings.defaults(), home);
        return new BilledCosts(clients::costExplorer, home.resolve("data"), Clock.fixed(now, ZoneOffset.UTC));
    }

    /** One ResultsByTime entry with groups of [keys..., amount]. */
    static String day(String start, boolean estimated, String... groups) {
        StringBuilder json = new StringBuilder("{\"TimePeriod\":{\"Start\":\"" + start + "\",\"End\":\""
                + LocalDate.parse(start).plusDays(1) + "\"},\"Total\":{},\"Groups\":[");
        for (int i = 0; i < groups.length; i++) {
            String[] parts = groups[i].split("=");
            String keys = String.join("\",\"", parts[0].split("\\|"));
            json.append(i == 0 ? "" : ",").append("{\"Keys\":[\"").append(keys)
                    .append("\"],\"Metrics\":{\"UnblendedCost\":{\"Amount\":\"").append(parts[1])
                    .append("\",\"Unit\":\"USD\"}}}");
        }
        return json.append("],\"Estimated\":").append(estimated).append('}').toString();
    }

    static String page(String nextToken, String... days) {
        return "{\"GroupDefinitions\":[{\"Type\":\"DIMENSION\",\"Key\":\"SERVICE\"}],\"ResultsByTime\":["
                + String.join(",", days) + "],\"DimensionValueAttributes\":[]"
                + (nextToken == null ? "" : ",\"NextPageToken\":\"" + nextToken + "\"") + "}";
    }

    private List<JsonNode> requestBodies() throws Exception {
        List<JsonNode> bodies = new java.util.ArrayList<>();
        for (LoggedRequest request : aws.requests()) {
            bodies.add(JSON.readTree(request.getBodyAsString()));
        }
        return bodies;
    }

    @Test
    void dailyCostIsAskedForByServiceWithAnExclusiveEndAndClaudeOnBedrockIsSummed() throws Exception {
        aws.server.stubFor(costExplorer("GetCostAndUsage").willReturn(jsonReply(page(null,
                day("2026-12-02", false, "Claude Sonnet 4.5 (Amazon Bedrock Edition)=12.50",
                        "Claude Haiku 4.5 (Amazon Bedrock Edition)=0.75", "Amazon Elastic Compute Cloud - Compute=3.10",
                        "Amazon Bedrock=0.05"),
                day("2026-12-03", true, "Claude Sonnet 4.5 (Amazon Bedrock Edition)=4.00")))));

        AwsResult<BilledCosts.History> result = billedCosts(NOW).lastDays(2, BilledCosts.Breakdown.SERVICE);

        BilledCosts.History history = result.orThrow();
        assertThat(history.requests()).isEqualTo(1);
        JsonNode body = requestBodies().get(0);
        assertThat(body.path("TimePeriod").path("Start").asText()).isEqualTo("2026-12-02");
        assertThat(body.path("TimePeriod").path("End").asText()).isEqualTo("2026-12-04");
        assertThat(body.path("Granularity").asText()).isEqualTo("DAILY");
        assertThat(body.path("Metrics").toString()).isEqualTo("[\"UnblendedCost\"]");
        assertThat(body.path("GroupBy").toString()).isEqualTo("[{\"Type\":\"DIMENSION\",\"Key\":\"SERVICE\"}]");
        DailyCost yesterday = history.days().get(0);
        assertThat(yesterday.claudeOnBedrockUsd()).isEqualByComparingTo("13.25");
        assertThat(yesterday.totalUsd()).isEqualByComparingTo("16.40");
        assertThat(yesterday.byServiceWithClaudeSummed()).extracting(DailyCost.CostLine::service)
                .containsExactly("Amazon Bedrock", "Amazon Elastic Compute Cloud - Compute", "Claude on Bedrock");
        assertThat(yesterday.incomplete()).as("Cost Explorer lags up to a day").isTrue();
        assertThat(yesterday.estimated()).isFalse();
        assertThat(history.days().get(1).incomplete()).as("today is never complete").isTrue();
    }

    @Test
    void pagesAreFollowedThroughNextPageToken() throws Exception {
        aws.server.stubFor(costExplorer("GetCostAndUsage").withRequestBody(notContaining("NextPageToken"))
                .willReturn(jsonReply(page("page-2-token", day("2026-11-20", false,
                        "Claude Opus 4.5 (Amazon Bedrock Edition)=2.00")))));
        aws.server.stubFor(costExplorer("GetCostAndUsage").withRequestBody(containing("\"NextPageToken\":"
                + "\"page-2-token\"")).willReturn(jsonReply(page(null, day("2026-11-20", false,
                        "AWS Lambda=0.10"), day("2026-11-21", false, "AWS Lambda=0.20")))));

        BilledCosts.History history = billedCosts(NOW).range(LocalDate.parse("2026-11-20"),
                LocalDate.parse("2026-11-22"), BilledCosts.Breakdown.SERVICE).orThrow();

        assertThat(history.requests()).isEqualTo(2);
        assertThat(history.days().get(0).totalUsd()).isEqualByComparingTo("2.10");
        assertThat(history.days().get(0).claudeOnBedrockUsd()).isEqualByComparingTo("2.00");
        assertThat(history.days().get(1).totalUsd()).isEqualByComparingTo("0.20");
        assertThat(requestBodies().get(1).path("TimePeriod").path("Start").asText()).isEqualTo("2026-11-20");
    }

    @Test
    void estimatedDaysComeFromTheCacheForSixHoursAndSettledDaysForGood() throws Exception {
        aws.server.stubFor(costExplorer("GetCostAndUsage").willReturn(jsonReply(page(null,
                day("2026-11-28", false, "AWS Lambda=1.00"), day("2026-11-29", false, "AWS Lambda=1.00"),
                day("2026-11-30", false, "AWS Lambda=1.00"), day("2026-12-01", true, "AWS Lambda=1.00"),
                day("2026-12-02", true, "AWS Lambda=1.00"), day("2026-12-03", true, "AWS Lambda=0.50")))));
        BilledCosts.History first = billedCosts(NOW).lastDays(6, BilledCosts.Breakdown.SERVICE).orThrow();

        BilledCosts.History tenMinutesLater = billedCosts(NOW.plusSeconds(600))
                .lastDays(6, BilledCosts.Breakdown.SERVICE).orThrow();
        int requestsWithinTheHours = aws.requests().size();
        BilledCosts.History sevenHoursLater = billedCosts(NOW.plus(java.time.Duration.ofHours(7)))
                .lastDays(6, BilledCosts.Breakdown.SERVICE).orThrow();

        assertThat(first.requests()).isEqualTo(1);
        assertThat(tenMinutesLater.requests()).as("estimated days are cached too").isZero();
        assertThat(requestsWithinTheHours).isEqualTo(1);
        assertThat(tenMinutesLater.askedAt()).isEqualTo(NOW);
        assertThat(tenMinutesLater.days()).extracting(DailyCost::incomplete)
                .containsExactly(false, false, false, false, true, true);
        assertThat(tenMinutesLater.days()).extracting(DailyCost::estimated)
                .containsExactly(false, false, false, true, true, true);
        assertThat(tenMinutesLater.days().get(5).totalUsd()).isEqualByComparingTo("0.50");
        assertThat(sevenHoursLater.requests()).isEqualTo(1);
        List<JsonNode> bodies = requestBodies();
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(1).path("TimePeriod").path("Start").asText())
                .as("settled days are never asked for again").isEqualTo("2026-12-01");
        assertThat(sevenHoursLater.askedAt()).isEqualTo(NOW.plus(java.time.Duration.ofHours(7)));
    }

    @Test
    void todayIsAlwaysIncompleteEvenWhenAwsDoesNotMarkItEstimated() throws Exception {
        aws.server.stubFor(costExplorer("GetCostAndUsage").willReturn(jsonReply(page(null,
                day("2026-12-03", false, "AWS Lambda=0.50")))));

        BilledCosts.History history = billedCosts(NOW).lastDays(1, BilledCosts.Breakdown.SERVICE).orThrow();
        BilledCosts.History cached = billedCosts(NOW.plusSeconds(60)).lastDays(1, BilledCosts.Breakdown.SERVICE)
                .orThrow();

        assertThat(history.days().get(0).incomplete()).isTrue();
        assertThat(cached.requests()).isZero();
        assertThat(cached.days().get(0).incomplete()).isTrue();
    }

    @Test
    void aRangeOfSettledCachedDaysCostsNoRequest() throws Exception {
        aws.server.stubFor(costExplorer("GetCostAndUsage").willReturn(jsonReply(page(null,
                day("2026-11-01", false, "AWS Lambda=1.00"), day("2026-11-02", false)))));
        BilledCosts costs = billedCosts(NOW);
        costs.range(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-03"), BilledCosts.Breakdown.SERVICE);

        BilledCosts.History cached = costs.range(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-03"),
                BilledCosts.Breakdown.SERVICE).orThrow();

        assertThat(cached.requests()).isZero();
        assertThat(aws.requests()).hasSize(1);
        assertThat(cached.days().get(1).totalUsd()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void usageTypesAreAskedForOnDemandGroupedByServiceAndUsageType() throws Exception {
        aws.server.stubFor(costExplorer("GetCostAndUsage").withRequestBody(equalToJson(
                "{\"GroupBy\":[{\"Type\":\"DIMENSION\",\"Key\":\"SERVICE\"},{\"Type\":\"DIMENSION\","
                        + "\"Key\":\"USAGE_TYPE\"}]}", true, true))
                .willReturn(jsonReply(page(null, day("2026-12-01", false,
                        "Claude Sonnet 4.5 (Amazon Bedrock Edition)|USE1-MP:USE1_InputTokenCount-Units=1.20",
                        "Claude Sonnet 4.5 (Amazon Bedrock Edition)"
                                + "|USE1-MP:USE1_CacheReadInputTokenCount-Units=0.30")))));

        BilledCosts.History history = billedCosts(NOW).range(LocalDate.parse("2026-12-01"),
                LocalDate.parse("2026-12-02"), BilledCosts.Breakdown.USAGE_TYPE).orThrow();

        DailyCost day = history.days().get(0);
        assertThat(day.lines()).extracting(l -> l.keys().get(1)).containsExactly(
                "USE1-MP:USE1_InputTokenCount-Units", "USE1-MP:USE1_CacheReadInputTokenCount-Units");
        assertThat(day.claudeOnBedrockUsd()).isEqualByComparingTo("1.50");
    }

    @Test
    void usageTypesOfTheClaudeServicesOnlyAreAskedForWithAFilterAndCachedApart() throws Exception {
        aws.server.stubFor(costExplorer("GetCostAndUsage").willReturn(jsonReply(page(null, day("2026-12-01", false,
                "Claude Sonnet 4.5 (Amazon Bedrock Edition)|USE1-MP:USE1_OutputTokenCount-Units=2.00")))));
        List<String> claude = List.of("Claude Sonnet 4.5 (Amazon Bedrock Edition)",
                "Claude Haiku 4.5 (Amazon Bedrock Edition)");

        BilledCosts.History history = billedCosts(NOW).range(LocalDate.parse("2026-12-01"),
                LocalDate.parse("2026-12-02"), BilledCosts.Breakdown.USAGE_TYPE, claude).orThrow();
        BilledCosts.History again = billedCosts(NOW).range(LocalDate.parse("2026-12-01"),
                LocalDate.parse("2026-12-02"), BilledCosts.Breakdown.USAGE_TYPE, claude).orThrow();
        billedCosts(NOW).range(LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-02"),
                BilledCosts.Breakdown.USAGE_TYPE, List.of("Claude Opus 4.5 (Amazon Bedrock Edition)")).orThrow();

        JsonNode body = requestBodies().get(0);
        assertThat(body.path("GroupBy").toString()).isEqualTo("[{\"Type\":\"DIMENSION\",\"Key\":\"SERVICE\"},"
                + "{\"Type\":\"DIMENSION\",\"Key\":\"USAGE_TYPE\"}]");
        assertThat(body.path("Filter").path("Dimensions").path("Key").asText()).isEqualTo("SERVICE");
        assertThat(body.path("Filter").path("Dimensions").path("Values").toString())
                .isEqualTo("[\"Claude Sonnet 4.5 (Amazon Bedrock Edition)\","
                        + "\"Claude Haiku 4.5 (Amazon Bedrock Edition)\"]");
        assertThat(body.path("Filter").path("Dimensions").path("MatchOptions").toString()).isEqualTo("[\"EQUALS\"]");
        assertThat(history.days().get(0).lines()).singleElement()
                .satisfies(line -> assertThat(line.keys().get(1)).isEqualTo("USE1-MP:USE1_OutputTokenCount-Units"));
        assertThat(again.requests()).isZero();
        assertThat(aws.requests()).as("another set of services is another cache").hasSize(2);
        assertThat(requestBodies().get(0).has("Filter")).isTrue();
    }

    @Test
    void accessDeniedInJsonShapeIsAProblemNamingThePermission() {
        aws.server.stubFor(costExplorer("GetCostAndUsage").willReturn(jsonError(400, "AccessDeniedException",
                "User: arn:aws:iam::123456789012:user/agent is not authorized to perform: ce:GetCostAndUsage")));

        AwsResult<BilledCosts.History> result = billedCosts(NOW).lastDays(30, BilledCosts.Breakdown.SERVICE);

        AwsProblem problem = ((AwsResult.Failed<BilledCosts.History>) result).problem();
        assertThat(problem.kind()).isEqualTo(AwsProblem.Kind.ACCESS_DENIED);
        assertThat(problem.message()).contains("ce:GetCostAndUsage");
    }

    @Test
    void costExplorerRateLimitsAreRetriedThenReportedAsThrottling() {
        aws.server.stubFor(costExplorer("GetCostAndUsage").willReturn(jsonError(400, "LimitExceededException",
                "Rate exceeded")));

        AwsResult<BilledCosts.History> result = billedCosts(NOW).lastDays(30, BilledCosts.Breakdown.SERVICE);

        AwsProblem problem = ((AwsResult.Failed<BilledCosts.History>) result).problem();
        assertThat(problem.kind()).isEqualTo(AwsProblem.Kind.THROTTLED);
        assertThat(aws.requests()).hasSize(3);
    }
}
