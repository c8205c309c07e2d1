package dev.burnwatch.pricing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.burnwatch.BadInputException;
import dev.burnwatch.usage.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prices of the Claude models, dated and with their source. The bundled table can be
 * overridden by a JSON file of the same shape (its models replace or add to the bundled
 * ones by id).
 *
 * <p>Every spelling of a model id finds its row: dated or undated, the older order,
 * Bedrock (with or without a region prefix), Vertex, the {@code [1m]} suffix, and the short
 * aliases {@code opus}, {@code sonnet} and {@code haiku} (the current model of that family).
 * A version the table does not list finds nothing: it is never priced as another member
 * of its family. {@code <synthetic>} is not a model and finds nothing.
 *
 * <pre>{@code
 * PriceTable prices = PriceTable.bundled();
 * Optional<BigDecimal> usd = prices.cost("us.anthropic.claude-sonnet-4-20250514-v1:0", tokens);
 * }</pre>
 */
public final class PriceTable {

    private static final String BUNDLED = "/dev/burnwatch/pricing/prices.json";
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final LocalDate date;
    private final String source;
    private final List<Entry> entries;
    private final List<ModelPrice> models;
    private final Map<ModelIds.Key, ModelPrice> byKey;
    private final Map<String, ModelPrice> currentByFamily;
    private final Map<String, Optional<ModelPrice>> lookups = new ConcurrentHashMap<>();

    private PriceTable(LocalDate date, String source, List<Entry> entries) {
        this.date = date;
        this.source = source;
        Map<String, Entry> byId = new LinkedHashMap<>();
        for (Entry entry : entries) {
            byId.put(entry.price().id(), entry);
        }
        this.entries = List.copyOf(byId.values());
        List<ModelPrice> prices = new ArrayList<>();
        Map<ModelIds.Key, ModelPrice> keys = new LinkedHashMap<>();
        Map<String, ModelPrice> current = new LinkedHashMap<>();
        for (Entry entry : byId.values()) {
            prices.add(entry.price());
            keys.put(entry.key(), entry.price());
            if (entry.current()) {
                current.put(entry.key().family(), entry.price());
            }
        }
        this.models = Collections.unmodifiableList(prices);
        this.byKey = keys;
        this.currentByFamily = current;
    }

    /** The table shipped with Burnwatch. */
    public static PriceTable bundled() {
        try (InputStream in = PriceTable.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("The bundled price table " + BUNDLED + " is missing from the build");
            }
            return parse(in.readAllBytes(), BUNDLED, List.of());
        } catch (IOException e) {
            throw new IllegalStateException("Could not read the bundled price table", e);
        }
    }

    /**
     * The bundled table with a user's file laid over it: same shape as the bundled one
     * ({@code date}, {@code source}, {@code models}); its rows replace bundled rows of the same
     * id and add new ones. A missing file is bad input, like a malformed one.
     */
    public static PriceTable withOverride(Path file) {
        PriceTable base = bundled();
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException("The price file " + file + " does not exist");
        } catch (IOException e) {
            throw new BadInputException("Could not read the price file " + file + ": " + e.getMessage(), e);
        }
        return parse(content, file.toString(), base.entries());
    }

    /** The price of a model id in any of its spellings, or empty when the table does not know it. */
    public Optional<ModelPrice> find(String modelId) {
        if (modelId == null || modelId.isBlank() || modelId.equals("<synthetic>")) {
            return Optional.empty();
        }
        return lookups.computeIfAbsent(modelId, this::lookUp);
    }

    private Optional<ModelPrice> lookUp(String modelId) {
        for (ModelPrice price : models) {
            if (price.id().equalsIgnoreCase(modelId)) {
                return Optional.of(price);
            }
        }
        return ModelIds.keyOf(modelId).map(key -> key.isAlias()
                ? currentByFamily.get(key.family())
                : byKey.get(key));
    }

    /** The exact cost of these tokens on that model, or empty when the model has no price. */
    public Optional<BigDecimal> cost(String modelId, Tokens tokens) {
        return find(modelId).map(price -> price.cost(tokens));
    }

    /** Every model in the table, newest families first. */
    public List<ModelPrice> models() {
        return models;
    }

    /** When the prices were checked. */
    public LocalDate date() {
        return date;
    }

    /** Where the prices come from. */
    public String source() {
        return source;
    }

    private List<Entry> entries() {
        return entries;
    }

    private record Entry(ModelPrice price, ModelIds.Key key, boolean current) {
    }

    private static PriceTable parse(byte[] content, String origin, List<Entry> base) {
        try (JsonParser parser = JSON.createParser(content)) {
            return new TableReader(parser, origin).read(base);
        } catch (IOException e) {
            throw new BadInputException("The price file " + origin + " is not valid JSON: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ". Fix it or remove it.", e);
        }
    }

    /** Reads the table's JSON with the streaming parser (no object mapper: the CLI starts faster). */
    private static final class TableReader {

        private final JsonParser parser;
        private final String origin;

        TableReader(JsonParser parser, String origin) {
            this.parser = parser;
            this.origin = origin;
        }

        PriceTable read(List<Entry> base) throws IOException {
            expect(parser.nextToken(), JsonToken.START_OBJECT, "the file");
            LocalDate date = null;
            String source = null;
            List<Entry> entries = new ArrayList<>(base);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "date":
                        date = dateOf(parser.getValueAsString());
                        break;
                    case "source":
                        source = parser.getValueAsString();
                        break;
                    case "models":
                        expect(value, JsonToken.START_ARRAY, "'models'");
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            Entry entry = readModel();
                            if (entry.current()) {
                                entries.replaceAll(old -> old.key().family().equals(entry.key().family())
                                        ? new Entry(old.price(), old.key(), false) : old);
                            }
                            entries.removeIf(old -> old.price().id().equals(entry.price().id())
                                    || old.key().equals(entry.key()));
                            entries.add(entry);
                        }
                        break;
                    default:
                        parser.skipChildren();
                }
            }
            if (date == null || source == null) {
                throw invalid("it needs a 'date' (YYYY-MM-DD) and a 'source'");
            }
            return new PriceTable(date, source, entries);
        }

        private Entry readModel() throws IOException {
            Map<String, String> text = new LinkedHashMap<>();
            Map<String, BigDecimal> prices = new LinkedHashMap<>();
            boolean current = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
                    prices.put(field, parser.getDecimalValue());
                } else if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                    current = field.equals("current") && value == JsonToken.VALUE_TRUE;
                } else if (value == JsonToken.VALUE_STRING) {
                    text.put(field, parser.getText());
                } else {
                    parser.skipChildren();
                }
            }
            String id = text.get("id");
            if (id == null) {
                throw invalid("a model has no 'id'");
            }
            ModelPrice price = new ModelPrice(id, text.getOrDefault("displayName", id),
                    price(prices, "input", id), price(prices, "output", id), price(prices, "cacheWrite5m", id),
                    price(prices, "cacheWrite1h", id), price(prices, "cacheRead", id));
            ModelIds.Key key = keyOf(id, text.get("family"), text.get("version"));
            return new Entry(price, key, current);
        }

        private ModelIds.Key keyOf(String id, String family, String version) {
            if (family != null && version != null) {
                return new ModelIds.Key(family, version);
            }
            return ModelIds.keyOf(id).filter(key -> !key.isAlias()).orElseThrow(() -> invalid("the model '" + id
                    + "' needs a 'family' and 'version' (e.g. \"sonnet\" and \"4.5\")"));
        }

        private BigDecimal price(Map<String, BigDecimal> prices, String field, String id) {
            BigDecimal value = prices.get(field);
            if (value == null || value.signum() < 0) {
                throw invalid("the model '" + id + "' needs '" + field + "', a price in USD per million tokens"
                        + " (0 or more)");
            }
            return value;
        }

        private LocalDate dateOf(String text) {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException | NullPointerException e) {
                throw invalid("'date' must be a day written YYYY-MM-DD, not '" + text + "'");
            }
        }

        private void expect(JsonToken actual, JsonToken wanted, String what) {
            if (actual != wanted) {
                throw invalid(what + " must be a JSON " + (wanted == JsonToken.START_ARRAY ? "array" : "object"));
            }
        }

        private BadInputException invalid(String why) {
            return new BadInputException("The price file " + origin + " cannot be used: " + why + ".");
        }
    }
}
