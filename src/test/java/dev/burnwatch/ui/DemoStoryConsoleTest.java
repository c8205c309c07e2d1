package dev.burnwatch.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnwatch.config.AppDirs;
import dev.burnwatch.demo.DemoOptions;
import dev.burnwatch.monitor.HostFigures;
import dev.burnwatch.monitor.HostState;
import eu.hansolo.tilesfx.Tile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The whole demo story through the console, read off the screen as an operator would: a fresh
 * console lands on the demo host and shows the burn; the Daemon screen caps turns at 30, pins
 * Haiku and adds the exit guard, and shows the write, the restart with a new main PID and the
 * {@code grep} proof; the sessions after it are capped and on Haiku while the queue drains, and
 * the projected daily spend falls more than fivefold.
 *
 * <p>The demo clock starts at 21:00 and runs 240 times faster than real time, so the fix lands
 * in the evening of a day of uncapped Sonnet sessions and the next demo day begins about 45 s
 * later. The projection before is the one the dashboard shows on that first evening; the one
 * after is the next day's, once its hour-long burn window holds only sessions after the fix.
 * A turn still takes 72 demo seconds, as with the defaults.
 */
class DemoStoryConsoleTest extends FxRobot {

    private static final double SPEED = 240;
    private static final Pattern MAIN_PID = Pattern.compile("main PID (\\d+) → (\\d+)");

    @TempDir
    Path dir;

    private ConsoleApp app;
    private final ZoneId zone = ZoneId.systemDefault();

    @BeforeEach
    void start() throws Exception {
        System.setProperty("burnwatch.home", dir.toString());
        AppDirs dirs = AppDirs.fromEnvironment();
        Instant evening = LocalDate.now(zone).atTime(LocalTime.of(21, 0)).atZone(zone).toInstant();
        DemoOptions demo = DemoOptions.defaults().withSpeed(SPEED).withTurnPause(Duration.ofMillis(300))
                .withTaskInterval(Duration.ofMinutes(90)).withRestartDelay(Duration.ofMillis(300))
                .withPollInterval(Duration.ofMillis(100)).withHistoryDays(1).withTurns(100, 120)
                .withStartAt(evening);
        FxToolkit.registerPrimaryStage();
        app = (ConsoleApp) FxToolkit.setupApplication(() -> new ConsoleApp(dirs,
                () -> new DefaultBackend(dirs, Map.of(), demo)));
    }

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        System.clearProperty("burnwatch.home");
    }

    @Test
    void aNewOperatorSeesTheBurnCapsAndPinsWithTheGuardAndSeesCappedHaikuSessionsAndAFivefoldLowerProjection(
            TestReporter report) throws Exception {
        waitUntil("the demo host to be live", () -> app.model().hosts().size() == 1
                && app.model().hosts().get(0).stateProperty().get() == HostState.LIVE);
        interact(() -> spinner("#refresh-interval").getValueFactory().setValue(1));
        waitUntil("the burn on the dashboard", () -> tile("#tile-sessions-today").getValue() > 0);
        String hostName = app.model().hosts().get(0).nameProperty().get();
        double spendBefore = tile("#tile-spend-today").getValue();
        double projectionBefore = tile("#tile-projection").getValue();
        double budget = budgetSpinner().getValue();
        double sessionsBefore = tile("#tile-sessions-today").getValue();
        double turnsBefore = tile("#tile-average-turns").getValue();
        Instant dayBefore = hostNow();

        clickOn("#nav-daemon");
        waitUntil("the script's settings", () -> !label("#daemon-current").getText().isEmpty());
        String settingsBefore = label("#daemon-current").getText();
        List<String> findings = lookup("#daemon-findings").queryListView().getItems().stream()
                .map(String::valueOf).toList();
        Path queue = Path.of(lookup("#daemon-script").queryAs(TextField.class).getText()).getParent()
                .resolveSibling("queue");
        clickOn("#daemon-max-turns").eraseText(lookup("#daemon-max-turns").queryAs(TextField.class).getText()
                .length()).write("30");
        interact(() -> {
            ComboBox<String> model = comboBox("#daemon-model");
            model.setValue(model.getItems().stream().filter(m -> m.startsWith("claude-haiku-4-5")).findFirst()
                    .orElseThrow());
        });
        if (!lookup("#daemon-guard").queryAs(CheckBox.class).isSelected()) {
            clickOn("#daemon-guard");
        }
        clickOn("#daemon-preview");
        waitUntil("the diff preview", () -> !textArea("#daemon-diff").getText().isEmpty());
        String diff = textArea("#daemon-diff").getText();
        clickOn("#daemon-apply");
        waitUntil("the verify step to finish", () -> List.of("ok", "failed", "skipped")
                .contains(label("#step-verify").getText()));
        waitUntil("the script read again", () -> label("#daemon-current").getText().contains("Cap: 30"));
        String settingsAfter = label("#daemon-current").getText();
        String restartOutput = textArea("#step-restart-output").getText();
        String verifyOutput = textArea("#step-verify-output").getText();
        List<String> steps = List.of(label("#step-write").getText(), label("#step-restart").getText(),
                label("#step-verify").getText());
        Instant fixedBy = refreshedAfterNow();
        long doneAtFix = doneTasks(queue);

        clickOn("#nav-sessions");
        waitUntil("two capped Haiku sessions after the fix", () -> sessionsAfter(fixedBy).stream()
                .filter(s -> s.turns() == 30).count() >= 2);
        Instant nextDay = dayBefore.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
        Instant windowClear = later(nextDay, fixedBy.plus(Duration.ofHours(1)));
        waitUntil("the next day's burn window to hold only sessions after the fix",
                () -> hostNow().isAfter(windowClear.plus(Duration.ofHours(1))));
        List<SessionRow> after = sessionsAfter(fixedBy);
        clickOn("#nav-dashboard");
        double projectionAfter = highestProjectionOver(Duration.ofSeconds(5));
        long doneAfter = doneTasks(queue);

        assertThat(spendBefore).as("spend today before the fix").isPositive();
        assertThat(projectionBefore).as("projection before the fix").isGreaterThan(budget);
        assertThat(sessionsBefore).isPositive();
        assertThat(turnsBefore).as("average turns before the fix").isGreaterThan(30);
        assertThat(settingsBefore).contains("Cap: none", "not pinned");
        assertThat(findings).anySatisfy(finding -> assertThat(finding).contains("--max-turns"));
        assertThat(diff).contains("--max-turns 30", "claude-haiku-4-5", "burnwatch guard")
                .containsPattern("(?m)^\\+");
        assertThat(settingsAfter).contains("Cap: 30 turns", "claude-haiku-4-5");
        assertThat(steps).as(restartOutput + "\n" + verifyOutput).containsExactly("ok", "ok", "ok");
        Matcher pids = MAIN_PID.matcher(restartOutput);
        assertThat(pids.find()).as(restartOutput).isTrue();
        assertThat(pids.group(2)).isNotEqualTo(pids.group(1)).isNotEqualTo("0");
        assertThat(verifyOutput).contains("$ grep -n").containsPattern("(?m)^\\d+:.*--max-turns 30")
                .containsPattern("(?m)^\\d+:.*ANTHROPIC_MODEL=claude-haiku-4-5");
        assertThat(fixedBy).as("the fix landed on the first demo evening").isBefore(nextDay);
        assertThat(after).hasSizeGreaterThanOrEqualTo(2).allSatisfy(session -> {
            assertThat(session.model()).startsWith("haiku-4-5");
            assertThat(session.turns() <= 30 || session.hitTheCap()).as(session.toString()).isTrue();
        });
        assertThat(after.stream().filter(s -> s.turns() == 30 && s.hitTheCap())).hasSizeGreaterThanOrEqualTo(2);
        assertThat(doneAfter).as("tasks done since the fix").isGreaterThanOrEqualTo(doneAtFix + 2);
        assertThat(projectionAfter).as("projection on the next day, after the fix; before it was "
                + projectionBefore).isPositive().isLessThan(projectionBefore / 5);
        report.publishEntry("projected daily spend", String.format(Locale.ROOT,
                "%s: $%.2f before the fix (demo time %s), $%.2f after (fixed by %s, %d sessions after it)",
                hostName, projectionBefore, dayBefore, projectionAfter, fixedBy, after.size()));
    }

    /** One row of the Sessions table, as its cells read. */
    private record SessionRow(Instant start, String model, int turns, boolean hitTheCap) {
    }

    /** The table's rows that started after {@code from}, read on the FX thread while refreshes update it. */
    private List<SessionRow> sessionsAfter(Instant from) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> rowsAfter(from)).get(10, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private List<SessionRow> rowsAfter(Instant from) {
        TableView<Object> table = lookup("#sessions-table").queryAs(TableView.class);
        List<SessionRow> rows = new ArrayList<>();
        for (Object item : table.getItems()) {
            Map<String, Object> cells = new java.util.HashMap<>();
            for (TableColumn<Object, ?> column : table.getColumns()) {
                cells.put(column.getText(), column.getCellObservableValue(item).getValue());
            }
            Instant start = (Instant) cells.get("Start");
            if (start != null && start.isAfter(from)) {
                rows.add(new SessionRow(start, (String) cells.get("Model"), (Integer) cells.get("Turns"),
                        (Boolean) cells.get("Hit the cap")));
            }
        }
        return rows;
    }

    /** The host time of a refresh that began after this moment: every later session started after the fix. */
    private Instant refreshedAfterNow() throws Exception {
        Instant asked = Instant.now();
        waitUntil("a refresh after the restart", () -> app.model().hosts().get(0).lastRefreshProperty().get() != null
                && app.model().hosts().get(0).lastRefreshProperty().get().isAfter(asked.plusSeconds(1)));
        return hostNow();
    }

    private Instant hostNow() {
        HostFigures figures = app.model().currentProperty().get();
        return figures == null ? Instant.EPOCH : figures.reading().hostNow();
    }

    private double highestProjectionOver(Duration span) throws InterruptedException {
        double highest = 0;
        long end = System.nanoTime() + span.toNanos();
        while (System.nanoTime() < end) {
            highest = Math.max(highest, tile("#tile-projection").getValue());
            Thread.sleep(250);
        }
        return highest;
    }

    private static long doneTasks(Path queue) throws IOException {
        try (Stream<Path> files = Files.list(queue)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".done")).count();
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private Tile tile(String id) {
        return lookup(id).queryAs(Tile.class);
    }

    private Label label(String id) {
        return lookup(id).queryAs(Label.class);
    }

    private TextArea textArea(String id) {
        return lookup(id).queryAs(TextArea.class);
    }

    @SuppressWarnings("unchecked")
    private ComboBox<String> comboBox(String id) {
        return lookup(id).queryAs(ComboBox.class);
    }

    @SuppressWarnings("unchecked")
    private Spinner<Integer> spinner(String id) {
        return lookup(id).queryAs(Spinner.class);
    }

    @SuppressWarnings("unchecked")
    private Spinner<Double> budgetSpinner() {
        return lookup("#budget").queryAs(Spinner.class);
    }

    private static void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("Timed out waiting for " + what, e);
        }
    }
}
