package dev.burnwatch.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FxDialogsTest {

    @BeforeAll
    static void toolkit() {
        FxSupport.startToolkit();
    }

    @Test
    void aChangeIsAskedWithItsOwnButtonCancelAsTheDefaultAndTheDiffInMonospace() throws Exception {
        ButtonType go = new ButtonType("Roll back", ButtonBar.ButtonData.OK_DONE);
        String diff = "--- a/agent_daemon.sh\n+++ b/agent_daemon.sh\n-claude --max-turns 30\n+claude\n";

        Alert alert = FxSupport.onFx(() -> FxDialogs.changeAlert("Roll back?", "Restore the backup", diff, go));

        String buttons = FxSupport.onFx(() -> alert.getButtonTypes().stream().map(ButtonType::getText)
                .reduce((a, b) -> a + "|" + b).orElse(""));
        assertThat(buttons).isEqualTo("Roll back|Cancel");
        assertThat(FxSupport.onFx(() -> ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL))
                .isDefaultButton())).isTrue();
        assertThat(FxSupport.onFx(() -> ((Button) alert.getDialogPane().lookupButton(go)).isDefaultButton()))
                .isFalse();
        TextArea shown = FxSupport.onFx(() -> (TextArea) alert.getDialogPane().getContent());
        assertThat(FxSupport.onFx(() -> shown.getText())).isEqualTo(diff);
        assertThat(FxSupport.onFx(() -> shown.isEditable())).isFalse();
        assertThat(FxSupport.onFx(() -> shown.getStyle())).contains("monospace");
    }
}
