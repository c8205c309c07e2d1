package dev.burnwatch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code burnwatch publish} end to end: real transcripts (a fixture copied to a temporary
 * folder), the real usage engine and index, and clients built by the SDK's default builders,
 * redirected to WireMock through the SDK's own {@code aws.endpointUrl} setting.
 */
class PublishCommandTest {

    private static final String CW_NS = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    private static final String[] PROPERTIES = {"aws.endpointUrl", "aws.accessKeyId", "aws.secretAccessKey",
        "aws.configFile", "aws.sharedCredentialsFile", "aws.disableEc2Metadata", "burnwatch.home", "aws.region"};

    @TempDir
    Path temp;

    private final WireMockServer aws = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private final Map<String, String> saved = new HashMap<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path source;

    @BeforeEach
    void start() throws IOException {
        for (String property : PROPERTIES) {
            saved.put(property, System.getProperty(property));
        }
        aws.start();
        source = copyFixture("basic");
        Files.writeString(temp.resolve("aws-config"), "");
        System.setProperty("burnwatch.home", temp.resolve("home").toString());
        System.setProperty("aws.endpointUrl", aws.baseUrl());
        System.setProperty("aws.accessKeyId", "AKIDTESTONLY");
        System.setProperty("aws.secretAccessKey", "not-a-real-secret");
        System.setProperty("aws.configFile", temp.resolve("aws-config").toString());
        System.setProperty("aws.sharedCredentialsFile", temp.resolve("aws-config").toString());
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    @AfterEach
    void stop() {
        aws.stop();
        for (Map.Entry<String, String> property : saved.entrySet()) {
            if (property.getValue() == null) {
                System.clearProperty(property.getKey());
            } else {
                System.setProperty(property.getKey(), property.getValue());
            }
        }
    }

    private Path copyFixture(String name) throws IOException {
        Path from = Path.of(System.getProperty("burnwatch.fixtures"), "transcripts", name);
        Path to = temp.resolve("claude-" + name);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (file.toString().endsWith(".jsonl")) {
                    // CloudWatch takes only the last two weeks: move the fixture's day to yesterday.
                    String yesterday = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).toString();
                    Files.writeString(target, Files.readString(file).replace("\"2026-11-30T", "\"" + yesterday
                            + "T"));
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return to;
    }

    private int run(String... args) {
        CommandLine commandLine = Cli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private void answerPutMetricData(int status, String body) {
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=PutMetricData"))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(body)));
    }

    private List<Map<String, String>> forms() {
        List<Map<String, String>> forms = new ArrayList<>();
        for (LoggedRequest request : aws.findAll(anyRequestedFor(anyUrl()))) {
            Map<String, String> form = new HashMap<>();
            for (String pair : request.getBodyAsString().split("&")) {
                String[] parts = pair.split("=", 2);
                form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
            forms.add(form);
        }
        return forms;
    }

    @Test
    void publishesTheFixturesSessionsOnceUnderTheGivenHostName() throws Exception {
        answerPutMetricData(200, "<PutMetricDataResponse xmlns=\"" + CW_NS + "\"><ResponseMetadata><RequestId>"
                + "r1</RequestId></ResponseMetadata></PutMetricDataResponse>");

        int status = run("publish", "--source", source.toString(), "--host-name", "daemon-1", "--region",
                "eu-west-1", "--json");
        int again = run("publish", "--source", source.toString(), "--host-name", "daemon-1", "--region",
                "eu-west-1", "--json");

        assertThat(status).as(err.toString()).isZero();
        assertThat(again).isZero();
        List<JsonNode> objects = new ObjectMapper().readerFor(JsonNode.class).<JsonNode>readValues(out.toString())
                .readAll();
        assertThat(objects).hasSize(2);
        JsonNode first = objects.get(0);
        JsonNode second = objects.get(1);
        assertThat(first.path("hosts").get(0).path("host").asText()).isEqualTo("daemon-1");
        assertThat(first.path("hosts").get(0).path("published").asInt()).isEqualTo(2);
        assertThat(second.path("hosts").get(0).path("alreadyPublished").asInt()).isEqualTo(2);
        assertThat(second.path("hosts").get(0).path("published").asInt()).isZero();
        List<Map<String, String>> forms = forms();
        assertThat(forms).hasSize(1);
        Map<String, String> form = forms.get(0);
        assertThat(form).containsEntry("Namespace", "Burnwatch");
        double hostCost = 0;
        List<String> hostInputs = new ArrayList<>();
        for (Map.Entry<String, String> entry : form.entrySet()) {
            if (!entry.getKey().endsWith(".MetricName")) {
                continue;
            }
            String prefix = entry.getKey().substring(0, entry.getKey().length() - "MetricName".length());
            if (form.containsKey(prefix + "Dimensions.member.2.Name")) {
                continue;
            }
            for (int i = 1; form.containsKey(prefix + "Values.member." + i); i++) {
                String value = form.get(prefix + "Values.member." + i);
                if (entry.getValue().equals("CostUsd")) {
                    hostCost += Double.parseDouble(value);
                } else if (entry.getValue().equals("InputTokens")) {
                    hostInputs.add(value);
                }
            }
        }
        assertThat(hostCost).isCloseTo(0.176764, org.assertj.core.data.Offset.offset(0.000001));
        assertThat(hostInputs).containsExactlyInAnyOrder("15.0", "9.0");
    }

    @Test
    void aDryRunShowsTheCountsAndSendsNothing() {
        int status = run("publish", "--source", source.toString(), "--host-name", "daemon-1", "--region",
                "eu-west-1", "--dry-run");

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("daemon-1").contains("Would publish").contains("Dry run");
        assertThat(aws.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void theJsonNamesTheRegionTheSdkPicksWhenNoneIsGiven() throws Exception {
        System.setProperty("aws.region", "ap-southeast-2");

        int status = run("publish", "--source", source.toString(), "--host-name", "daemon-1", "--dry-run", "--json");

        assertThat(status).as(err.toString()).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).get("region").asText()).isEqualTo("ap-southeast-2");
    }

    @Test
    void theTableLinesUpAsTheReportsDoes() {
        int status = run("publish", "--source", source.toString(), "--host-name", "daemon-1", "--region",
                "eu-west-1", "--dry-run");

        assertThat(status).as(err.toString()).isZero();
        String[] lines = out.toString().split("\n");
        assertThat(lines[0]).isEqualTo("Host      Sessions  Running  Already published  Too old  Would publish"
                + "  Requests  Metric data");
        assertThat(lines[1]).matches("[- ]+").hasSameSizeAs(lines[0]);
        assertThat(lines[2]).hasSameSizeAs(lines[0]).matches("daemon-1 +2 +0 +0 +0 +2 +1 +\\d+");
        assertThat(out.toString()).contains("region eu-west-1");
    }

    @Test
    void accessDeniedExitsWithOneAndSaysWhichPermissionIsMissing() throws Exception {
        answerPutMetricData(403, "<ErrorResponse xmlns=\"" + CW_NS + "\"><Error><Type>Sender</Type><Code>AccessDenied"
                + "</Code><Message>User: arn:aws:iam::123456789012:user/agent is not authorized to perform:"
                + " cloudwatch:PutMetricData</Message></Error><RequestId>r2</RequestId></ErrorResponse>");

        int status = run("publish", "--source", source.toString(), "--host-name", "daemon-1", "--region",
                "eu-west-1", "--json");

        assertThat(status).isEqualTo(ExitCode.CHECK_FAILED);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.path("problem").path("kind").asText()).isEqualTo("ACCESS_DENIED");
        assertThat(err.toString()).contains("cloudwatch:PutMetricData");
    }

    @Test
    void oneHostNameForSourcesOnSeveralHostsIsBadInputBeforeAnythingConnects() {
        int status = run("publish", "--source", source.toString(), "--source", "ssh://agent@127.0.0.1:1/x",
                "--host-name", "daemon-1", "--region", "eu-west-1");

        assertThat(status).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("--host-name names one host").contains("2 hosts");
        assertThat(aws.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void theAwsEndpointUrlEnvironmentVariableRedirectsAChildProcessRunningTheRealCommand() throws Exception {
        answerPutMetricData(200, "<PutMetricDataResponse xmlns=\"" + CW_NS + "\"><ResponseMetadata><RequestId>"
                + "r3</RequestId></ResponseMetadata></PutMetricDataResponse>");
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
                "dev.burnwatch.Main", "publish", "--source", source.toString(), "--host-name", "daemon-env",
                "--json");
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_ENDPOINT_URL", aws.baseUrl());
        env.put("AWS_ACCESS_KEY_ID", "AKIDTESTONLY");
        env.put("AWS_SECRET_ACCESS_KEY", "not-a-real-secret");
        env.put("AWS_REGION", "ap-southeast-2");
        env.put("AWS_CONFIG_FILE", temp.resolve("aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", temp.resolve("aws-config").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("BURNWATCH_HOME", temp.resolve("child-home").toString());
        builder.redirectErrorStream(true);

        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(finished).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        List<LoggedRequest> requests = aws.findAll(anyRequestedFor(anyUrl()));
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).getHeader("Authorization")).contains("/ap-southeast-2/monitoring/");
        assertThat(forms().get(0)).containsValue("daemon-env");
    }

    @Test
    void anSsoProfileSignsInThroughTheSsoPortalAndPublishesWithTheRoleCredentials() throws Exception {
        answerPutMetricData(200, "<PutMetricDataResponse xmlns=\"" + CW_NS + "\"><ResponseMetadata><RequestId>"
                + "r4</RequestId></ResponseMetadata></PutMetricDataResponse>");
        aws.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/federation/credentials"))
                .withQueryParam("role_name", com.github.tomakehurst.wiremock.client.WireMock.equalTo("ReadCosts"))
                .withQueryParam("account_id",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("123456789012"))
                .withHeader("x-amz-sso_bearer_token",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("token-for-tests"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(
                        "{\"roleCredentials\":{\"accessKeyId\":\"ASIASSOROLE\",\"secretAccessKey\":"
                        + "\"not-a-real-secret\",\"sessionToken\":\"session\",\"expiration\":"
                        + java.time.Instant.now().plusSeconds(3600).toEpochMilli() + "}}")));
        Path home = temp.resolve("sso-home");
        Files.createDirectories(home.resolve(".aws/sso/cache"));
        Files.writeString(home.resolve(".aws/config"), String.join("\n", "[profile work]",
                "sso_session = corp", "sso_account_id = 123456789012", "sso_role_name = ReadCosts",
                "region = eu-west-1", "", "[sso-session corp]", "sso_start_url = https://corp.awsapps.com/start",
                "sso_region = eu-west-1", ""));
        String cacheName = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                .digest("corp".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(home.resolve(".aws/sso/cache/" + cacheName + ".json"),
                "{\"startUrl\":\"https://corp.awsapps.com/start\",\"region\":\"eu-west-1\","
                + "\"accessToken\":\"token-for-tests\",\"expiresAt\":\""
                + java.time.Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + "\"}");
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(javaBin.toString(), "-Duser.home=" + home,
                "-cp", System.getProperty("java.class.path"), "dev.burnwatch.Main", "publish",
                "--source", source.toString(), "--host-name", "daemon-sso", "--profile", "work", "--json");
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("HOME", home.toString());
        env.put("AWS_ENDPOINT_URL", aws.baseUrl());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("BURNWATCH_HOME", temp.resolve("sso-burnwatch-home").toString());
        builder.redirectErrorStream(true);

        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(finished).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        List<LoggedRequest> requests = aws.findAll(anyRequestedFor(anyUrl()));
        assertThat(requests.get(0).getUrl()).startsWith("/federation/credentials");
        assertThat(requests.get(requests.size() - 1).getHeader("Authorization")).contains("Credential=ASIASSOROLE/");
        assertThat(requests.get(requests.size() - 1).getBodyAsString()).contains("Action=PutMetricData")
                .contains("daemon-sso");
    }
}
