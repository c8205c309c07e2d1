package dev.burnwatch.aws;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What AWS billed on one UTC day, as Cost Explorer reports it (unblended cost, USD).
 *
 * @param day the UTC day
 * @param lines the amounts by group: service, or service and usage type
 * @param incomplete true for today and yesterday (Cost Explorer lags up to a day) and days not
 *     read: the figure will still grow, so the day is left out of any verdict
 * @param estimated AWS still marks the day estimated (the whole current month, until the
 *     invoice): the figure may still be adjusted a little
 */
public record DailyCost(LocalDate day, List<CostLine> lines, boolean incomplete, boolean estimated) {

    /** The name Burnwatch gives the sum of Claude's per-model Bedrock Marketplace services. */
    public static final String CLAUDE_ON_BEDROCK = "Claude on Bedrock";

    /** "Claude Sonnet 4.5 (Amazon Bedrock Edition)" and its siblings: one Marketplace service per model. */
    private static final Pattern CLAUDE_BEDROCK_SERVICE =
            Pattern.compile("^(Anthropic )?Claude\\b.*\\(Amazon Bedrock Edition\\)$");

    /**
     * One group's amount.
     *
     * @param keys the group's keys: {@code [service]} or {@code [service, usage type]}
     * @param amountUsd unblended cost in USD
     */
    public record CostLine(List<String> keys, BigDecimal amountUsd) {

        @JsonIgnore
        public String service() {
            return keys.isEmpty() ? "" : keys.get(0);
        }

        @JsonIgnore
        public boolean isClaudeOnBedrock() {
            return isClaudeOnBedrockService(service());
        }
    }

    public DailyCost {
        lines = List.copyOf(lines);
    }

    /** A day that is estimated exactly when it is incomplete. */
    public DailyCost(LocalDate day, List<CostLine> lines, boolean incomplete) {
        this(day, lines, incomplete, incomplete);
    }

    /** True for a Marketplace service that bills a Claude model on Bedrock. */
    public static boolean isClaudeOnBedrockService(String service) {
        return CLAUDE_BEDROCK_SERVICE.matcher(service).matches();
    }

    /** Everything billed that day. */
    public BigDecimal totalUsd() {
        return lines.stream().map(CostLine::amountUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Claude on Bedrock: all per-model Marketplace services summed. */
    public BigDecimal claudeOnBedrockUsd() {
        return lines.stream().filter(CostLine::isClaudeOnBedrock).map(CostLine::amountUsd)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /**
     * The lines by service with the Claude models folded into one {@link #CLAUDE_ON_BEDROCK}
     * line (usage types, if any, summed into their service).
     */
    public List<CostLine> byServiceWithClaudeSummed() {
        java.util.Map<String, BigDecimal> sums = new java.util.TreeMap<>();
        for (CostLine line : lines) {
            String service = line.isClaudeOnBedrock() ? CLAUDE_ON_BEDROCK : line.service();
            sums.merge(service, line.amountUsd(), BigDecimal::add);
        }
        return sums.entrySet().stream().map(e -> new CostLine(List.of(e.getKey()), e.getValue())).toList();
    }
}
