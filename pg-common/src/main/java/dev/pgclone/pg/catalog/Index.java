package dev.pgclone.pg.catalog;

import java.util.List;

/**
 * A secondary index (not one that backs a primary key, unique or exclusion constraint).
 *
 * @param name       index name
 * @param quotedName the name as pg_get_indexdef() prints it
 * @param definition {@code pg_get_indexdef()}, qualified
 * @param columns    attnums of the table the index depends on (keys, expressions, predicate)
 * @param attachTo   for an index of a partition that belongs to its parent's index, that index; else null
 * @param comment    comment or null
 */
public record Index(String name, String quotedName, String definition, List<Integer> columns, QualifiedName attachTo,
                   String comment) {

    public Index {
        columns = List.copyOf(columns);
    }
}
