package dev.burnwatch.usage;

import java.math.BigDecimal;

/**
 * The spend of one group of API calls: a day, a model or a project (or all of them).
 *
 * @param key what the row groups by: {@code 2026-11-30}, a model id, a working directory
 * @param apiCalls its deduplicated API calls
 * @param tokens its tokens, unpriced models' included
 * @param costUsd the exact cost of its priced calls (unpriced models' calls are left out)
 */
public record UsageRow(String key, int apiCalls, Tokens tokens, BigDecimal costUsd) {
}
