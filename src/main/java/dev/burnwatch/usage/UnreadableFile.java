package dev.burnwatch.usage;

/**
 * A transcript that exists but could not be read (permission denied): its API calls are
 * missing from the figures, so whoever shows them says so.
 *
 * @param host the host's id ({@code local} or {@code user@address:port})
 * @param path the transcript's absolute path on that host
 * @param reason what the host said, for the operator
 */
public record UnreadableFile(String host, String path, String reason) {
}
