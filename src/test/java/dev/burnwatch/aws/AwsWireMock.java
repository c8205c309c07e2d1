package dev.burnwatch.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A WireMock server that answers in the wire format SDK 2.40.2 speaks: CloudWatch as AWS
 * Query (form-encoded POST, XML replies), Cost Explorer as JSON 1.1 with X-Amz-Target.
 * Credentials are static fake ones; retries pause for a millisecond.
 */
final class AwsWireMock implements AutoCloseable {

    static final String CW_NS = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    static final AwsClients.Retries FAST_RETRIES = new AwsClients.Retries(3, Duration.ofMillis(1),
            Duration.ofMillis(1), Duration.ofMillis(5));

    final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    AwsWireMock() {
        server.start();
    }

    URI endpoint() {
        return URI.create(server.baseUrl());
    }

    /** Clients for {@code settings} aimed at this server with fake static credentials. */
    AwsClients clients(AwsSettings settings, Path userHome) {
        AwsClients.Options options = new AwsClients.Options(endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTESTONLY", "not-a-real-secret")),
                FAST_RETRIES, userHome, Clock.systemUTC());
        return new AwsClients(settings.region() == null ? settings.withRegion("eu-west-1") : settings, options);
    }

    /** A CloudWatch operation's request, matched on its Action form parameter. */
    static MappingBuilder cloudWatch(String action) {
        return post(urlEqualTo("/"))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withRequestBody(containing("Action=" + action + "&Version=2010-08-01"));
    }

    /** A Cost Explorer operation's request, matched on its X-Amz-Target header. */
    static MappingBuilder costExplorer(String operation) {
        return post(urlEqualTo("/"))
                .withHeader("Content-Type", equalTo("application/x-amz-json-1.1"))
                .withHeader("X-Amz-Target", equalTo("AWSInsightsIndexService." + operation));
    }

    /** A CloudWatch success reply: {@code <OpResponse><OpResult>result</OpResult>...}. */
    static ResponseDefinitionBuilder cloudWatchReply(String action, String result) {
        String body = "<" + action + "Response xmlns=\"" + CW_NS + "\">"
                + (result == null ? "" : "<" + action + "Result>" + result + "</" + action + "Result>")
                + "<ResponseMetadata><RequestId>11111111-2222-3333-4444-555555555555</RequestId></ResponseMetadata>"
                + "</" + action + "Response>";
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body);
    }

    /** A CloudWatch (AWS Query) error reply. */
    static ResponseDefinitionBuilder cloudWatchError(int status, String code, String message) {
        String body = "<ErrorResponse xmlns=\"" + CW_NS + "\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + message + "</Message></Error>"
                + "<RequestId>11111111-2222-3333-4444-555555555555</RequestId></ErrorResponse>";
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(body);
    }

    /** A Cost Explorer (JSON 1.1) reply. */
    static ResponseDefinitionBuilder jsonReply(String json) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-RequestId", "11111111-2222-3333-4444-555555555555").withBody(json);
    }

    /** A Cost Explorer (JSON 1.1) error reply: {@code __type} and {@code message}. */
    static ResponseDefinitionBuilder jsonError(int status, String type, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-ErrorType", type + ":")
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
    }

    /** Requests that reached the server, oldest first. */
    List<LoggedRequest> requests() {
        List<LoggedRequest> requests = new java.util.ArrayList<>(server.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                        com.github.tomakehurst.wiremock.client.WireMock.anyUrl())));
        requests.sort(java.util.Comparator.comparing(LoggedRequest::getLoggedDate));
        return requests;
    }

    /** The form parameters of a CloudWatch request, in order. */
    static Map<String, String> form(LoggedRequest request) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    @Override
    public void close() {
        server.stop();
    }
}
