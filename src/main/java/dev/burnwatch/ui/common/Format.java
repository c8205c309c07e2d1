package dev.burnwatch.ui.common;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How figures read on screen: dollars, token counts, durations and times. */
public final class Format {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private Format() {
    }

    /** $1,234.56 for sums; cents get two more digits below a dollar ($0.0123). */
    public static String usd(BigDecimal value) {
        if (value == null) {
            return "-";
        }
        int scale = value.abs().compareTo(BigDecimal.ONE) < 0 && value.signum() != 0 ? 4 : 2;
        return "$" + String.format(Locale.ROOT, "%,." + scale + "f", value.setScale(scale, RoundingMode.HALF_UP));
    }

    /** 1.2M, 45.3k, 812. */
    public static String tokens(double count) {
        double abs = Math.abs(count);
        if (abs >= 1_000_000_000) {
            return String.format(Locale.ROOT, "%.2fG", count / 1e9);
        }
        if (abs >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", count / 1e6);
        }
        if (abs >= 10_000) {
            return String.format(Locale.ROOT, "%.0fk", count / 1e3);
        }
        if (abs >= 1_000) {
            return String.format(Locale.ROOT, "%.1fk", count / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", count);
    }

    /** 1h 05m, 12m 30s, 45s. */
    public static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
        }
        if (seconds >= 60) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return seconds + "s";
    }

    public static String time(Instant instant, ZoneId zone) {
        return instant == null ? "-" : TIME.format(instant.atZone(zone));
    }

    /** A model id as people say it: {@code claude-sonnet-4-20250514} reads {@code sonnet-4}. */
    public static String model(String id) {
        if (id == null || id.isEmpty()) {
            return "-";
        }
        String name = id.startsWith("claude-") ? id.substring("claude-".length()) : id;
        return name.replaceFirst("-\\d{8}$", "");
    }

    /** -83% / +12%; a dash when there is nothing to compare. */
    public static String change(double fraction) {
        if (Double.isNaN(fraction) || Double.isInfinite(fraction)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%+.0f%%", fraction * 100);
    }
}
