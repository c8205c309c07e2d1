package dev.burnwatch.daemon;

import java.time.Instant;
import java.util.List;

/**
 * One agent session as its transcript shows it so far: what {@link SessionWatch} judges.
 *
 * @param sessionId the session id
 * @param models the models its API calls ran on
 * @param turns its API calls on the main thread (sidechain excluded)
 * @param firstTimestamp its first API call
 * @param lastTimestamp its last API call so far
 */
public record ObservedSession(String sessionId, List<String> models, long turns, Instant firstTimestamp,
        Instant lastTimestamp) {
}
