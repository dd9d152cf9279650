package dev.pgclone.coordinator.plan;

import dev.pgclone.pg.catalog.QualifiedName;
import java.util.List;

/**
 * Something a clone creates on the target before the data: a table, view, materialized view, routine, type,
 * sequence or collation. Each knows its place in the dependency graph and the statements that create it.
 */
public sealed interface PlannedObject
        permits PlannedTable, PlannedView, PlannedRoutine, PlannedType, PlannedSequence, PlannedCollation {

    /** Graph key: a catalog letter and the source OID ({@code r:16384}, {@code f:16400}, …). */
    String key();

    QualifiedName name();

    /** For messages: "table", "view", "function", … */
    String kind();

    /** Tie-break order between independent objects, as pg_dump orders kinds. */
    int rank();

    /** CREATE statements (and what belongs right after them, such as comments), in order. */
    List<String> create();

    /**
     * Statements for the end of pre-data, once every object exists: a default that closed a dependency cycle, a
     * domain's constraints (which may call functions created later).
     */
    default List<String> deferred() {
        return List.of();
    }

    /** Its source owner and privileges, reproduced at the end when the roles exist on the target. */
    Ownership ownership();

    /** How messages name it: {@code table "shop"."orders"}. */
    default String describe() {
        return kind() + " " + name();
    }

    static String relationKey(long oid) {
        return "r:" + oid;
    }
}
