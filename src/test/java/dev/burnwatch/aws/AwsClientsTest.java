package dev.burnwatch.aws;

import static dev.burnwatch.aws.AwsWireMock.cloudWatch;
import static dev.burnwatch.aws.AwsWireMock.cloudWatchReply;
import static dev.burnwatch.aws.AwsWireMock.costExplorer;
import static dev.burnwatch.aws.AwsWireMock.jsonReply;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Credentials, profiles and endpoint redirection, with AWS files in a temporary home folder. */
class AwsClientsTest {

    private static final String[] PROPERTIES = {"aws.configFile", "aws.sharedCredentialsFile",
        "aws.disableEc2Metadata", "aws.endpointUrl", "aws.endpointUrlCloudWatch", "aws.endpointUrlCostExplorer",
        "aws.profile", "aws.region"};

    @TempDir
    Path home;

    private AwsWireMock aws;
    private final Map<String, String> saved = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        for (String property : PROPERTIES) {
            saved.put(property, System.getProperty(property));
        }
        System.setProperty("burnwatch.home", home.resolve("burnwatch").toString());
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "");
        Files.writeString(home.resolve(".aws/credentials"), "");
        System.setProperty("aws.configFile", home.resolve(".aws/config").toString());
        System.setProperty("aws.sharedCredentialsFile", home.resolve(".aws/credentials").toString());
        System.setProperty("aws.disableEc2Metadata", "true");
        aws = new AwsWireMock();
    }

    @AfterEach
    void stop() {
        aws.close();
        for (Map.Entry<String, String> property : saved.entrySet()) {
            if (property.getValue() == null) {
                System.clearProperty(property.getKey());
            } else {
                System.setProperty(property.getKey(), property.getValue());
            }
        }
        System.clearProperty("burnwatch.home");
    }

    /** Clients that use the AWS chain (no fixed credentials) and reach WireMock. */
    private AwsClients chainClients(AwsSettings settings) {
        AwsClients.Options options = AwsClients.Options.standard().withEndpoint(aws.endpoint())
                .withRetries(AwsWireMock.FAST_RETRIES).withUserHome(home);
        return new AwsClients(settings.withRegion("eu-west-1"), options);
    }

    private AwsProblem listMetricsProblem(AwsClients clients) {
        AwsResult<Object> result = AwsResult.attempt("ListMetrics", () -> {
            try (var cw = clients.cloudWatch()) {
                return cw.listMetrics(r -> r.namespace("Burnwatch"));
            }
        });
        assertThat(result).isInstanceOf(AwsResult.Failed.class);
        return ((AwsResult.Failed<Object>) result).problem();
    }

    /** The problem BilledCosts reports for a Cost Explorer read with {@code clients}. */
    private AwsProblem costExplorerProblem(AwsClients clients) {
        BilledCosts billed = new BilledCosts(clients::costExplorer, home.resolve("burnwatch/aws"), Clock.systemUTC());
        AwsResult<BilledCosts.History> result = billed.lastDays(3, BilledCosts.Breakdown.SERVICE);
        assertThat(result).isInstanceOf(AwsResult.Failed.class);
        return ((AwsResult.Failed<BilledCosts.History>) result).problem();
    }

    private void writeSsoProfile(Instant expiresAt) throws Exception {
        Files.writeString(home.resolve(".aws/config"), String.join("\n",
                "[profile work]",
                "sso_session = corp",
                "sso_account_id = 123456789012",
                "sso_role_name = ReadCosts",
                "region = eu-west-1",
                "",
                "[sso-session corp]",
                "sso_start_url = https://corp.awsapps.com/start",
                "sso_region = eu-west-1",
                ""));
        Path cache = Files.createDirectories(home.resolve(".aws/sso/cache"));
        String name = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest("corp".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(cache.resolve(name + ".json"), "{\"startUrl\":\"https://corp.awsapps.com/start\","
                + "\"region\":\"eu-west-1\",\"accessToken\":\"fake-token-for-tests\",\"expiresAt\":\""
                + expiresAt + "\"}");
    }

    @Test
    void noCredentialsAnywhereIsAProblemThatSaysWhereToPutThem() {
        AwsProblem problem = listMetricsProblem(chainClients(AwsSettings.defaults()));

        assertThat(problem.kind()).isEqualTo(AwsProblem.Kind.NO_CREDENTIALS);
        assertThat(problem.message()).contains("No AWS credentials").contains("profile").contains("never stores");
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void noCredentialsForCostExplorerIsTheSameProblemAndNoRequestIsMade() {
        AwsProblem problem = costExplorerProblem(chainClients(AwsSettings.defaults()));

        assertThat(problem.kind()).isEqualTo(AwsProblem.Kind.NO_CREDENTIALS);
        assertThat(problem.message()).contains("No AWS credentials were found for GetCostAndUsage");
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void anExpiredSsoTokenStopsCostExplorerBeforeAnyRequest() throws Exception {
        writeSsoProfile(Instant.now().minusSeconds(3600));

        AwsProblem problem = costExplorerProblem(chainClients(AwsSettings.defaults().withProfile("work")));

        assertThat(problem.kind()).isEqualTo(AwsProblem.Kind.SSO_TOKEN_EXPIRED);
        assertThat(problem.message()).contains("aws sso login --profile work").doesNotContain("fake-token-for-tests");
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void anUnreachableCostExplorerEndpointIsANoNetworkProblem() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AwsClients.Options options = AwsClients.Options.standard()
                .withEndpoint(java.net.URI.create("http://127.0.0.1:" + closedPort))
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTESTONLY", "x")))
                .withRetries(AwsWireMock.FAST_RETRIES).withUserHome(home);

        AwsProblem problem = costExplorerProblem(new AwsClients(AwsSettings.defaults().withRegion("eu-west-1"),
                options));

        assertThat(problem.kind()).isEqualTo(AwsProblem.Kind.NO_NETWORK);
        assertThat(problem.message()).contains("Could not reach AWS for GetCostAndUsage")
                .contains("AWS_ENDPOINT_URL");
    }

    @Test
    void anExpiredSsoTokenIsAProblemThatNamesTheLoginCommand() throws Exception {
        writeSsoProfile(Instant.now().minusSeconds(3600));

        AwsProblem problem = listMetricsProblem(chainClients(AwsSettings.defaults().withProfile("work")));

        assertThat(problem.kind()).isEqualTo(AwsProblem.Kind.SSO_TOKEN_EXPIRED);
        assertThat(problem.message()).contains("expired").contains("aws sso login --profile work");
        assertThat(problem.message()).doesNotContain("fake-token-for-tests");
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void anSsoProfileWithoutASessionIsAProblemThatNamesTheLoginCommand() throws Exception {
        writeSsoProfile(Instant.now().plusSeconds(3600));
        Files.walk(home.resolve(".aws/sso/cache")).filter(Files::isRegularFile).forEach(p -> p.toFile().delete());

        AwsProblem problem = listMetricsProblem(chainClients(AwsSettings.defaults().withProfile("work")));

        assertThat(problem.kind()).isEqualTo(AwsProblem.Kind.SSO_TOKEN_EXPIRED);
        assertThat(problem.message()).contains("aws sso login --profile work");
    }

    @Test
    void aProfileThatDoesNotExistIsAProblemNamingIt() {
        AwsProblem problem = listMetricsProblem(chainClients(AwsSettings.defaults().withProfile("nosuch")));

        assertThat(problem.kind()).isEqualTo(AwsProblem.Kind.UNKNOWN_PROFILE);
        assertThat(problem.message()).contains("'nosuch'");
    }

    @Test
    void aProfileWithKeysSignsRequestsWithThem() throws Exception {
        Files.writeString(home.resolve(".aws/credentials"),
                "[ci]\naws_access_key_id = AKIDFROMPROFILE\naws_secret_access_key = fake-secret\n");
        aws.server.stubFor(cloudWatch("ListMetrics").willReturn(cloudWatchReply("ListMetrics",
                "<Metrics/>")));

        try (var cw = chainClients(AwsSettings.defaults().withProfile("ci")).cloudWatch()) {
            cw.listMetrics(r -> r.namespace("Burnwatch"));
        }

        assertThat(aws.requests().get(0).getHeader("Authorization")).contains("Credential=AKIDFROMPROFILE/");
    }

    @Test
    void theSdksEndpointUrlSettingRedirectsClientsBuiltWithoutAnOverride() {
        System.setProperty("aws.endpointUrl", aws.server.baseUrl());
        aws.server.stubFor(cloudWatch("ListMetrics").willReturn(cloudWatchReply("ListMetrics", "<Metrics/>")));
        aws.server.stubFor(costExplorer("GetDimensionValues").willReturn(jsonReply(
                "{\"DimensionValues\":[],\"ReturnSize\":0,\"TotalSize\":0}")));
        AwsClients.Options options = new AwsClients.Options(null,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTESTONLY", "not-a-real-secret")),
                AwsWireMock.FAST_RETRIES, home, Clock.systemUTC());
        AwsClients clients = new AwsClients(AwsSettings.defaults().withRegion("eu-west-1"), options);

        try (var cw = clients.cloudWatch(); var ce = clients.costExplorer()) {
            cw.listMetrics(r -> r.namespace("Burnwatch"));
            ce.getDimensionValues(r -> r.dimension("SERVICE").timePeriod(t -> t.start("2026-11-01")
                    .end("2026-11-02")));
        }

        assertThat(aws.requests()).hasSize(2);
        assertThat(aws.requests().get(0).getHeader("Authorization")).contains("/eu-west-1/monitoring/");
        assertThat(aws.requests().get(1).getHeader("X-Amz-Target"))
                .isEqualTo("AWSInsightsIndexService.GetDimensionValues");
    }

    @Test
    void aServiceSpecificEndpointUrlRedirectsOnlyThatService() {
        System.setProperty("aws.endpointUrlCloudWatch", aws.server.baseUrl());
        aws.server.stubFor(cloudWatch("ListMetrics").willReturn(cloudWatchReply("ListMetrics", "<Metrics/>")));
        AwsClients.Options options = new AwsClients.Options(null,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTESTONLY", "not-a-real-secret")),
                AwsWireMock.FAST_RETRIES, home, Clock.systemUTC());

        try (var cw = new AwsClients(AwsSettings.defaults().withRegion("eu-west-1"), options).cloudWatch()) {
            cw.listMetrics(r -> r.namespace("Burnwatch"));
        }

        assertThat(aws.requests()).hasSize(1);
    }

    @Test
    void noRegionAnywhereIsAProblemThatSaysHowToChooseOne() {
        AwsClients.Options options = AwsClients.Options.standard().withEndpoint(aws.endpoint())
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTESTONLY", "x")))
                .withUserHome(home);

        AwsProblem problem = listMetricsProblem(new AwsClients(AwsSettings.defaults(), options));

        assertThat(problem.kind()).isEqualTo(AwsProblem.Kind.NO_REGION);
        assertThat(problem.message()).contains("--region").contains("AWS_REGION");
    }
}
