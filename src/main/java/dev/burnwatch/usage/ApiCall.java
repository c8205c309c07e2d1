package dev.burnwatch.usage;

import java.time.Instant;

/**
 * One deduplicated assistant response, as counted (see the fixtures' counting rules).
 *
 * @param host the {@link dev.burnwatch.host.Host#id()} it was read from
 * @param sessionId the session it belongs to (the line's {@code sessionId})
 * @param project the working directory, from the line's {@code cwd}
 * @param model the model id as logged
 * @param timestamp when it was written; decides its day
 * @param sidechain true for a sub-agent's call (not a turn of the main thread)
 * @param tokens its token counts
 */
public record ApiCall(String host, String sessionId, String project, String model, Instant timestamp,
                      boolean sidechain, Tokens tokens) {
}
