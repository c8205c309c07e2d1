package dev.burnwatch.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.burnwatch.aws.AwsWireMock.cloudWatch;
import static dev.burnwatch.aws.AwsWireMock.costExplorer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.config.AppDirs;
import dev.burnwatch.usage.Tokens;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the operator reads when the endpoint, not AWS, is at fault: a proxy's error page, an
 * endpoint variable that is not a URL, an endpoint that never answers. Real SDK clients
 * against WireMock and a socket that accepts and stays silent.
 */
class EndpointFailuresTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final AwsClients.Timeouts SHORT = new AwsClients.Timeouts(Duration.ofMillis(300),
            Duration.ofMillis(900));

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

    private MetricsPublisher.Report publishOneSession(AwsClients clients) throws Exception {
        MetricsPublisher publisher = new MetricsPublisher(clients::cloudWatch, published,
                Clock.fixed(NOW, ZoneOffset.UTC));
        SessionUsage session = new SessionUsage("local", "s1", NOW.minusSeconds(3600), List.of(
                new SessionUsage.ModelShare("claude-sonnet-4-5", new Tokens(10, 20, 0, 0, 30), 0.01, 1)));
        return publisher.publish("daemon-1", List.of(session), Map.of("local", NOW), false);
    }

    @Test
    void aProxysHtmlPageInsteadOfAnAwsReplyIsNamedAsSuch() throws Exception {
        aws.server.stubFor(cloudWatch("PutMetricData").willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "text/html")
                .withBody("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")));

        MetricsPublisher.Report report = publishOneSession(aws.clients(AwsSettings.defaults(), home));

        assertThat(report.problem().kind()).isEqualTo(AwsProblem.Kind.NOT_AWS);
        assertThat(report.problem().message())
                .startsWith("The endpoint " + aws.server.baseUrl() + " answered PutMetricData with HTTP 502")
                .contains("not from AWS").contains("text/html").contains("502 Bad Gateway")
                .contains("a proxy in the way, or a wrong AWS_ENDPOINT_URL?")
                .doesNotContain("NullPointerException");
        assertThat(aws.requests()).as("a 502 is worth retrying").hasSize(AwsWireMock.FAST_RETRIES.maxAttempts());
        assertThat(published.publishedOn("local")).isEmpty();
    }

    @Test
    void aPlainTextRefusalFromSomethingElseIsNamedAsSuchForCostExplorerToo() {
        aws.server.stubFor(costExplorer("GetCostAndUsage").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "text/plain").withBody("Request blocked by policy")));
        BilledCosts billed = new BilledCosts(aws.clients(AwsSettings.defaults(), home)::costExplorer,
                home.resolve("aws"), Clock.fixed(NOW, ZoneOffset.UTC));

        AwsResult<BilledCosts.History> result = billed.lastDays(3, BilledCosts.Breakdown.SERVICE);

        AwsProblem problem = ((AwsResult.Failed<BilledCosts.History>) result).problem();
        assertThat(problem.kind()).isEqualTo(AwsProblem.Kind.NOT_AWS);
        assertThat(problem.message()).contains("answered GetCostAndUsage with HTTP 400")
                .contains("text/plain: \"Request blocked by policy\"");
        assertThat(aws.requests()).hasSize(1);
    }

    @Test
    void aSlowEndpointIsGivenUpOnAfterTheCallsTimeLimitAndTheMessageSaysHowLong() throws Exception {
        aws.server.stubFor(cloudWatch("PutMetricData").willReturn(aResponse().withStatus(200).withFixedDelay(5000)));
        AwsClients clients = new AwsClients(AwsSettings.defaults().withRegion("eu-west-1"),
                aws.clients(AwsSettings.defaults(), home).options().withTimeouts(SHORT));

        long started = System.nanoTime();
        MetricsPublisher.Report report = publishOneSession(clients);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isLessThan(Duration.ofSeconds(4));
        assertThat(report.problem().kind()).isEqualTo(AwsProblem.Kind.NO_NETWORK);
        assertThat(report.problem().message()).startsWith("The endpoint " + aws.server.baseUrl()
                + " did not answer PutMetricData within 0.9 s (each attempt waits up to 0.3 s)");
        assertThat(aws.requests()).as("attempts that timed out were retried").hasSizeGreaterThan(1);
    }

    @Test
    void aSilentSocketIsGivenUpOnForCostExplorerAndTheMessageNamesTheEndpoint() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            URI endpoint = URI.create("http://127.0.0.1:" + silent.getLocalPort());
            AwsClients clients = new AwsClients(AwsSettings.defaults().withRegion("eu-west-1"),
                    aws.clients(AwsSettings.defaults(), home).options().withEndpoint(endpoint).withTimeouts(SHORT));
            BilledCosts billed = new BilledCosts(clients::costExplorer, home.resolve("aws"),
                    Clock.fixed(NOW, ZoneOffset.UTC));

            AwsResult<BilledCosts.History> result = billed.lastDays(3, BilledCosts.Breakdown.SERVICE);

            AwsProblem problem = ((AwsResult.Failed<BilledCosts.History>) result).problem();
            assertThat(problem.kind()).isEqualTo(AwsProblem.Kind.NO_NETWORK);
            assertThat(problem.message()).startsWith("The endpoint " + endpoint + " did not answer GetCostAndUsage"
                    + " within 0.9 s");
            assertThat(accepted).isNotEmpty();
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void anEndpointVariableThatIsNotAUrlIsNamedBeforeAnyClientIsBuilt() {
        Optional<AwsProblem> env = AwsClients.endpointProblem(Map.of("AWS_ENDPOINT_URL", "not a url"),
                name -> null, "AWS_ENDPOINT_URL_CLOUDWATCH", "aws.endpointUrlCloudWatch");
        Optional<AwsProblem> perService = AwsClients.endpointProblem(Map.of("AWS_ENDPOINT_URL_COST_EXPLORER",
                "localhost:4566"), name -> null, "AWS_ENDPOINT_URL_COST_EXPLORER", "aws.endpointUrlCostExplorer");
        Optional<AwsProblem> fine = AwsClients.endpointProblem(Map.of("AWS_ENDPOINT_URL", "http://localhost:4566"),
                name -> null, "AWS_ENDPOINT_URL_CLOUDWATCH", "aws.endpointUrlCloudWatch");

        assertThat(env).hasValueSatisfying(problem -> {
            assertThat(problem.kind()).isEqualTo(AwsProblem.Kind.BAD_ENDPOINT);
            assertThat(problem.message()).startsWith("AWS_ENDPOINT_URL is set to 'not a url', which is not a URL.")
                    .contains("http://localhost:4566").contains("unset it");
        });
        assertThat(perService).hasValueSatisfying(problem -> assertThat(problem.message())
                .startsWith("AWS_ENDPOINT_URL_COST_EXPLORER is set to 'localhost:4566'"));
        assertThat(fine).isEmpty();
    }

    @Test
    void theSdksEndpointPropertyThatIsNotAUrlIsAProblemAndNoRequestIsMade() {
        String saved = System.getProperty("aws.endpointUrl");
        System.setProperty("aws.endpointUrl", "not a url");
        try {
            AwsClients clients = new AwsClients(AwsSettings.defaults().withRegion("eu-west-1"),
                    aws.clients(AwsSettings.defaults(), home).options().withEndpoint(null));

            AwsResult<Object> result = AwsResult.attempt("ListMetrics", () -> {
                try (var cw = clients.cloudWatch()) {
                    return cw.listMetrics(r -> r.namespace("Burnwatch"));
                }
            });

            AwsProblem problem = ((AwsResult.Failed<Object>) result).problem();
            assertThat(problem.kind()).isEqualTo(AwsProblem.Kind.BAD_ENDPOINT);
            assertThat(problem.message()).startsWith("aws.endpointUrl (system property) is set to 'not a url'");
            assertThat(aws.requests()).isEmpty();
        } finally {
            if (saved == null) {
                System.clearProperty("aws.endpointUrl");
            } else {
                System.setProperty("aws.endpointUrl", saved);
            }
        }
    }
}
