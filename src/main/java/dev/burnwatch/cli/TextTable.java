package dev.burnwatch.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A table for people: a header, a rule, the rows, and optionally a rule and a total row;
 * columns two spaces apart and padded to their widest cell, text to the left and figures
 * to the right. Every command's tables look alike through it.
 */
final class TextTable {

    private final List<String> headers;
    private final Set<String> rightAligned = new HashSet<>();
    private final List<List<String>> rows = new ArrayList<>();
    private List<String> total;

    TextTable(String... headers) {
        this.headers = List.of(headers);
    }

    /** Aligns these columns (by header) to the right: the figures. */
    TextTable alignRight(String... columns) {
        rightAligned.addAll(Arrays.asList(columns));
        return this;
    }

    void add(List<String> cells) {
        rows.add(cells);
    }

    void addTotal(List<String> cells) {
        total = cells;
    }

    void print(PrintWriter out) {
        int[] widths = new int[headers.size()];
        boolean[] right = new boolean[headers.size()];
        List<List<String>> all = new ArrayList<>(rows);
        all.add(headers);
        if (total != null) {
            all.add(total);
        }
        for (int c = 0; c < widths.length; c++) {
            right[c] = rightAligned.contains(headers.get(c));
            for (List<String> row : all) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        out.println(line(headers, widths, right));
        out.println(rule(widths));
        for (List<String> row : rows) {
            out.println(line(row, widths, right));
        }
        if (total != null) {
            out.println(rule(widths));
            out.println(line(total, widths, right));
        }
    }

    private static String line(List<String> cells, int[] widths, boolean[] right) {
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            if (c > 0) {
                text.append("  ");
            }
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            text.append(right[c] ? pad + cell : cell + pad);
        }
        return text.toString().stripTrailing();
    }

    private static String rule(int[] widths) {
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            if (c > 0) {
                text.append("  ");
            }
            text.append("-".repeat(widths[c]));
        }
        return text.toString();
    }
}
