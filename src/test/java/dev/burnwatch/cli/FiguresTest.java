package dev.burnwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void dollarsFromACentUpAreCents() {
        assertThat(Figures.usd(new BigDecimal("1234.567"))).isEqualTo("1,234.57");
        assertThat(Figures.usd(new BigDecimal("0.01"))).isEqualTo("0.01");
        assertThat(Figures.usd(new BigDecimal("0.0099996"))).isEqualTo("0.01");
    }

    @Test
    void belowACentFourSignificantDigitsShow() {
        assertThat(Figures.usd(new BigDecimal("0.001127"))).isEqualTo("0.001127");
        assertThat(Figures.usd(new BigDecimal("0.0031415926"))).isEqualTo("0.003142");
        assertThat(Figures.usd(new BigDecimal("0.000012345"))).isEqualTo("0.00001235");
        assertThat(Figures.usd(new BigDecimal("0.005"))).isEqualTo("0.005000");
    }

    @Test
    void nothingIsZero() {
        assertThat(Figures.usd(BigDecimal.ZERO)).isEqualTo("0.00");
        assertThat(Figures.usd(new BigDecimal("0.000000"))).isEqualTo("0.00");
    }
}
