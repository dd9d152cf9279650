package dev.pgclone.cli.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Columns sized to their widest cell; columns of numbers (or {@code -}) right-aligned, text left-aligned, no trailing
 * blanks.
 */
public final class TextTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(String... header) {
        this.header = List.of(header);
    }

    public TextTable row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(cell == null ? "" : cell.toString());
        }
        rows.add(row);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public List<String> lines() {
        int columns = header.size();
        int[] width = new int[columns];
        boolean[] numeric = new boolean[columns];
        for (int c = 0; c < columns; c++) {
            width[c] = header.get(c).length();
            numeric[c] = !rows.isEmpty();
        }
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                String cell = c < row.size() ? row.get(c) : "";
                width[c] = Math.max(width[c], cell.length());
                if (!cell.isEmpty() && !cell.equals("-") && !cell.matches("-?[\\d,.]+( [kMG]?B)?")) {
                    numeric[c] = false;
                }
            }
        }
        List<String> out = new ArrayList<>();
        out.add(line(header, width, numeric));
        for (List<String> row : rows) {
            out.add(line(row, width, numeric));
        }
        return out;
    }

    private static String line(List<String> cells, int[] width, boolean[] numeric) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < width.length; c++) {
            String cell = c < cells.size() ? cells.get(c) : "";
            if (c > 0) {
                b.append("  ");
            }
            boolean last = c == width.length - 1;
            String pad = " ".repeat(width[c] - cell.length());
            b.append(numeric[c] ? pad + cell : last ? cell : cell + pad);
        }
        return b.toString().stripTrailing();
    }
}
