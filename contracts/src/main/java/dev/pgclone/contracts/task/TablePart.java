package dev.pgclone.contracts.task;

/**
 * Which rows of a table a task copies. A whole table is part 0 of 1 with no bounds. A split table names an
 * integer key column and a half-open range {@code [lowerBound, upperBound)}; a null bound is open.
 */
public record TablePart(int index, int count, String keyColumn, Long lowerBound, Long upperBound) {

    public static final TablePart WHOLE = new TablePart(0, 1, null, null, null);

    public boolean whole() {
        return count == 1;
    }
}
