package dev.burnwatch.aws;

import static dev.burnwatch.aws.AwsWireMock.cloudWatch;
import static dev.burnwatch.aws.AwsWireMock.cloudWatchReply;
import static dev.burnwatch.aws.AwsWireMock.costExplorer;
import static dev.burnwatch.aws.AwsWireMock.jsonReply;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code AWS_ENDPOINT_URL} environment variable, which no test can set in its own
 * JVM: child JVMs with a prepared environment, one building the application's clients for
 * CloudWatch and Cost Explorer, one running {@code burnwatch publish}.
 */
class AwsEndpointEnvironmentTest {

    @TempDir
    Path temp;

    private AwsWireMock aws;

    @BeforeEach
    void start() throws Exception {
        aws = new AwsWireMock();
        Files.writeString(temp.resolve("aws-config"), "");
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private record Run(int status, String output) {
    }

    private Run runChild(Map<String, String> extraEnv, String... mainAndArgs) throws Exception {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(List.of(javaBin.toString(), "-cp",
                System.getProperty("java.class.path")));
        command.addAll(List.of(mainAndArgs));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", "AKIDTESTONLY");
        env.put("AWS_SECRET_ACCESS_KEY", "not-a-real-secret");
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_CONFIG_FILE", temp.resolve("aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", temp.resolve("aws-config").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("BURNWATCH_HOME", temp.resolve("home").toString());
        env.putAll(extraEnv);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        return new Run(process.exitValue(), output);
    }

    @Test
    void awsEndpointUrlSendsBothCloudWatchAndCostExplorerToTheGivenEndpoint() throws Exception {
        aws.server.stubFor(cloudWatch("ListMetrics").willReturn(cloudWatchReply("ListMetrics", "<Metrics/>")));
        aws.server.stubFor(costExplorer("GetCostAndUsage").willReturn(jsonReply("{\"ResultsByTime\":[]}")));

        Run run = runChild(Map.of("AWS_ENDPOINT_URL", aws.server.baseUrl()), EndpointProbe.class.getName());

        assertThat(run.status()).as(run.output()).isZero();
        List<LoggedRequest> requests = aws.requests();
        assertThat(requests).hasSize(2);
        assertThat(AwsWireMock.form(requests.get(0))).containsEntry("Action", "ListMetrics");
        assertThat(requests.get(0).getHeader("Authorization")).contains("/eu-west-1/monitoring/");
        assertThat(requests.get(1).getHeader("X-Amz-Target")).isEqualTo("AWSInsightsIndexService.GetCostAndUsage");
        assertThat(requests.get(1).getHeader("Authorization")).as("Cost Explorer signs for us-east-1")
                .contains("/us-east-1/ce/");
    }

    @Test
    void aServiceSpecificVariableWinsOverTheGeneralOne() throws Exception {
        aws.server.stubFor(costExplorer("GetCostAndUsage").willReturn(jsonReply("{\"ResultsByTime\":[]}")));

        Run run = runChild(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:1",
                "AWS_ENDPOINT_URL_COST_EXPLORER", aws.server.baseUrl()), EndpointProbe.class.getName());

        assertThat(run.output()).contains("problem: NO_NETWORK: Could not reach AWS for ListMetrics")
                .doesNotContain("GetCostAndUsage");
        assertThat(aws.requests()).singleElement().satisfies(request -> assertThat(request.getHeader("X-Amz-Target"))
                .isEqualTo("AWSInsightsIndexService.GetCostAndUsage"));
    }

    @Test
    void publishWithAnAwsEndpointUrlThatIsNotAUrlSaysSoAndExitsWithBadInput() throws Exception {
        Path source = transcriptsEndedYesterday();

        Run run = runChild(Map.of("AWS_ENDPOINT_URL", "not a url"), "dev.burnwatch.Main", "publish", "--source",
                source.toString(), "--host-name", "daemon-1");

        assertThat(run.status()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("AWS_ENDPOINT_URL is set to 'not a url', which is not a URL")
                .doesNotContain("Illegal character");
        assertThat(aws.requests()).isEmpty();
    }

    /** The shared "basic" fixture, moved to yesterday so that CloudWatch would take its sessions. */
    private Path transcriptsEndedYesterday() throws Exception {
        Path from = Path.of(System.getProperty("burnwatch.fixtures"), "transcripts", "basic");
        Path to = temp.resolve("claude");
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.writeString(target, Files.readString(file).replace("\"2026-11-30T", "\"" + yesterday + "T"));
                }
            }
        }
        return to;
    }
}
