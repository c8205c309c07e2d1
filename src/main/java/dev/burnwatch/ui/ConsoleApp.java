package dev.burnwatch.ui;

import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/** The console's window. */
public final class ConsoleApp extends Application {

    @Override
    public void start(Stage stage) {
        Label title = new Label("Burnwatch");
        title.setStyle("-fx-font-size: 24px; -fx-font-weight: bold;");
        Label hint = new Label("No host is connected yet. Add a host over SSH, or run 'burnwatch report' "
                + "to read this machine's transcripts.");
        hint.setWrapText(true);

        VBox root = new VBox(12, title, hint);
        root.setPadding(new Insets(24));

        stage.setTitle("Burnwatch");
        stage.setScene(new Scene(root, 720, 420));
        stage.show();
    }
}
