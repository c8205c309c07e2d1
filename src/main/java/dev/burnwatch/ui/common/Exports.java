package dev.burnwatch.ui.common;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javax.imageio.ImageIO;

/**
 * Charts to PNG and tables to CSV. The PNG path copies the snapshot's pixels into an AWT
 * image and lets ImageIO encode it, so the console needs no javafx-swing.
 */
public final class Exports {

    private Exports() {
    }

    /** A picture of {@code node} as it is on screen. Call on the JavaFX thread. */
    public static WritableImage snapshot(Node node, Color background) {
        SnapshotParameters parameters = new SnapshotParameters();
        parameters.setFill(background);
        return node.snapshot(parameters, null);
    }

    /** Encodes {@code image} as PNG into {@code file}; safe off the JavaFX thread. */
    public static void writePng(WritableImage image, Path file) throws IOException {
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        PixelReader reader = image.getPixelReader();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            reader.getPixels(0, y, width, 1, javafx.scene.image.PixelFormat.getIntArgbInstance(), row, 0, width);
            out.setRGB(0, y, width, 1, row, 0, width);
        }
        if (!ImageIO.write(out, "png", file.toFile())) {
            throw new IOException("No PNG encoder is available to write " + file);
        }
    }

    /** The visible columns and rows of {@code table} (filtered and sorted as shown) as CSV lines. */
    public static List<String> csvLines(TableView<?> table) {
        List<TableColumn<?, ?>> columns = new java.util.ArrayList<>(table.getVisibleLeafColumns());
        List<String> lines = new java.util.ArrayList<>();
        lines.add(String.join(",", columns.stream().map(c -> csv(c.getText())).toList()));
        for (int row = 0; row < table.getItems().size(); row++) {
            int index = row;
            lines.add(String.join(",", columns.stream().map(c -> {
                Object value = c.getCellData(index);
                return csv(value == null ? "" : value.toString());
            }).toList()));
        }
        return lines;
    }

    /** Writes {@code lines} as a UTF-8 CSV file. */
    public static void writeCsv(List<String> lines, Path file) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String line : lines) {
                writer.write(line);
                writer.write("\r\n");
            }
        }
    }

    static String csv(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
