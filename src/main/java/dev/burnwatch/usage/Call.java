package dev.burnwatch.usage;

import java.time.Instant;

/**
 * One counted assistant line as read from a transcript, with what deduplicates it (64-bit
 * hashes of {@code message.id} and {@code requestId}: no strings to build, store or compare)
 * and its place in the file (for "first read wins").
 */
final class Call {

    /** {@link #messageHash} of a line without {@code message.id}: such a line is never merged. */
    static final long NO_ID = 0;

    final long messageHash;
    final long requestHash;
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

    Call(long messageHash, long requestHash, String sessionId, String project, String model, long timestampMillis,
         boolean sidechain, long input, long output, long cacheWrite5m, long cacheWrite1h, long cacheRead, long seq) {
        this.messageHash = messageHash;
        this.requestHash = requestHash;
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

    boolean hasKey() {
        return messageHash != NO_ID;
    }

    /** The deduplication key: {@code message.id} and {@code requestId} (or the id alone) as one hash. */
    long key() {
        return Hashes.mix(messageHash * 0x9E3779B97F4A7C15L + requestHash);
    }

    Call withSidechain(boolean value) {
        if (value == sidechain) {
            return this;
        }
        return new Call(messageHash, requestHash, sessionId, project, model, timestampMillis, value, input, output,
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
