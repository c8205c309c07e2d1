package dev.burnwatch.monitor;

import dev.burnwatch.usage.ApiCall;
import dev.burnwatch.usage.Tokens;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/** Builds API calls and a small price table for the monitor's specifications. */
final class Calls {

    static final String SONNET = "claude-sonnet-4-20250514";
    static final String HAIKU = "claude-haiku-4-5-20251001";

    /** Sonnet 4 and Haiku 4.5 list prices (USD per million tokens); other models are unpriced. */
    static final Pricing PRICES = (model, t) -> {
        double[] p = switch (model) {
            case SONNET -> new double[] {3, 15, 3.75, 6, 0.30};
            case HAIKU -> new double[] {1, 5, 1.25, 2, 0.10};
            default -> null;
        };
        if (p == null) {
            return Optional.empty();
        }
        double usd = (t.input() * p[0] + t.output() * p[1] + t.cacheWrite5m() * p[2] + t.cacheWrite1h() * p[3]
                + t.cacheRead() * p[4]) / 1_000_000.0;
        return Optional.of(BigDecimal.valueOf(usd));
    };

    private Calls() {
    }

    static ApiCall call(String session, String model, String at, long input, long output) {
        return new ApiCall("h1", session, "/home/ubuntu/agent", model, Instant.parse(at), false,
                new Tokens(input, output, 0, 0, 0));
    }

    static ApiCall sidechain(String session, String model, String at, long input, long output) {
        return new ApiCall("h1", session, "/home/ubuntu/agent", model, Instant.parse(at), true,
                new Tokens(input, output, 0, 0, 0));
    }
}
