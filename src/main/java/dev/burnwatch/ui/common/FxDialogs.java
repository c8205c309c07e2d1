package dev.burnwatch.ui.common;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextArea;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/** {@link DialogService} on screen: modal dialogs and ControlsFX notifications. */
public final class FxDialogs implements DialogService {

    private final Window owner;

    public FxDialogs(Window owner) {
        this.owner = owner;
    }

    @Override
    public boolean confirm(String title, String header, String details) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, details, ButtonType.YES, ButtonType.NO);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(header);
        alert.getDialogPane().setMinWidth(520);
        return alert.showAndWait().filter(ButtonType.YES::equals).isPresent();
    }

    @Override
    public boolean confirmChange(String title, String header, String diff, String action) {
        ButtonType go = new ButtonType(action, ButtonBar.ButtonData.OK_DONE);
        Alert alert = changeAlert(title, header, diff, go);
        alert.initOwner(owner);
        return alert.showAndWait().filter(go::equals).isPresent();
    }

    /** The question of {@link #confirmChange}, not yet shown: the diff in monospace, Cancel the default. */
    static Alert changeAlert(String title, String header, String diff, ButtonType go) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", go, ButtonType.CANCEL);
        alert.setTitle(title);
        alert.setHeaderText(header);
        TextArea text = new TextArea(diff);
        text.setId("change-diff");
        text.setEditable(false);
        text.setWrapText(false);
        text.setPrefRowCount(Math.min(24, Math.max(6, (int) diff.lines().count())));
        text.setPrefColumnCount(60);
        // Diff lines are read column by column (+, -, context), which only a fixed-width font keeps aligned.
        text.setStyle("-fx-font-family: 'monospace';");
        alert.getDialogPane().setContent(text);
        // A fixed width, so that a header naming long paths wraps instead of widening the dialog off the screen.
        alert.getDialogPane().setMinWidth(520);
        alert.getDialogPane().setPrefWidth(760);
        alert.setResizable(true);
        ((Button) alert.getDialogPane().lookupButton(go)).setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        return alert;
    }

    @Override
    public void showError(String title, String message) {
        errorAlert(title, message).show();
    }

    @Override
    public void showError(String title, String message, Runnable then) {
        Alert alert = errorAlert(title, message);
        alert.setOnHidden(event -> then.run());
        alert.show();
    }

    private Alert errorAlert(String title, String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.getDialogPane().setMinWidth(520);
        return alert;
    }

    @Override
    public void notify(String title, String message, boolean warning) {
        Notifications notice = Notifications.create().owner(owner).title(title).text(message)
                .position(Pos.BOTTOM_RIGHT).hideAfter(Duration.seconds(warning ? 12 : 6));
        if (warning) {
            notice.showWarning();
        } else {
            notice.showInformation();
        }
    }

    @Override
    public Optional<Path> askSaveFile(String title, String suggestedName, String extension) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.setInitialFileName(suggestedName);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(extension.toUpperCase() + " files",
                "*." + extension));
        File file = chooser.showSaveDialog(owner);
        return Optional.ofNullable(file).map(File::toPath);
    }
}
