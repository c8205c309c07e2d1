package dev.burnwatch.usage;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One session's spend on one host.
 *
 * @param host the host's id
 * @param sessionId the session id
 * @param project the working directory its lines name ({@code cwd}), or empty when none does
 * @param models the models its API calls used, in the order first used
 * @param apiCalls its deduplicated API calls, sub-agents' included
 * @param turns its main-thread API calls (sidechain excluded): what {@code --max-turns} caps
 * @param tokens its tokens, unpriced models' included
 * @param costUsd the exact cost of its priced calls (unpriced models' calls are left out)
 * @param firstTimestamp when its first API call was written
 * @param lastTimestamp when its last API call was written
 */
public record SessionSummary(String host, String sessionId, String project, List<String> models, int apiCalls,
                             int turns, Tokens tokens, BigDecimal costUsd, Instant firstTimestamp,
                             Instant lastTimestamp) {

    /**
     * How long a session must have been quiet, by its host's clock, before it counts as finished
     * when nothing else says it ended. Long tool calls keep a running session quiet for minutes,
     * so publishing and watching both wait this long rather than judging a session half done.
     */
    public static final Duration FINISHED_AFTER_QUIET = Duration.ofMinutes(5);

    public SessionSummary {
        models = List.copyOf(models);
    }
}
