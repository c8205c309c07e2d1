package dev.burnwatch.aws;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.utils.UserHomeDirectoryUtils;

/**
 * Builds the SDK clients for a workspace's {@link AwsSettings}. Clients come from the SDK's
 * default builders, so {@code AWS_ENDPOINT_URL}, its per-service variants and the
 * {@code aws.endpointUrl} system property still redirect them; credentials come from the
 * default chain (environment, profiles, SSO, instance roles) or the workspace's profile.
 *
 * <p>Throttled calls are retried with exponential backoff before a problem is reported.
 * A profile that signs in with AWS SSO is checked first: an expired cached token gives
 * {@link AwsProblem.Kind#SSO_TOKEN_EXPIRED} without a call.
 */
public final class AwsClients {

    /** Cost Explorer has one endpoint, in us-east-1. */
    static final Region COST_EXPLORER_REGION = Region.US_EAST_1;

    private final AwsSettings settings;
    private final Options options;

    /**
     * How clients are built beyond the workspace settings.
     *
     * @param endpointOverride an endpoint for every client (tests), or null for the SDK's own resolution
     * @param credentials fixed credentials (tests), or null for the chain
     * @param retries retry attempts and pauses
     * @param userHome where {@code .aws/sso/cache} is looked for
     * @param clock the clock that decides whether an SSO token has expired
     */
    public record Options(URI endpointOverride, AwsCredentialsProvider credentials, Retries retries, Path userHome,
                          Clock clock) {

        /** What the application uses. */
        public static Options standard() {
            return new Options(null, null, Retries.STANDARD, Path.of(UserHomeDirectoryUtils.userHomeDirectory()),
                    Clock.systemUTC());
        }

        public Options withEndpoint(URI endpoint) {
            return new Options(endpoint, credentials, retries, userHome, clock);
        }

        public Options withCredentials(AwsCredentialsProvider provider) {
            return new Options(endpointOverride, provider, retries, userHome, clock);
        }

        public Options withRetries(Retries newRetries) {
            return new Options(endpointOverride, credentials, newRetries, userHome, clock);
        }

        public Options withUserHome(Path home) {
            return new Options(endpointOverride, credentials, retries, home, clock);
        }
    }

    /**
     * Retry policy: attempts in all, and the exponential pauses between them (ordinary
     * failures and throttling each have their own).
     */
    public record Retries(int maxAttempts, Duration baseDelay, Duration throttlingBaseDelay, Duration maxDelay) {

        public static final Retries STANDARD = new Retries(4, Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofSeconds(20));
    }

    public AwsClients(AwsSettings settings, Options options) {
        this.settings = settings;
        this.options = options;
    }

    public static AwsClients of(AwsSettings settings) {
        return new AwsClients(settings, Options.standard());
    }

    public Options options() {
        return options;
    }

    public AwsSettings settings() {
        return settings;
    }

    /** A CloudWatch client in the workspace's region; throws {@link AwsProblemException} for an expired SSO token. */
    public CloudWatchClient cloudWatch() {
        var builder = CloudWatchClient.builder();
        configure(builder);
        regionOf(settings).ifPresent(builder::region);
        return builder.build();
    }

    /**
     * The workspace's region; else the chosen profile's (the SDK's own chain would read the
     * default profile's, not the one the workspace names); else empty, for the SDK's chain.
     */
    private static Optional<Region> regionOf(AwsSettings settings) {
        if (settings.region() != null) {
            return Optional.of(Region.of(settings.region()));
        }
        if (settings.profile() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(DefaultAwsRegionProviderChain.builder().profileName(settings.profile()).build()
                    .getRegion());
        } catch (SdkClientException e) {
            return Optional.empty();
        }
    }

    /** A Cost Explorer client (its endpoint is in us-east-1 whatever the workspace's region). */
    public CostExplorerClient costExplorer() {
        var builder = CostExplorerClient.builder();
        configure(builder);
        builder.region(COST_EXPLORER_REGION);
        return builder.build();
    }

    private <B extends AwsClientBuilder<B, ?>> void configure(B builder) {
        builder.credentialsProvider(credentials());
        if (options.endpointOverride() != null) {
            builder.endpointOverride(options.endpointOverride());
        }
        builder.overrideConfiguration(ClientOverrideConfiguration.builder()
                .retryStrategy(retryStrategy(options.retries()))
                .apiCallAttemptTimeout(Duration.ofSeconds(30))
                .apiCallTimeout(Duration.ofMinutes(2))
                .build());
    }

    private AwsCredentialsProvider credentials() {
        if (options.credentials() != null) {
            return options.credentials();
        }
        String profileName = settings.profile();
        ProfileFile profiles = ProfileFile.defaultProfileFile();
        String effective = profileName != null ? profileName : defaultProfileName();
        Optional<Profile> profile = profiles.profile(effective);
        if (profileName != null && profile.isEmpty()) {
            throw new AwsProblemException(new AwsProblem(AwsProblem.Kind.UNKNOWN_PROFILE, "The AWS profile '"
                    + profileName + "' is not in ~/.aws/config or ~/.aws/credentials. Choose one that is (aws"
                    + " configure list-profiles), or clear the profile to use the default chain."));
        }
        profile.ifPresent(p -> new SsoTokenCheck(profiles, options.userHome(), options.clock()).check(p));
        if (profileName == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return ProfileCredentialsProvider.builder().profileFile(profiles).profileName(profileName).build();
    }

    private static String defaultProfileName() {
        String fromProperty = System.getProperty("aws.profile");
        if (fromProperty != null && !fromProperty.isBlank()) {
            return fromProperty;
        }
        String fromEnv = System.getenv("AWS_PROFILE");
        return fromEnv == null || fromEnv.isBlank() ? "default" : fromEnv;
    }

    static StandardRetryStrategy retryStrategy(Retries retries) {
        return AwsRetryStrategy.configure(StandardRetryStrategy.builder())
                .maxAttempts(retries.maxAttempts())
                .retryOnException(AwsProblem::isThrottling)
                .treatAsThrottling(AwsProblem::isThrottling)
                .backoffStrategy(BackoffStrategy.exponentialDelay(retries.baseDelay(), retries.maxDelay()))
                .throttlingBackoffStrategy(
                        BackoffStrategy.exponentialDelay(retries.throttlingBaseDelay(), retries.maxDelay()))
                .circuitBreakerEnabled(false)
                .build();
    }
}
