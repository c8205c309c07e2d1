package dev.burnwatch.aws;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Turns the failures where the endpoint, not AWS, is the problem into problems that say so
 * and name the endpoint: no answer within the call's time limit, and a reply that is not
 * from AWS at all (a proxy's "502 Bad Gateway" page, a plain-text 400). Only failures pass
 * through here; every other failure is left for {@link AwsProblem#of} to classify.
 *
 * <p>The SDK insists that an interceptor hands back an exception of the type it got, so the
 * problem travels as a suppressed {@link AwsProblemException} on the SDK's own exception.
 */
final class EndpointReplies implements ExecutionInterceptor {

    private static final int SNIPPET = 60;

    private final AwsClients.Timeouts timeouts;

    EndpointReplies(AwsClients.Timeouts timeouts) {
        this.timeouts = timeouts;
    }

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable failure = context.exception();
        String operation = Optional.ofNullable(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                .orElse("the AWS call");
        String endpoint = context.httpRequest().map(EndpointReplies::endpointOf).orElse("The AWS endpoint");
        if (failure instanceof ApiCallTimeoutException) {
            return with(failure, AwsProblem.Kind.NO_NETWORK, endpoint + " did not answer " + operation + " within "
                    + seconds(timeouts.total()) + " (each attempt waits up to " + seconds(timeouts.attempt())
                    + "). Check the network connection, a proxy, or AWS_ENDPOINT_URL if one is set; the rest of"
                    + " Burnwatch works without AWS.");
        }
        if (failure instanceof ApiCallAttemptTimeoutException) {
            return with(failure, AwsProblem.Kind.NO_NETWORK, endpoint + " did not answer " + operation + " within "
                    + seconds(timeouts.attempt()) + ", on any attempt. Check the network connection, a proxy, or"
                    + " AWS_ENDPOINT_URL if one is set; the rest of Burnwatch works without AWS.");
        }
        if (failure instanceof AwsServiceException service && isNotFromAws(service)) {
            return with(failure, AwsProblem.Kind.NOT_AWS, endpoint + " answered " + operation + " with HTTP "
                    + service.statusCode() + " and a reply that is not from AWS (" + describe(service.awsErrorDetails())
                    + "): a proxy in the way, or a wrong AWS_ENDPOINT_URL? Check both, or unset AWS_ENDPOINT_URL to"
                    + " reach AWS itself.");
        }
        return failure;
    }

    /** AWS always names its errors (an error code in the XML or JSON); a proxy's page names none. */
    private static boolean isNotFromAws(AwsServiceException service) {
        AwsErrorDetails details = service.awsErrorDetails();
        return details == null || details.errorCode() == null || details.errorCode().isBlank();
    }

    private static String describe(AwsErrorDetails details) {
        if (details == null || details.sdkHttpResponse() == null) {
            return "no body";
        }
        String type = details.sdkHttpResponse().firstMatchingHeader("Content-Type").orElse("no content type");
        String body = details.rawResponse() == null ? "" : details.rawResponse().asUtf8String();
        String text = body.replaceAll("(?s)<[^>]*>", " ").replaceAll("\\s+", " ").trim();
        if (text.isEmpty()) {
            return type;
        }
        return type + ": \"" + (text.length() > SNIPPET ? text.substring(0, SNIPPET) + "..." : text) + "\"";
    }

    private static String endpointOf(SdkHttpRequest request) {
        String scheme = request.protocol().toLowerCase(Locale.ROOT);
        boolean standardPort = request.port() == (scheme.equals("https") ? 443 : 80);
        return "The endpoint " + scheme + "://" + request.host() + (standardPort ? "" : ":" + request.port());
    }

    private static Throwable with(Throwable failure, AwsProblem.Kind kind, String message) {
        failure.addSuppressed(new AwsProblemException(new AwsProblem(kind, message)));
        return failure;
    }

    /** "60 s", "1.5 s". */
    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
