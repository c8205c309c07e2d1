package dev.burnwatch.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** How figures read in every table: counts with thousands separators, dollars with enough digits. */
final class Figures {

    private static final BigDecimal CENT = new BigDecimal("0.01");
    private static final MathContext FOUR_DIGITS = new MathContext(4, RoundingMode.HALF_UP);

    private Figures() {
    }

    /** {@code 1,234,567}. */
    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /**
     * Dollars: cents from one cent up ({@code 1,234.57}); below a cent four significant digits
     * ({@code 0.003142}), so that a small run reads as what it cost, not as nothing.
     */
    static String usd(BigDecimal usd) {
        if (usd.signum() == 0) {
            return "0.00";
        }
        BigDecimal rounded = usd.round(FOUR_DIGITS);
        if (rounded.abs().compareTo(CENT) < 0) {
            return rounded.setScale(rounded.scale() + FOUR_DIGITS.getPrecision() - rounded.precision())
                    .toPlainString();
        }
        return String.format(Locale.ROOT, "%,.2f", usd.setScale(2, RoundingMode.HALF_UP));
    }
}
