package dev.burnwatch.ui;

import dev.burnwatch.config.AppDirs;
import dev.burnwatch.ui.common.ConsoleEvents;
import dev.burnwatch.ui.common.Exports;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Platform;
import javafx.scene.paint.Color;
import javafx.stage.Stage;

/**
 * Opens the console on a transcript folder and writes a PNG of each screen.
 * Arguments: config dir, output dir.
 */
public final class ScreenshotTool {

    public static void main(String[] args) throws Exception {
        Path configDir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        Path home = Files.createTempDirectory("bw-shots");
        AppDirs dirs = new AppDirs(home, home);
        Platform.startup(() -> {
            ConsoleApp app = new ConsoleApp(dirs, () -> new DefaultBackend(dirs, java.util.Map.of("CLAUDE_CONFIG_DIR",
                    configDir.toString())));
            Stage stage = new Stage();
            app.start(stage);
            stage.setWidth(1400);
            stage.setHeight(900);
            new Thread(() -> shoot(app, stage, out)).start();
        });
    }

    private static void shoot(ConsoleApp app, Stage stage, Path out) {
        try {
            Thread.sleep(4000);
            for (ConsoleEvents.Screen screen : ConsoleEvents.Screen.values()) {
                Platform.runLater(() -> app.window().show(screen));
                Thread.sleep(1200);
                var done = new java.util.concurrent.CompletableFuture<javafx.scene.image.WritableImage>();
                Platform.runLater(() -> done.complete(Exports.snapshot(stage.getScene().getRoot(), Color.WHITE)));
                Exports.writePng(done.get(), out.resolve(screen.name().toLowerCase() + ".png"));
            }
        } catch (Exception e) {
            e.printStackTrace();
        } finally {
            Platform.runLater(() -> {
                app.stop();
                Platform.exit();
            });
        }
    }
}
