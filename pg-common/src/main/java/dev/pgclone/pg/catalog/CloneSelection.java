package dev.pgclone.pg.catalog;

import java.util.List;

/**
 * What a clone covers on the source, resolved: its schemas, the tables it reads rows from (after the {@code tables} /
 * {@code exclude_tables} filters) and how far it reaches besides them. The readers that answer "what does this clone
 * hold" ({@link ScopeCatalog}, {@link RoleCatalog}, {@link ExtensionCatalog}) all start from it, so the inspector's
 * preflight and the coordinator's see the same objects.
 *
 * @param breadth  how far the clone reaches besides {@code tables}
 * @param schemas  the source schemas (a table clone: the table's schema)
 * @param tables   the tables whose rows it reads (leaf partitions and inheritance children included)
 * @param matviews whether materialized views are cloned (the {@code matviews} option)
 */
public record CloneSelection(Breadth breadth, List<String> schemas, List<QualifiedName> tables, boolean matviews) {

    /** How far a clone reaches besides the tables it reads. */
    public enum Breadth {
        /** A functions clone: the schemas' functions, procedures and aggregates only. */
        ROUTINES,
        /** A table clone: the table, with the sequences its columns own. */
        TABLES,
        /** A schema or database clone: every type, collation, routine, view, materialized view and sequence too. */
        SCHEMAS
    }

    public CloneSelection {
        schemas = List.copyOf(schemas);
        tables = List.copyOf(tables);
    }
}
