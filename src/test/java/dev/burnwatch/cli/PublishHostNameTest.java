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
import dev.burnwatch.host.EmbeddedSshServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Without {@code --host-name}, {@code publish} names a host the way the console's CloudWatch
 * switch does: by what {@code hostname} prints on it. A source over SSH (the embedded server)
 * used to be named by its address.
 */
class PublishHostNameTest {

    private static final String CW_NS = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    private static final String[] PROPERTIES = {"aws.endpointUrl", "aws.accessKeyId", "aws.secretAccessKey",
        "aws.configFile", "aws.sharedCredentialsFile", "aws.disableEc2Metadata", "burnwatch.home"};

    @TempDir
    Path temp;

    private final WireMockServer aws = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private final Map<String, String> saved = new HashMap<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        for (String property : PROPERTIES) {
            saved.put(property, System.getProperty(property));
        }
        aws.start();
        Files.writeString(temp.resolve("aws-config"), "");
        System.setProperty("burnwatch.home", temp.resolve("home").toString());
        System.setProperty("aws.endpointUrl", aws.baseUrl());
        System.setProperty("aws.accessKeyId", "AKIDTESTONLY");
        System.setProperty("aws.secretAccessKey", "not-a-real-secret");
        System.setProperty("aws.configFile", temp.resolve("aws-config").toString());
        System.setProperty("aws.sharedCredentialsFile", temp.resolve("aws-config").toString());
        System.setProperty("aws.disableEc2Metadata", "true");
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=PutMetricData"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                        .withBody("<PutMetricDataResponse xmlns=\"" + CW_NS + "\"><ResponseMetadata><RequestId>r"
                                + "</RequestId></ResponseMetadata></PutMetricDataResponse>")));
    }

    @AfterEach
    void stop() {
        aws.stop();
        saved.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    private Path transcriptsEndedYesterday(Path to) throws Exception {
        Path from = Path.of(System.getProperty("burnwatch.fixtures"), "transcripts", "basic");
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

    private static String hostname() throws Exception {
        Process process = new ProcessBuilder("hostname").start();
        String name = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor();
        return name;
    }

    @Test
    void anSshSourceIsPublishedUnderWhatHostnamePrintsOnItNotUnderItsAddress() throws Exception {
        try (EmbeddedSshServer ssh = EmbeddedSshServer.start(temp.resolve("ssh"))) {
            Path transcripts = transcriptsEndedYesterday(ssh.home().resolve("claude"));
            CommandLine commandLine = Cli.commandLine();
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));

            int status = commandLine.execute("publish", "--source", ssh.location(transcripts.toString()).toString(),
                    "--identity", ssh.clientKey().toString(), "--known-hosts", ssh.knownHostsFile().toString(),
                    "--region", "eu-west-1", "--json");

            assertThat(status).as(err.toString()).isZero();
            JsonNode json = new ObjectMapper().readTree(out.toString());
            String expected = hostname();
            assertThat(expected).isNotEmpty().isNotEqualTo("127.0.0.1");
            assertThat(json.path("hosts").get(0).path("host").asText()).isEqualTo(expected);
            assertThat(json.path("hosts").get(0).path("published").asInt()).isEqualTo(2);
            assertThat(aws.findAll(anyRequestedFor(anyUrl())).get(0).getBodyAsString())
                    .contains("Value=" + java.net.URLEncoder.encode(expected, StandardCharsets.UTF_8));
        }
    }
}
