package dev.burnwatch.ui.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostDialogTest {

    @Test
    void acceptsAHostWithANameAnAddressAndAPort() {
        assertThat(HostDialog.validate("agents-prod", "10.0.0.5", "22")).isEmpty();
    }

    @Test
    void saysWhatIsMissingOrWrongInTheOperatorsTerms() {
        assertThat(HostDialog.validate(" ", "10.0.0.5", "22")).contains("name");
        assertThat(HostDialog.validate("box", "", "22")).contains("name or IP address");
        assertThat(HostDialog.validate("box", "10.0.0.5", "ssh")).contains("must be a number", "'ssh'");
        assertThat(HostDialog.validate("box", "10.0.0.5", "70000")).contains("between 1 and 65535");
    }
}
