package dev.pgclone.pg.ddl;

import dev.pgclone.contracts.mask.ColumnMask;
import dev.pgclone.contracts.task.CopySpec;
import dev.pgclone.contracts.task.TablePart;
import dev.pgclone.contracts.task.TableRef;
import dev.pgclone.pg.Quote;
import dev.pgclone.pg.mask.MaskSql;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The COPY statements of a copy task, both sides. Text format: portable across majors. */
public final class CopySql {

    private CopySql() {
    }

    /**
     * {@code COPY table (cols) TO STDOUT}, or a {@code COPY (SELECT … FROM ONLY … WHERE …)} when a filter or a
     * key range applies. ONLY: rows of inheritance children are their own tasks.
     */
    public static String copyOut(TableRef source, List<String> columns, String where, TablePart part) {
        return copyOut(source, columns, List.of(), where, part);
    }

    /**
     * The statement of a copy task: {@link #copyOut(TableRef, List, String, TablePart)} with masked columns read
     * through their mask on the source ({@link MaskSql#selectItem}), after the unmasked ones, so no raw value of a
     * masked column leaves the source; always a {@code SELECT} then.
     */
    public static String copyOut(CopySpec spec) {
        return copyOut(spec.source(), spec.columns(), spec.masks(), spec.where(), spec.part());
    }

    private static String copyOut(TableRef source, List<String> columns, List<ColumnMask> masks, String where,
                                  TablePart part) {
        String table = Quote.qualified(source.schema(), source.name());
        if (where == null && part.whole() && masks.isEmpty()) {
            return "COPY " + table + " (" + columnList(columns) + ") TO STDOUT";
        }
        List<String> items = new ArrayList<>(columns.stream().map(Quote::ident).toList());
        masks.forEach(m -> items.add(MaskSql.selectItem(m.rule(), m.column(), m.charMaxLength())));
        StringBuilder select = new StringBuilder("SELECT ").append(String.join(", ", items)).append(" FROM ONLY ")
                .append(table);
        String sep = " WHERE ";
        if (where != null) {
            select.append(sep).append('(').append(where).append(')');
            sep = " AND ";
        }
        if (!part.whole()) {
            String key = Quote.ident(part.keyColumn());
            if (part.lowerBound() != null) {
                select.append(sep).append(key).append(" >= ").append(part.lowerBound());
                sep = " AND ";
            }
            if (part.upperBound() != null) {
                select.append(sep).append(key).append(" < ").append(part.upperBound());
            }
        }
        return "COPY (" + select + ") TO STDOUT";
    }

    /**
     * The source session's {@code search_path} while a row filter runs: the table's schema, so the filter's unqualified
     * names resolve as in a session there ({@code pg_catalog} is still searched first, so nothing in that schema
     * shadows a built-in). What the filter may call is checked against exactly this path.
     */
    public static String filterSearchPath(TableRef source) {
        return "SET LOCAL search_path = " + Quote.ident(source.schema());
    }

    /**
     * The source session's settings while a row filter runs: {@link #filterSearchPath(TableRef)}, and standard strings,
     * because the filter was lexed that way when it was checked. With {@code standard_conforming_strings = off} (a
     * database or role may set it) {@code 'a\' OR f() OR ''} would be one string to the check and a call to the server.
     */
    public static List<String> filterSettings(TableRef source) {
        return List.of(filterSearchPath(source), "SET LOCAL standard_conforming_strings = on");
    }

    /** The target side of a copy task: every column it loads, masked ones last, as {@link #copyOut(CopySpec)} sends. */
    public static String copyIn(CopySpec spec) {
        return copyIn(spec.target(), spec.loadColumns(), spec.freeze() && spec.part().whole());
    }

    /** {@code COPY table (cols) FROM STDIN [WITH (FREEZE)]}. */
    public static String copyIn(TableRef target, List<String> columns, boolean freeze) {
        return "COPY " + Quote.qualified(target.schema(), target.name()) + " (" + columnList(columns) + ") FROM STDIN"
                + (freeze ? " WITH (FREEZE)" : "");
    }

    private static String columnList(List<String> columns) {
        return columns.stream().map(Quote::ident).collect(Collectors.joining(", "));
    }
}
