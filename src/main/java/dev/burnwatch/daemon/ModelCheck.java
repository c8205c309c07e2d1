package dev.burnwatch.daemon;

import dev.burnwatch.pricing.PriceTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What an operator should hear about a model id before it is pinned. A typo in the pin costs as
 * much as no pin (every session fails, or runs on whatever the id resolves to), so an id that the
 * price table does not know, or one in capitals, is warned about; nothing is refused and nothing
 * is rewritten: the pin is applied exactly as typed.
 *
 * <pre>{@code
 * ModelCheck.warnings("claude-nova-9-20270101", PriceTable.bundled()).forEach(System.err::println);
 * }</pre>
 */
public final class ModelCheck {

    /** Aliases the CLI takes that name no single priced model. */
    private static final Set<String> UNPRICED_ALIASES = Set.of("default", "opusplan");

    private ModelCheck() {
    }

    /** The warnings about {@code model}, in the order an operator should read them; empty when it is known. */
    public static List<String> warnings(String model, PriceTable prices) {
        List<String> warnings = new ArrayList<>();
        String lower = model.toLowerCase(Locale.ROOT);
        if (!model.equals(lower)) {
            warnings.add("Model ids are lower case: '" + model + "' is pinned as written, and the CLI may not"
                    + " know it (did you mean " + lower + "?).");
        }
        if (prices.find(lower).isEmpty() && !UNPRICED_ALIASES.contains(lower)) {
            String looks = lower.contains("claude") || lower.matches("(haiku|sonnet|opus)(\\[1m])?") ? ""
                    : " It does not look like a Claude model id (claude-..., or an alias: haiku, sonnet, opus).";
            warnings.add(model + " is not a model Burnwatch knows: check the id; the pin is applied as written."
                    + looks + " It has no price in Burnwatch's table (" + prices.date() + "), so the cost of its"
                    + " sessions will show as 'no price'.");
        }
        return List.copyOf(warnings);
    }
}
