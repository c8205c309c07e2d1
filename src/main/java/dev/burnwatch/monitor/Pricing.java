package dev.burnwatch.monitor;

import dev.burnwatch.usage.Tokens;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * What an API call cost: the price of {@code tokens} on {@code model}, or empty when the
 * model has no known price (its spend is then left out, never counted as zero).
 * The usage engine's price table fits it as a method reference.
 */
@FunctionalInterface
public interface Pricing {

    Optional<BigDecimal> cost(String model, Tokens tokens);
}
