package dev.burnwatch.aws;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Why an AWS call did not give an answer, in the operator's terms. Every AWS feature of
 * Burnwatch reports failures as one of these, so the console can show the message in the
 * AWS panel while everything else keeps working, and the CLI can pick an exit status.
 *
 * @param kind what went wrong, for callers that react differently
 * @param message what happened, to which call, and what to do next
 */
public record AwsProblem(Kind kind, String message) {

    /** The failures an operator can do something about, and the rest. */
    public enum Kind {
        /** No credentials anywhere in the chain (environment, profiles, SSO, instance role). */
        NO_CREDENTIALS,
        /** The profile uses AWS SSO and its cached token has expired. */
        SSO_TOKEN_EXPIRED,
        /** AWS did not accept the credentials: unknown key, bad signature, expired session. */
        CREDENTIALS_REJECTED,
        /** The credentials work but lack the permission for this call. */
        ACCESS_DENIED,
        /** AWS kept answering "slow down" after every retry. */
        THROTTLED,
        /** The AWS endpoint could not be reached. */
        NO_NETWORK,
        /** No region is configured for the client. */
        NO_REGION,
        /** The AWS settings name a profile that the AWS files do not have. */
        UNKNOWN_PROFILE,
        /** An endpoint setting (AWS_ENDPOINT_URL and its kin) is not a URL. */
        BAD_ENDPOINT,
        /** Something other than AWS answered: a proxy, or an endpoint setting that points elsewhere. */
        NOT_AWS,
        /** AWS rejected the request itself, or failed on its side. */
        SERVICE_ERROR
    }

    /** Error codes AWS services use for "slow down"; Cost Explorer says LimitExceededException. */
    static final Set<String> THROTTLING_CODES = Set.of("Throttling", "ThrottlingException",
            "ThrottledException", "RequestThrottled", "RequestThrottledException", "TooManyRequestsException",
            "LimitExceededException", "RequestLimitExceeded", "SlowDown");

    private static final Set<String> ACCESS_DENIED_CODES = Set.of("AccessDenied", "AccessDeniedException",
            "UnauthorizedOperation", "UnauthorizedException", "NotAuthorized");

    private static final Set<String> REJECTED_CODES = Set.of("InvalidClientTokenId", "UnrecognizedClientException",
            "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException", "InvalidSignatureException",
            "AuthFailure", "IncompleteSignature", "MissingAuthenticationToken");

    /** True when {@code failure} is AWS asking us to slow down. */
    static boolean isThrottling(Throwable failure) {
        if (!(failure instanceof AwsServiceException)) {
            return false;
        }
        AwsServiceException service = (AwsServiceException) failure;
        // A reply that is not from AWS (a proxy's HTML page) has no error code at all.
        String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
        return service.isThrottlingException() || code != null && THROTTLING_CODES.contains(code);
    }

    /**
     * Classifies a failure of the SDK call {@code action} (an operation name such as
     * "PutMetricData") into a problem with a message for the operator.
     */
    public static AwsProblem of(String action, Throwable failure) {
        // The SDK wraps what providers throw, and interceptors may only attach a problem as a
        // suppressed exception: it may sit a level down or beside.
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AwsProblemException found) {
                return found.problem();
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof AwsProblemException found) {
                    return found.problem();
                }
            }
        }
        if (failure instanceof AwsServiceException) {
            return ofService(action, (AwsServiceException) failure);
        }
        return ofClient(action, failure);
    }

    private static AwsProblem ofService(String action, AwsServiceException failure) {
        String code = failure.awsErrorDetails() == null ? null : failure.awsErrorDetails().errorCode();
        String detail = failure.awsErrorDetails() == null ? null : failure.awsErrorDetails().errorMessage();
        String said = detail == null || detail.isBlank() ? "" : " AWS said: " + detail;
        if (code != null && THROTTLING_CODES.contains(code) || failure.isThrottlingException()) {
            return new AwsProblem(Kind.THROTTLED, action + " was throttled by AWS (" + code + ") and still was after "
                    + attempts(failure) + " attempts with growing pauses. Wait a minute and try again; if it keeps"
                    + " happening, refresh less often." + said);
        }
        if (code != null && ACCESS_DENIED_CODES.contains(code)) {
            return new AwsProblem(Kind.ACCESS_DENIED, "AWS denied " + action + " to these credentials. Grant the"
                    + " identity the permission for it (for example " + permissionFor(action) + ") or choose"
                    + " another profile." + said);
        }
        if (code != null && REJECTED_CODES.contains(code)) {
            return new AwsProblem(Kind.CREDENTIALS_REJECTED, "AWS rejected the credentials for " + action + " ("
                    + code + "). Check that the access key exists and is active, or refresh the session (for SSO:"
                    + " aws sso login)." + said);
        }
        if (failure.statusCode() == 403) {
            return new AwsProblem(Kind.ACCESS_DENIED, "AWS refused " + action + " (HTTP 403" + codeText(code)
                    + "). Check the identity's permissions (" + permissionFor(action) + ")." + said);
        }
        return new AwsProblem(Kind.SERVICE_ERROR, "AWS answered " + action + " with an error (HTTP "
                + failure.statusCode() + codeText(code) + ")." + said);
    }

    private static AwsProblem ofClient(String action, Throwable failure) {
        String text = messages(failure);
        String lower = text.toLowerCase(Locale.ROOT);
        if (hasCause(failure, URISyntaxException.class)) {
            return new AwsProblem(Kind.BAD_ENDPOINT, "An AWS endpoint setting for " + action + " is not a URL ("
                    + rootMessage(failure) + "). Check AWS_ENDPOINT_URL, its per-service variants and endpoint_url"
                    + " in ~/.aws/config: each must be a URL such as http://localhost:4566, or unset.");
        }
        if (hasCause(failure, ConnectException.class) || hasCause(failure, UnknownHostException.class)
                || hasCause(failure, NoRouteToHostException.class) || hasCause(failure, SocketTimeoutException.class)
                || lower.contains("connect timed out") || lower.contains("connection refused")) {
            return new AwsProblem(Kind.NO_NETWORK, "Could not reach AWS for " + action + ": "
                    + rootMessage(failure) + ". Check the network connection (and a proxy or AWS_ENDPOINT_URL"
                    + " if one is set); the rest of Burnwatch works without AWS.");
        }
        if (lower.contains("sso") && lower.contains("class path")) {
            return new AwsProblem(Kind.NO_CREDENTIALS, "The profile signs in with AWS SSO, but this build of"
                    + " Burnwatch lacks the AWS SDK's sso module. Use a profile with keys or a role, or export"
                    + " the SSO session's credentials ('aws configure export-credentials --format env').");
        }
        if (lower.contains("unable to load region") || lower.contains("no region")) {
            return new AwsProblem(Kind.NO_REGION, "No AWS region is set for " + action + ". Choose one in the"
                    + " AWS settings (profile and region) on the Costs screen or with --region, or set AWS_REGION.");
        }
        if (lower.contains("sso") && lower.contains("expired")) {
            return new AwsProblem(Kind.SSO_TOKEN_EXPIRED, "The AWS SSO session has expired. Run 'aws sso login'"
                    + " (with --profile and the profile chosen on the Costs screen) and try again.");
        }
        if (lower.contains("unable to load credentials") || lower.contains("credentials")) {
            return new AwsProblem(Kind.NO_CREDENTIALS, "No AWS credentials were found for " + action + ". Set"
                    + " AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, choose a profile from ~/.aws/config (or run 'aws"
                    + " configure' or 'aws sso login'), or run on an instance with a role. Burnwatch never stores"
                    + " AWS secrets itself.");
        }
        if (lower.contains("profile file contained no") || lower.contains("profile") && lower.contains("not found")) {
            return new AwsProblem(Kind.UNKNOWN_PROFILE, rootMessage(failure) + ". Check the profile name against"
                    + " ~/.aws/config and ~/.aws/credentials.");
        }
        return new AwsProblem(Kind.SERVICE_ERROR, action + " failed: " + rootMessage(failure));
    }

    private static int attempts(SdkException failure) {
        return Math.max(1, failure.numAttempts());
    }

    private static String codeText(String code) {
        return code == null ? "" : ", " + code;
    }

    private static String permissionFor(String action) {
        String service = action.startsWith("GetCost") || action.startsWith("GetDimension") ? "ce" : "cloudwatch";
        return service + ":" + action;
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String messages(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append(' ');
            for (Throwable suppressed : t.getSuppressed()) {
                text.append(suppressed.getMessage()).append(' ');
            }
        }
        return text.toString();
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
