package dev.burnwatch.aws;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
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
 * {@link AwsProblem.Kind#SSO_TOKEN_EXPIRED} without a call. An endpoint variable that is
 * not a URL is reported before a client is built; a call that gets no answer gives up after
 * {@link Timeouts#STANDARD}, and a reply that is not from AWS is named as such.
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
     * @param timeouts how long a call may wait for an answer
     */
    public record Options(URI endpointOverride, AwsCredentialsProvider credentials, Retries retries, Path userHome,
                          Clock clock, Timeouts timeouts) {

        /** Options with the standard time limits. */
        public Options(URI endpointOverride, AwsCredentialsProvider credentials, Retries retries, Path userHome,
                       Clock clock) {
            this(endpointOverride, credentials, retries, userHome, clock, Timeouts.STANDARD);
        }

        /** What the application uses. */
        public static Options standard() {
            return new Options(null, null, Retries.STANDARD, Path.of(UserHomeDirectoryUtils.userHomeDirectory()),
                    Clock.systemUTC());
        }

        public Options withEndpoint(URI endpoint) {
            return new Options(endpoint, credentials, retries, userHome, clock, timeouts);
        }

        public Options withCredentials(AwsCredentialsProvider provider) {
            return new Options(endpointOverride, provider, retries, userHome, clock, timeouts);
        }

        public Options withRetries(Retries newRetries) {
            return new Options(endpointOverride, credentials, newRetries, userHome, clock, timeouts);
        }

        public Options withUserHome(Path home) {
            return new Options(endpointOverride, credentials, retries, home, clock, timeouts);
        }

        public Options withTimeouts(Timeouts newTimeouts) {
            return new Options(endpointOverride, credentials, retries, userHome, clock, newTimeouts);
        }
    }

    /**
     * How long a call waits: each attempt, and the call with all its retries. Without them the
     * SDK would wait for a silent endpoint for two minutes and more.
     */
    public record Timeouts(Duration attempt, Duration total) {

        public static final Timeouts STANDARD = new Timeouts(Duration.ofSeconds(20), Duration.ofSeconds(60));
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

    /**
     * Whether AWS calls could be made now, found out without a request to AWS that costs: the
     * endpoint settings are URLs, a region is set, and the credential chain (or the chosen
     * profile) gives credentials. Resolving credentials may itself talk to an SSO portal or an
     * instance's metadata service (both free); it blocks, so run it off the JavaFX thread.
     *
     * @return where the credentials come from and the region, for the operator
     */
    public AwsResult<String> checkSetup() {
        return AwsResult.attempt("CloudWatch and Cost Explorer", () -> {
            for (String[] service : new String[][] {{"AWS_ENDPOINT_URL_CLOUDWATCH", "aws.endpointUrlCloudWatch"},
                {"AWS_ENDPOINT_URL_COST_EXPLORER", "aws.endpointUrlCostExplorer"}}) {
                if (options.endpointOverride() == null) {
                    Optional<AwsProblem> problem = endpointProblem(System.getenv(), System::getProperty, service[0],
                            service[1]);
                    if (problem.isPresent()) {
                        throw new AwsProblemException(problem.get());
                    }
                }
            }
            credentials().resolveCredentials();
            Region region = regionOf(settings).orElseGet(() -> new DefaultAwsRegionProviderChain().getRegion());
            return "credentials from " + source() + ", region " + region.id();
        });
    }

    /** Where the chain's credentials come from, the way the chain looks (the SDK names it only in codes). */
    private String source() {
        if (options.credentials() != null) {
            return "the credentials given to Burnwatch";
        }
        if (settings.profile() != null) {
            return "the profile '" + settings.profile() + "'";
        }
        if (present(System.getProperty("aws.accessKeyId"))) {
            return "Java system properties (aws.accessKeyId)";
        }
        if (present(System.getenv("AWS_ACCESS_KEY_ID"))) {
            return "the environment (AWS_ACCESS_KEY_ID)";
        }
        if (present(System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE"))) {
            return "a web identity token (AWS_WEB_IDENTITY_TOKEN_FILE)";
        }
        if (ProfileFile.defaultProfileFile().profile(defaultProfileName()).isPresent()) {
            return "the profile '" + defaultProfileName() + "'";
        }
        return "the instance's or container's role";
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** A CloudWatch client in the workspace's region; throws {@link AwsProblemException} for an expired SSO token. */
    public CloudWatchClient cloudWatch() {
        var builder = CloudWatchClient.builder();
        configure(builder, "AWS_ENDPOINT_URL_CLOUDWATCH", "aws.endpointUrlCloudWatch");
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
        configure(builder, "AWS_ENDPOINT_URL_COST_EXPLORER", "aws.endpointUrlCostExplorer");
        builder.region(COST_EXPLORER_REGION);
        return builder.build();
    }

    private <B extends AwsClientBuilder<B, ?>> void configure(B builder, String serviceVariable,
                                                             String serviceProperty) {
        if (options.endpointOverride() != null) {
            builder.endpointOverride(options.endpointOverride());
        } else {
            endpointProblem(System.getenv(), System::getProperty, serviceVariable, serviceProperty)
                    .ifPresent(problem -> {
                        throw new AwsProblemException(problem);
                    });
        }
        builder.credentialsProvider(credentials());
        builder.overrideConfiguration(ClientOverrideConfiguration.builder()
                .retryStrategy(retryStrategy(options.retries()))
                .apiCallAttemptTimeout(options.timeouts().attempt())
                .apiCallTimeout(options.timeouts().total())
                .addExecutionInterceptor(new EndpointReplies(options.timeouts()))
                .build());
    }

    /**
     * Why the endpoint settings the SDK will read are unusable: a variable or system property
     * that is set but is not an http(s) URL (the SDK's own message, "Illegal character in path
     * at index 3", would not say which setting is wrong). Empty when they are fine or unset.
     */
    static Optional<AwsProblem> endpointProblem(Map<String, String> env, UnaryOperator<String> properties,
                                                String serviceVariable, String serviceProperty) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(serviceProperty + " (system property)", properties.apply(serviceProperty));
        settings.put("aws.endpointUrl (system property)", properties.apply("aws.endpointUrl"));
        settings.put(serviceVariable, env.get(serviceVariable));
        settings.put("AWS_ENDPOINT_URL", env.get("AWS_ENDPOINT_URL"));
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            String value = setting.getValue();
            if (value == null || value.isBlank() || isHttpUrl(value.trim())) {
                continue;
            }
            return Optional.of(new AwsProblem(AwsProblem.Kind.BAD_ENDPOINT, setting.getKey() + " is set to '" + value
                    + "', which is not a URL. Set it to the endpoint's address with its scheme (for example"
                    + " http://localhost:4566), or unset it to reach AWS itself."));
        }
        return Optional.empty();
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
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
