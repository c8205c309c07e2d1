package dev.burnwatch.pricing;

import dev.burnwatch.usage.Tokens;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one model costs, in USD per million tokens of each kind.
 *
 * @param id the model's canonical id ({@code claude-sonnet-4-5-20250929})
 * @param displayName a short name for people ({@code Sonnet 4.5})
 * @param input uncached input
 * @param output output
 * @param cacheWrite5m cache writes with a 5-minute lifetime
 * @param cacheWrite1h cache writes with a 1-hour lifetime
 * @param cacheRead cache reads (hits and refreshes)
 */
public record ModelPrice(String id, String displayName, BigDecimal input, BigDecimal output,
                         BigDecimal cacheWrite5m, BigDecimal cacheWrite1h, BigDecimal cacheRead) {

    public ModelPrice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(cacheWrite5m, "cacheWrite5m");
        Objects.requireNonNull(cacheWrite1h, "cacheWrite1h");
        Objects.requireNonNull(cacheRead, "cacheRead");
    }

    /** The exact cost of these tokens in USD (not rounded). */
    public BigDecimal cost(Tokens tokens) {
        BigDecimal perMillion = input.multiply(BigDecimal.valueOf(tokens.input()))
                .add(output.multiply(BigDecimal.valueOf(tokens.output())))
                .add(cacheWrite5m.multiply(BigDecimal.valueOf(tokens.cacheWrite5m())))
                .add(cacheWrite1h.multiply(BigDecimal.valueOf(tokens.cacheWrite1h())))
                .add(cacheRead.multiply(BigDecimal.valueOf(tokens.cacheRead())));
        return perMillion.movePointLeft(6);
    }
}
