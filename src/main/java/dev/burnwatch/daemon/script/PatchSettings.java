package dev.burnwatch.daemon.script;

import dev.burnwatch.BadInputException;
import java.math.BigDecimal;
import java.time.LocalTime;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a patch makes the daemon's script do: every call capped at {@code maxTurns}, running on
 * {@code model}; optionally a daily stop at {@code hardStopUtc}, a spend cap per call, and the exit
 * guard. Values typed by an operator enter through {@link #of}, which refuses anything that is not a
 * plain number, a plain model id or a plain time, so nothing from the input can become shell syntax.
 *
 * @param maxTurns the turn cap, 1 to {@value #MAX_TURNS_LIMIT}
 * @param model the model id or alias to pin, such as {@code claude-haiku-4-5} or {@code haiku}
 * @param hardStopUtc the daily stop in UTC, or null to leave the script's daily stop as it is
 * @param maxBudgetUsd the spend cap per call in USD, or null to leave budget flags as they are
 * @param guardExit whether a capped call's non-zero exit should be logged instead of ending the loop
 */
public record PatchSettings(int maxTurns, String model, LocalTime hardStopUtc, BigDecimal maxBudgetUsd,
        boolean guardExit) {

    /** A turn cap above this is a typing mistake, not a cap. */
    public static final int MAX_TURNS_LIMIT = 1000;

    /** A per-call budget above this is a typing mistake, not a cap. */
    public static final BigDecimal MAX_BUDGET_LIMIT = new BigDecimal("10000");

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]+");
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@/\\[\\]-]{0,127}");
    private static final Pattern HOUR_MINUTE = Pattern.compile("([0-9]{1,2}):([0-9]{2})");
    private static final Pattern AMOUNT = Pattern.compile("[0-9]{1,6}(\\.[0-9]{1,4})?");

    /** Checks values built in code; operator input goes through {@link #of}. */
    public PatchSettings {
        if (maxTurns < 1 || maxTurns > MAX_TURNS_LIMIT) {
            throw new BadInputException("The turn cap must be between 1 and " + MAX_TURNS_LIMIT + ", got " + maxTurns);
        }
        Objects.requireNonNull(model, "model");
        if (!MODEL_ID.matcher(model).matches()) {
            throw new BadInputException(modelMessage(model));
        }
        if (maxBudgetUsd != null && (maxBudgetUsd.signum() <= 0 || maxBudgetUsd.compareTo(MAX_BUDGET_LIMIT) > 0)) {
            throw new BadInputException("The budget per call must be more than 0 and at most "
                    + MAX_BUDGET_LIMIT.toPlainString() + " USD, got " + maxBudgetUsd.toPlainString());
        }
    }

    /**
     * Reads raw operator input (flag values, text fields). Blank {@code hardStop} and
     * {@code maxBudgetUsd} mean "not asked for".
     *
     * @throws BadInputException naming the value, what was wrong and what a good value looks like
     */
    public static PatchSettings of(String maxTurns, String model, String hardStop, String maxBudgetUsd,
            boolean guardExit) {
        return new PatchSettings(parseTurns(maxTurns), parseModel(model), parseHardStop(hardStop),
                parseBudget(maxBudgetUsd), guardExit);
    }

    /** The model as a shell word: quoted only when it holds characters a shell would treat as a pattern. */
    String modelWord() {
        return model.matches("[A-Za-z0-9._:@/-]+") ? model : "'" + model + "'";
    }

    private static int parseTurns(String raw) {
        String value = raw == null ? "" : raw.strip();
        if (!WHOLE_NUMBER.matcher(value).matches()) {
            throw new BadInputException("--max-turns must be a plain whole number such as 30, got '" + raw
                    + "'. Give the number of turns a session may take, digits only.");
        }
        String digits = value.replaceFirst("^0+(?=.)", "");
        long turns = digits.length() > 9 ? Long.MAX_VALUE : Long.parseLong(digits);
        if (turns < 1 || turns > MAX_TURNS_LIMIT) {
            throw new BadInputException("--max-turns must be between 1 and " + MAX_TURNS_LIMIT + ", got " + value
                    + ". A cap of 20 to 50 turns suits most unattended tasks.");
        }
        return (int) turns;
    }

    private static String parseModel(String raw) {
        String value = raw == null ? "" : raw.strip();
        if (!MODEL_ID.matcher(value).matches()) {
            throw new BadInputException(modelMessage(raw));
        }
        return value;
    }

    private static String modelMessage(String raw) {
        return "--model must be a plain model id such as claude-haiku-4-5 (or an alias: haiku, sonnet, opus), got '"
                + raw + "'. A model id holds only letters, digits and . _ : @ / [ ] -, starts with a letter or"
                + " digit and has no spaces, quotes or $(...).";
    }

    private static LocalTime parseHardStop(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        var matcher = HOUR_MINUTE.matcher(raw.strip());
        if (!matcher.matches()) {
            throw new BadInputException("--hard-stop must be a time of day in UTC as HH:MM, such as 04:00, got '"
                    + raw + "'");
        }
        int hour = Integer.parseInt(matcher.group(1));
        int minute = Integer.parseInt(matcher.group(2));
        if (hour > 23 || minute > 59) {
            throw new BadInputException("--hard-stop must be a time between 00:00 and 23:59 UTC, got '" + raw + "'");
        }
        return LocalTime.of(hour, minute);
    }

    private static BigDecimal parseBudget(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String value = raw.strip();
        if (!AMOUNT.matcher(value).matches()) {
            throw new BadInputException("--max-budget-usd must be a plain amount in USD such as 2 or 0.50, got '"
                    + raw + "'");
        }
        BigDecimal amount = new BigDecimal(value);
        if (amount.signum() <= 0 || amount.compareTo(MAX_BUDGET_LIMIT) > 0) {
            throw new BadInputException("--max-budget-usd must be more than 0 and at most "
                    + MAX_BUDGET_LIMIT.toPlainString() + ", got " + value);
        }
        return amount;
    }
}
