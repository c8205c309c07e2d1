package dev.burnwatch.monitor;

import dev.burnwatch.usage.Tokens;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One session as the console shows it: its totals and the token count of each turn.
 *
 * @param host the host id it was read from
 * @param sessionId the session id
 * @param project the working directory
 * @param models the models it used, most used first
 * @param apiCalls API calls, sub-agents included
 * @param turns API calls of the main thread
 * @param tokens all tokens summed
 * @param costUsd what the priced calls cost
 * @param firstTimestamp its first API call
 * @param lastTimestamp its last API call
 * @param turnTokens the total tokens of each main-thread turn, in order
 */
public record SessionRecord(String host, String sessionId, String project, List<String> models, int apiCalls,
                            int turns, Tokens tokens, BigDecimal costUsd, Instant firstTimestamp,
                            Instant lastTimestamp, List<Long> turnTokens) {

    public SessionRecord {
        models = List.copyOf(models);
        turnTokens = List.copyOf(turnTokens);
    }

    /** From its first to its last API call. */
    public Duration duration() {
        return Duration.between(firstTimestamp, lastTimestamp);
    }

    /** The model it used most, or an empty string when it made no call. */
    public String mainModel() {
        return models.isEmpty() ? "" : models.get(0);
    }

    /** True when its turns reached {@code cap} (a cap of 0 or less means none). */
    public boolean hitTheCap(int cap) {
        return cap > 0 && turns >= cap;
    }

    /**
     * Tokens per minute over its run; a session shorter than a minute counts as one minute so
     * that a single burst does not read as an infinite rate.
     */
    public double tokensPerMinute() {
        double minutes = Math.max(1.0, duration().toMillis() / 60_000.0);
        return tokens.total() / minutes;
    }
}
