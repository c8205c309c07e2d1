package dev.burnwatch.daemon;

import java.util.Locale;

/**
 * Whether a model id seen in a transcript is the pinned model, across the spellings one
 * model comes in: dated and undated ({@code claude-haiku-4-5} pins
 * {@code claude-haiku-4-5-20251001}), Bedrock ({@code us.anthropic.claude-...-v1:0}),
 * Vertex ({@code claude-...@20251001}), the {@code [1m]} suffix, and the short aliases
 * {@code haiku}, {@code sonnet}, {@code opus} (any model of that family).
 */
public final class ModelPin {

    private ModelPin() {
    }

    /** True when {@code observed} is the model that {@code pinned} names. */
    public static boolean matches(String pinned, String observed) {
        String pin = normalised(pinned);
        String seen = normalised(observed);
        if (pin.isEmpty() || seen.isEmpty()) {
            return false;
        }
        if (pin.equals("haiku") || pin.equals("sonnet") || pin.equals("opus")) {
            return seen.startsWith("claude-" + pin + "-") || seen.matches("claude-\\d+(-\\d+)?-" + pin + "(-.*)?");
        }
        return seen.equals(pin) || seen.startsWith(pin + "-") && seen.substring(pin.length() + 1).matches("\\d{8}");
    }

    private static String normalised(String id) {
        if (id == null) {
            return "";
        }
        String model = id.strip().toLowerCase(Locale.ROOT);
        model = model.replaceFirst("\\[1m]$", "");
        model = model.replaceFirst("^([a-z]{2,4}\\.)?anthropic\\.", "");
        model = model.replaceFirst("-v\\d+(:\\d+)?$", "");
        return model.replace('@', '-');
    }
}
