package dev.burnwatch.monitor;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * What one calendar day's API calls cost.
 *
 * @param day the day in the operator's zone
 * @param costUsd the priced calls' cost
 * @param sessions sessions that started that day
 * @param totalTokens all tokens of that day's calls
 */
public record DaySpend(LocalDate day, BigDecimal costUsd, int sessions, long totalTokens) {
}
