package dev.burnwatch.ui.hosts;

import dev.burnwatch.host.HostConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** The form for a host: how to reach it, where its daemon and transcripts are. */
final class HostDialog {

    private HostDialog() {
    }

    /** Shows the form, prefilled from {@code start} when given; empty when cancelled. */
    static Optional<HostConfig> show(Window owner, HostConfig start, String title) {
        Dialog<HostConfig> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(title);
        dialog.setHeaderText("How Burnwatch reaches the host over SSH, and where its agent daemon runs.");

        TextField name = field("host-name", start == null ? "" : start.name(), "e.g. agents-prod");
        TextField address = field("host-address", start == null ? "" : start.address(), "host name or IP address");
        TextField port = field("host-port", start == null || start.port() <= 0 ? "22" : String.valueOf(start.port()),
                "22");
        TextField user = field("host-user", start == null || start.user() == null ? "" : start.user(),
                "login name (default: yours)");
        TextField identity = field("host-identity", start == null || start.identityFile() == null ? ""
                : start.identityFile(), "private key file (default: agent and ~/.ssh keys)");
        CheckBox agent = new CheckBox("Also use the keys of ssh-agent");
        agent.setSelected(start == null || start.useAgent());
        TextField jump = field("host-jump", start == null || start.jumpHost() == null ? "" : start.jumpHost(),
                "[user@]host[:port] to connect through (optional)");
        TextField script = field("host-script", start == null || start.daemonScript() == null ? ""
                : start.daemonScript(), "/home/ubuntu/agent_daemon.sh");
        TextField unit = field("host-unit", start == null || start.systemdUnit() == null ? "" : start.systemdUnit(),
                "agent-daemon.service");
        TextField dirs = field("host-dirs", start == null ? "" : String.join(", ", start.configDirs()),
                "claude config dirs (default: ~/.config/claude, ~/.claude)");
        CheckBox publish = new CheckBox("Publish its finished sessions to CloudWatch under its own host name"
                + " (not while its publish timer runs; name, profile and region on the Costs screen)");
        publish.setId("host-publish");
        publish.setSelected(start != null && start.publishToCloudWatch());
        Label problem = new Label();
        problem.getStyleClass().add("finding-error");

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        Object[][] rows = {
            {"Name", name}, {"Address", address}, {"Port", port}, {"User", user}, {"Key file", identity},
            {"", agent}, {"Jump host", jump}, {"Daemon script", script}, {"Systemd unit", unit},
            {"Transcripts", dirs}, {"", publish}, {"", problem},
        };
        for (int i = 0; i < rows.length; i++) {
            grid.add(new Label((String) rows[i][0]), 0, i);
            grid.add((Node) rows[i][1], 1, i);
        }
        dialog.getDialogPane().setContent(grid);
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(save, ButtonType.CANCEL);
        Node saveButton = dialog.getDialogPane().lookupButton(save);
        saveButton.setId("host-save");
        saveButton.addEventFilter(javafx.event.ActionEvent.ACTION, event -> {
            String error = validate(name.getText(), address.getText(), port.getText());
            problem.setText(error);
            if (!error.isEmpty()) {
                event.consume();
            }
        });

        dialog.setResultConverter(button -> button != save ? null : new HostConfig(name.getText().strip(),
                address.getText().strip(), Integer.parseInt(port.getText().strip()), blankToNull(user.getText()),
                blankToNull(identity.getText()), agent.isSelected(), blankToNull(jump.getText()),
                blankToNull(script.getText()), blankToNull(unit.getText()), dirList(dirs.getText()),
                publish.isSelected()));
        Platform.runLater(name::requestFocus);
        return dialog.showAndWait();
    }

    /** What is wrong with the form, or an empty string. */
    static String validate(String name, String address, String port) {
        if (name == null || name.isBlank()) {
            return "Give the host a name, such as agents-prod.";
        }
        if (address == null || address.isBlank()) {
            return "Enter the host's name or IP address.";
        }
        try {
            int value = Integer.parseInt(port.strip());
            if (value < 1 || value > 65535) {
                return "The port must be between 1 and 65535, not " + value + ".";
            }
        } catch (NumberFormatException e) {
            return "The port must be a number, such as 22; '" + port + "' is not.";
        }
        return "";
    }

    private static TextField field(String id, String value, String prompt) {
        TextField field = new TextField(value);
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefColumnCount(30);
        return field;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static List<String> dirList(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
