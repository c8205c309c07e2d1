package dev.burnwatch.ui.common;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;

/**
 * What the console remembers between runs. Missing values take their defaults, so a
 * settings file from an older version still loads.
 *
 * @param windowX left edge of the window, NaN when never placed
 * @param windowY top edge of the window, NaN when never placed
 * @param windowWidth window width
 * @param windowHeight window height
 * @param maximized whether the window was maximized
 * @param selectedHost the host id shown last ("" for all hosts)
 * @param refreshSeconds seconds between refreshes of each host
 * @param budgetUsd the daily budget in USD
 * @param theme {@code light} or {@code dark}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConsoleSettings(Double windowX, Double windowY, Double windowWidth, Double windowHeight,
                              Boolean maximized, String selectedHost, Integer refreshSeconds,
                              BigDecimal budgetUsd, String theme) {

    public static final int DEFAULT_REFRESH_SECONDS = 10;

    public static ConsoleSettings defaults() {
        return new ConsoleSettings(null, null, 1360.0, 860.0, false, "", DEFAULT_REFRESH_SECONDS,
                new BigDecimal("5"), Theme.LIGHT.id());
    }

    /** These settings with every missing value taken from the defaults. */
    public ConsoleSettings completed() {
        ConsoleSettings d = defaults();
        return new ConsoleSettings(windowX, windowY, or(windowWidth, d.windowWidth), or(windowHeight, d.windowHeight),
                or(maximized, d.maximized), or(selectedHost, d.selectedHost),
                refreshSeconds == null || refreshSeconds < 1 ? d.refreshSeconds : refreshSeconds,
                budgetUsd == null || budgetUsd.signum() < 0 ? d.budgetUsd : budgetUsd, or(theme, d.theme));
    }

    public ConsoleSettings withWindow(double x, double y, double width, double height, boolean isMaximized) {
        return new ConsoleSettings(x, y, width, height, isMaximized, selectedHost, refreshSeconds, budgetUsd, theme);
    }

    public ConsoleSettings withSelectedHost(String hostId) {
        return new ConsoleSettings(windowX, windowY, windowWidth, windowHeight, maximized, hostId, refreshSeconds,
                budgetUsd, theme);
    }

    public ConsoleSettings withRefreshSeconds(int seconds) {
        return new ConsoleSettings(windowX, windowY, windowWidth, windowHeight, maximized, selectedHost, seconds,
                budgetUsd, theme);
    }

    public ConsoleSettings withBudgetUsd(BigDecimal budget) {
        return new ConsoleSettings(windowX, windowY, windowWidth, windowHeight, maximized, selectedHost,
                refreshSeconds, budget, theme);
    }

    public ConsoleSettings withTheme(Theme newTheme) {
        return new ConsoleSettings(windowX, windowY, windowWidth, windowHeight, maximized, selectedHost,
                refreshSeconds, budgetUsd, newTheme.id());
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
