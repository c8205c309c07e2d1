package dev.burnwatch.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.scene.shape.Rectangle;
import javafx.scene.paint.Color;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportsTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void toolkit() {
        FxSupport.startToolkit();
    }

    @Test
    void writesASnapshotAsAPngWithItsPixels() throws Exception {
        WritableImage image = FxSupport.onFx(() -> {
            Rectangle box = new Rectangle(40, 30, Color.RED);
            return Exports.snapshot(box, Color.WHITE);
        });
        Path file = dir.resolve("chart.png");

        Exports.writePng(image, file);

        BufferedImage read = ImageIO.read(file.toFile());
        assertThat(read.getWidth()).isEqualTo(40);
        assertThat(read.getHeight()).isEqualTo(30);
        assertThat(read.getRGB(20, 15) & 0xffffff).isEqualTo(0xff0000);
    }

    @Test
    void writesTheVisibleColumnsAndRowsAsCsvQuotingWhereNeeded() throws Exception {
        List<String> lines = FxSupport.onFx(() -> {
            TableView<String[]> table = new TableView<>();
            TableColumn<String[], String> a = new TableColumn<>("Project");
            a.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue()[0]));
            TableColumn<String[], String> b = new TableColumn<>("Cost");
            b.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue()[1]));
            TableColumn<String[], String> hidden = new TableColumn<>("Hidden");
            hidden.setVisible(false);
            table.getColumns().addAll(List.of(a, b, hidden));
            table.getItems().addAll(List.of(new String[] {"/srv/a,b", "$1.00"}, new String[] {"say \"hi\"", "$2"}));
            return Exports.csvLines(table);
        });
        Path file = dir.resolve("t.csv");

        Exports.writeCsv(lines, file);

        assertThat(Files.readString(file)).isEqualTo("Project,Cost\r\n\"/srv/a,b\",$1.00\r\n\"say \"\"hi\"\"\",$2\r\n");
    }
}
