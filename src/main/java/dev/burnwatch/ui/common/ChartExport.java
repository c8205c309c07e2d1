package dev.burnwatch.ui.common;

import java.nio.file.Path;
import javafx.concurrent.Task;
import javafx.scene.Node;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;

/** Saves a chart as PNG: the snapshot on the JavaFX thread, the encoding in the background. */
public final class ChartExport {

    private final UiExecutor executor;
    private final DialogService dialogs;

    public ChartExport(UiExecutor executor, DialogService dialogs) {
        this.executor = executor;
        this.dialogs = dialogs;
    }

    public void exportPng(Node chart, String suggestedName) {
        dialogs.askSaveFile("Save chart as PNG", suggestedName + ".png", "png").ifPresent(file -> {
            WritableImage image = Exports.snapshot(chart, Color.WHITE);
            write(image, file);
        });
    }

    private void write(WritableImage image, Path file) {
        Task<Path> task = new Task<>() {
            @Override
            protected Path call() throws Exception {
                updateTitle("Saving " + file.getFileName());
                Exports.writePng(image, file);
                return file;
            }
        };
        executor.run(task, saved -> dialogs.notify("Chart saved", saved.toString(), false),
                error -> dialogs.showError("The chart could not be saved", file + ": " + error.getMessage()));
    }
}
