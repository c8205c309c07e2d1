package dev.burnwatch.ui.dashboard;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.Label;
import javafx.scene.shape.Line;

/**
 * Spend per day with the budget as a dashed line and a vertical marker on each day the
 * daemon's settings changed.
 */
final class SpendChart extends LineChart<String, Number> {

    private final List<String> markedDays = new ArrayList<>();
    private final List<Line> markers = new ArrayList<>();
    private final List<Label> markerLabels = new ArrayList<>();

    SpendChart() {
        super(new CategoryAxis(), new NumberAxis());
        getStyleClass().add("spend-chart");
        getYAxis().setLabel("USD per day");
        setAnimated(false);
        setCreateSymbols(true);
    }

    /** Marks these days (categories of the x axis). */
    void markDays(List<String> days) {
        getPlotChildren().removeAll(markers);
        getPlotChildren().removeAll(markerLabels);
        markers.clear();
        markerLabels.clear();
        markedDays.clear();
        markedDays.addAll(days);
        for (int i = 0; i < days.size(); i++) {
            Line line = new Line();
            line.getStyleClass().add("change-marker");
            Label label = new Label("settings changed");
            label.getStyleClass().add("change-marker-label");
            markers.add(line);
            markerLabels.add(label);
        }
        getPlotChildren().addAll(markers);
        getPlotChildren().addAll(markerLabels);
        requestChartLayout();
    }

    @Override
    protected void layoutPlotChildren() {
        super.layoutPlotChildren();
        CategoryAxis xAxis = (CategoryAxis) getXAxis();
        double height = getYAxis().getHeight();
        for (int i = 0; i < markedDays.size(); i++) {
            double x = xAxis.getDisplayPosition(markedDays.get(i));
            boolean shown = !Double.isNaN(x) && xAxis.getCategories().contains(markedDays.get(i));
            Line line = markers.get(i);
            Label label = markerLabels.get(i);
            line.setVisible(shown);
            label.setVisible(shown);
            if (!shown) {
                continue;
            }
            line.setStartX(x);
            line.setEndX(x);
            line.setStartY(0);
            line.setEndY(height);
            label.autosize();
            double width = label.prefWidth(-1);
            boolean roomRight = x + 4 + width < getXAxis().getWidth();
            label.relocate(roomRight ? x + 4 : x - 4 - width, 2);
            line.toFront();
            label.toFront();
        }
    }
}
