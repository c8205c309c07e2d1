package dev.burnwatch.usage;

/**
 * Token counts of one API call or of a sum of them, split the way they are priced.
 *
 * @param input uncached input tokens
 * @param output output tokens
 * @param cacheWrite5m cache writes with a 5-minute lifetime (1.25x input price)
 * @param cacheWrite1h cache writes with a 1-hour lifetime (2x input price)
 * @param cacheRead cache reads (0.1x input price)
 */
public record Tokens(long input, long output, long cacheWrite5m, long cacheWrite1h, long cacheRead) {

    public static final Tokens ZERO = new Tokens(0, 0, 0, 0, 0);

    /** All five counts summed. */
    public long total() {
        return input + output + cacheWrite5m + cacheWrite1h + cacheRead;
    }

    /** Both cache write kinds. */
    public long cacheWrite() {
        return cacheWrite5m + cacheWrite1h;
    }

    public Tokens plus(Tokens other) {
        return new Tokens(input + other.input, output + other.output, cacheWrite5m + other.cacheWrite5m,
                cacheWrite1h + other.cacheWrite1h, cacheRead + other.cacheRead);
    }
}
