package dev.burnwatch.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Optional;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Looks at the cached token of a profile that signs in with AWS SSO, the way the AWS CLI
 * stores it ({@code ~/.aws/sso/cache/<sha1 of the session name or start URL>.json}), and
 * reports an expired or missing token as a problem with the command that fixes it, before
 * any call is made. Only the expiry is read; the token itself is never kept or logged.
 */
final class SsoTokenCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProfileFile profiles;
    private final Path userHome;
    private final Clock clock;

    SsoTokenCheck(ProfileFile profiles, Path userHome, Clock clock) {
        this.profiles = profiles;
        this.userHome = userHome;
        this.clock = clock;
    }

    /** Throws {@link AwsProblemException} if {@code profile} uses SSO and its token is missing or expired. */
    void check(Profile profile) {
        Optional<String> cacheKey = cacheKey(profile);
        if (cacheKey.isEmpty()) {
            return;
        }
        Path tokenFile = userHome.resolve(".aws").resolve("sso").resolve("cache").resolve(sha1(cacheKey.get())
                + ".json");
        String login = "aws sso login --profile " + profile.name();
        if (!Files.isRegularFile(tokenFile)) {
            throw expired("The AWS profile '" + profile.name() + "' signs in with SSO, but there is no SSO session"
                    + " yet (no " + tokenFile + "). Run '" + login + "' and try again.");
        }
        Optional<Instant> expiresAt = expiresAt(tokenFile);
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(clock.instant())) {
            throw expired("The AWS SSO session of profile '" + profile.name() + "' expired at " + expiresAt.get()
                    + ". Run '" + login + "' and try again.");
        }
    }

    private Optional<String> cacheKey(Profile profile) {
        Optional<String> session = profile.property("sso_session");
        if (session.isPresent()) {
            return session;
        }
        return profile.property("sso_start_url")
                .or(() -> profiles.getSection("sso-session", "").flatMap(p -> p.property("sso_start_url")));
    }

    private static Optional<Instant> expiresAt(Path tokenFile) {
        try {
            JsonNode token = JSON.readTree(Files.readString(tokenFile, StandardCharsets.UTF_8));
            String text = token.path("expiresAt").asText(null);
            return text == null ? Optional.empty() : Optional.of(Instant.parse(text.replace("UTC", "Z")));
        } catch (IOException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static AwsProblemException expired(String message) {
        return new AwsProblemException(new AwsProblem(AwsProblem.Kind.SSO_TOKEN_EXPIRED, message));
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }
}
