package dev.burnwatch.ui;

import dev.burnwatch.config.AppDirs;
import dev.burnwatch.demo.DemoOptions;
import dev.burnwatch.ui.common.ConsoleEvents.Screen;
import dev.burnwatch.ui.common.Exports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.paint.Color;
import javafx.stage.Stage;

/**
 * Takes the README's screenshots from the real console on the demo host: opens the console
 * with a fresh home (so it starts the demo host), waits for the burn to show, caps turns at
 * 30 and pins Haiku on the Daemon screen, applies, waits for capped sessions, and writes a
 * PNG of each screen. Arguments: the output folder, then optionally the seconds to wait
 * after the watch (default 60). Run it through {@code src/bench/screenshots.sh}.
 */
public final class Screenshots {

    private static Stage stage;
    private static ConsoleApp app;

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        long afterFix = args.length > 1 ? Long.parseLong(args[1]) : 60;
        Files.createDirectories(out);
        Path home = Files.createTempDirectory("burnwatch-shots");
        AppDirs dirs = new AppDirs(home, home);
        DemoOptions demo = DemoOptions.defaults().withTaskInterval(Duration.ofMinutes(40))
                .withTurnPause(Duration.ofMillis(400));

        Platform.startup(() -> {
            app = new ConsoleApp(dirs, () -> new DefaultBackend(dirs, Map.of(), demo));
            stage = new Stage();
            stage.setWidth(1400);
            stage.setHeight(900);
            app.start(stage);
            if (Boolean.getBoolean("shots.dark")) {
                app.model().themeProperty().set(dev.burnwatch.ui.common.Theme.DARK);
            }
        });
        try {
            run(out, afterFix);
        } finally {
            Platform.runLater(() -> {
                stage.close();
                app.stop();
                Platform.exit();
            });
        }
    }

    private static void run(Path out, long afterFix) throws Exception {
        waitFor("the first figures", 60, () -> app.model().currentProperty().get() != null);
        Thread.sleep(20_000);
        shoot(Screen.DASHBOARD, out.resolve("dashboard-before.png"));

        fx(() -> {
            app.window().show(Screen.DAEMON);
            return null;
        });
        // The screen's nodes are found once its skin is laid out: until then, keep waiting.
        waitFor("the script", 60, () -> find("#daemon-current") instanceof Label current
                && !current.getText().isEmpty());
        fx(() -> {
            ((TextField) find("#daemon-max-turns")).setText("30");
            ((javafx.scene.control.CheckBox) find("#daemon-guard")).setSelected(true);
            ComboBox<?> model = (ComboBox<?>) find("#daemon-model");
            String haiku = model.getItems().stream().map(Object::toString).filter(m -> m.contains("haiku-4-5"))
                    .findFirst().orElseThrow();
            ((ComboBox<String>) model).setValue(haiku);
            ((Button) find("#daemon-preview")).fire();
            return null;
        });
        waitFor("the diff", 30, () -> !((TextInputControl) find("#daemon-diff")).getText().isEmpty());
        shoot(Screen.DAEMON, out.resolve("daemon-preview.png"));
        fx(() -> {
            ((Button) find("#daemon-apply")).fire();
            return null;
        });
        waitFor("the verify step", 120, () -> {
            String state = ((Label) find("#step-verify")).getText();
            return state.equals("ok") || state.equals("failed") || ((Label) find("#step-restart")).getText()
                    .equals("failed") || ((Label) find("#step-write")).getText().equals("failed");
        });
        fx(() -> {
            ((Button) find("#daemon-watch")).fire();
            return null;
        });
        waitFor("the watch", 400, () -> {
            String state = ((Label) find("#step-watch")).getText();
            return state.equals("ok") || state.equals("failed");
        });
        Thread.sleep(1500);
        shoot(Screen.DAEMON, out.resolve("daemon.png"));

        Thread.sleep(TimeUnit.SECONDS.toMillis(afterFix));
        fx(() -> {
            app.model().refreshAll();
            return null;
        });
        Thread.sleep(4000);
        shoot(Screen.DASHBOARD, out.resolve("dashboard.png"));
        shoot(Screen.SESSIONS, out.resolve("sessions.png"));
        shoot(Screen.COSTS, out.resolve("costs.png"));
    }

    private static void shoot(Screen screen, Path file) throws Exception {
        fx(() -> {
            app.window().show(screen);
            return null;
        });
        Thread.sleep(1200);
        var image = fx(() -> Exports.snapshot(stage.getScene().getRoot(), Color.WHITE));
        Exports.writePng(image, file);
        System.out.println("wrote " + file + " (" + screen.name().toLowerCase(Locale.ROOT) + ")");
    }

    private static Node find(String selector) {
        return stage.getScene().getRoot().lookup(selector);
    }

    private static <T> T fx(Callable<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(action.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(30, TimeUnit.SECONDS);
    }

    private static void waitFor(String what, int seconds, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!fx(condition)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
