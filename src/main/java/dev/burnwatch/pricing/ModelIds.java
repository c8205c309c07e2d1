package dev.burnwatch.pricing;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reduces the many spellings of one model id to a family and version ({@code sonnet 4.5}):
 * dated and undated ids, the older order ({@code claude-3-5-haiku}), Bedrock ids with or
 * without a region prefix, Vertex ids ({@code @date}), and the {@code [1m]} suffix.
 */
final class ModelIds {

    /** A model family and version, e.g. {@code sonnet} and {@code 4.5}; version null for a bare alias. */
    record Key(String family, String version) {

        boolean isAlias() {
            return version == null;
        }
    }

    private static final Pattern BEDROCK_VERSION = Pattern.compile("-v\\d+(:\\d+)?$");
    private static final Pattern DATE_SUFFIX = Pattern.compile("-\\d{8}$");
    private static final Pattern NEW_ORDER = Pattern.compile("^claude-([a-z]+)-(\\d+)(?:-(\\d{1,2}))?$");
    private static final Pattern OLD_ORDER = Pattern.compile("^claude-(\\d+)(?:-(\\d{1,2}))?-([a-z]+)$");
    private static final Pattern ALIAS = Pattern.compile("^(?:claude-)?([a-z]+)$");

    private ModelIds() {
    }

    /** The family and version a model id names, or empty when it is not a Claude model id we can read. */
    static Optional<Key> keyOf(String modelId) {
        if (modelId == null) {
            return Optional.empty();
        }
        String id = modelId.trim().toLowerCase(Locale.ROOT);
        int bracket = id.indexOf('[');
        if (bracket > 0) {
            id = id.substring(0, bracket);
        }
        int anthropic = id.lastIndexOf("anthropic.");
        if (anthropic >= 0) {
            id = id.substring(anthropic + "anthropic.".length());
            id = BEDROCK_VERSION.matcher(id).replaceFirst("");
        }
        id = id.replace('@', '-');
        if (id.endsWith("-latest")) {
            id = id.substring(0, id.length() - "-latest".length());
        }
        id = DATE_SUFFIX.matcher(id).replaceFirst("");
        id = BEDROCK_VERSION.matcher(id).replaceFirst("");
        return parse(id);
    }

    private static Optional<Key> parse(String id) {
        Matcher newOrder = NEW_ORDER.matcher(id);
        if (newOrder.matches()) {
            return Optional.of(new Key(newOrder.group(1), version(newOrder.group(2), newOrder.group(3))));
        }
        Matcher oldOrder = OLD_ORDER.matcher(id);
        if (oldOrder.matches()) {
            return Optional.of(new Key(oldOrder.group(3), version(oldOrder.group(1), oldOrder.group(2))));
        }
        Matcher alias = ALIAS.matcher(id);
        if (alias.matches() && !alias.group(1).equals("claude")) {
            return Optional.of(new Key(alias.group(1), null));
        }
        return Optional.empty();
    }

    private static String version(String major, String minor) {
        String majorPart = String.valueOf(Integer.parseInt(major));
        if (minor == null || Integer.parseInt(minor) == 0) {
            return majorPart;
        }
        return majorPart + "." + Integer.parseInt(minor);
    }
}
