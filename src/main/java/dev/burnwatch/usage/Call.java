package dev.burnwatch.usage;

import java.time.Instant;

/**
 * One counted assistant line as read from a transcript, with the keys that deduplicate it
 * ({@code message.id} and {@code requestId}) and its place in the file (for "first read wins").
 */
final class Call {

    final String messageId;
    final String requestId;
    final String sessionId;
    final String project;
    final String model;
    final long timestampMillis;
    final boolean sidechain;
    final long input;
    final long output;
    final long cacheWrite5m;
    final long cacheWrite1h;
    final long cacheRead;
    final long seq;

    Call(String messageId, String requestId, String sessionId, String project, String model, long timestampMillis,
         boolean sidechain, long input, long output, long cacheWrite5m, long cacheWrite1h, long cacheRead, long seq) {
        this.messageId = messageId;
        this.requestId = requestId;
        this.sessionId = sessionId;
        this.project = project;
        this.model = model;
        this.timestampMillis = timestampMillis;
        this.sidechain = sidechain;
        this.input = input;
        this.output = output;
        this.cacheWrite5m = cacheWrite5m;
        this.cacheWrite1h = cacheWrite1h;
        this.cacheRead = cacheRead;
        this.seq = seq;
    }

    /** The sum of the four logged counts: what "largest snapshot" compares. */
    long total() {
        return input + output + cacheWrite5m + cacheWrite1h + cacheRead;
    }

    /** The deduplication key, or null for a line without {@code message.id} (never merged). */
    String key() {
        if (messageId == null) {
            return null;
        }
        return requestId == null ? messageId : messageId + '\u0000' + requestId;
    }

    Call withSidechain(boolean value) {
        if (value == sidechain) {
            return this;
        }
        return new Call(messageId, requestId, sessionId, project, model, timestampMillis, value, input, output,
                cacheWrite5m, cacheWrite1h, cacheRead, seq);
    }

    /**
     * Which of two lines of one response to keep: the larger total; on a tie the one already
     * kept (read first). A response is main-thread if any of its lines was.
     */
    static Call keep(Call kept, Call candidate) {
        boolean sidechain = kept.sidechain && candidate.sidechain;
        Call winner = candidate.total() > kept.total() ? candidate : kept;
        return winner.withSidechain(sidechain);
    }

    ApiCall toApiCall(String host) {
        return new ApiCall(host, sessionId, project, model, Instant.ofEpochMilli(timestampMillis), sidechain,
                new Tokens(input, output, cacheWrite5m, cacheWrite1h, cacheRead));
    }
}
