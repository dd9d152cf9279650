package dev.pgclone.inspector.verify;

import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.mask.MaskingRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The columns a verify leaves out because pgclone masked them on the target: its own record
 * ({@link MaskingRecord}, {@code _pgclone_masking.masked_columns}), read on the target's session under the verify's
 * snapshot. A masked clone copies other values than the source's, and an in-place mask rewrites them, so comparing
 * those columns could only ever say "different"; the other columns and the row count are still compared. Entries of a
 * table dropped and created again are not read ({@link MaskingRecord#read} keys them by oid), so an unmasked re-clone
 * is compared whole.
 *
 * @param columns the masked columns by table, in the record's order
 * @param methods per table and column, how it was masked ({@code clone}, {@code in place})
 */
record MaskedColumns(Map<QualifiedName, Set<String>> columns, Map<QualifiedName, Map<String, String>> methods) {

    static final MaskedColumns NONE = new MaskedColumns(Map.of(), Map.of());

    /** The record's entries for tables of these schemas (the verified ones and those holding their partitions). */
    static MaskedColumns read(Connection target, Collection<String> schemas) throws SQLException {
        Map<QualifiedName, Set<String>> columns = new LinkedHashMap<>();
        Map<QualifiedName, Map<String, String>> methods = new LinkedHashMap<>();
        for (String schema : new TreeSet<>(schemas)) {
            for (MaskingRecord.Entry e : MaskingRecord.read(target, schema)) {
                QualifiedName table = new QualifiedName(e.schema(), e.table());
                columns.computeIfAbsent(table, t -> new LinkedHashSet<>()).add(e.column());
                methods.computeIfAbsent(table, t -> new LinkedHashMap<>())
                        .merge(e.column(), e.method().text(), (a, b) -> a + ", " + b);
            }
        }
        return columns.isEmpty() ? NONE : new MaskedColumns(columns, methods);
    }

    /** These exclusions plus the caller's (the masking hook's), by table. */
    Map<QualifiedName, Set<String>> plus(Map<QualifiedName, Set<String>> others) {
        if (others.isEmpty()) {
            return columns;
        }
        Map<QualifiedName, Set<String>> out = new HashMap<>();
        columns.forEach((t, c) -> out.computeIfAbsent(t, k -> new LinkedHashSet<>()).addAll(c));
        others.forEach((t, c) -> out.computeIfAbsent(t, k -> new LinkedHashSet<>()).addAll(c));
        return out;
    }

    /**
     * One note per masked table that the verify reports, saying what was left out and that rows are still counted
     * ("columns masked by pgclone are left out of app.customers: email (clone), ssn (in place); …").
     *
     * @param reported the tables the verify reports (a note for a table it does not report would say nothing)
     */
    List<String> notes(Set<QualifiedName> reported, boolean exact) {
        List<String> notes = new ArrayList<>();
        methods.forEach((table, byColumn) -> {
            if (!reported.contains(table)) {
                return;
            }
            List<String> described = new ArrayList<>();
            byColumn.forEach((column, method) -> described.add(column + " (" + method + ")"));
            notes.add("columns masked by pgclone are left out of " + table + ": " + String.join(", ", described)
                    + (exact ? "; its other columns are hashed and its rows counted" : "; its rows are still counted")
                    + " (recorded in " + MaskingRecord.SCHEMA + "." + MaskingRecord.TABLE + ")");
        });
        return notes;
    }
}
