package dev.burnwatch.ui.hosts;

import dev.burnwatch.host.PassphraseProvider;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javafx.application.Platform;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.PasswordField;
import javafx.stage.Window;

/**
 * Asks for a key's passphrase in a dialog. Called by a connection on a background thread,
 * it waits for the operator's answer; the passphrase is handed over and never kept.
 */
public final class FxPassphrases implements PassphraseProvider {

    private final Window owner;

    public FxPassphrases(Window owner) {
        this.owner = owner;
    }

    @Override
    public Optional<char[]> passphrase(String keyFile, int attempt) {
        if (Platform.isFxApplicationThread()) {
            return ask(keyFile, attempt);
        }
        CompletableFuture<Optional<char[]>> answer = new CompletableFuture<>();
        Platform.runLater(() -> answer.complete(ask(keyFile, attempt)));
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        }
    }

    private Optional<char[]> ask(String keyFile, int attempt) {
        Dialog<char[]> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Key passphrase");
        dialog.setHeaderText((attempt > 1 ? "That passphrase was wrong. " : "") + "Passphrase for " + keyFile);
        PasswordField field = new PasswordField();
        field.setId("passphrase");
        dialog.getDialogPane().setContent(field);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.setResultConverter(button -> button == ButtonType.OK ? field.getText().toCharArray() : null);
        Platform.runLater(field::requestFocus);
        return dialog.showAndWait();
    }
}
