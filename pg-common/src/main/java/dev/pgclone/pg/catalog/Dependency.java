package dev.pgclone.pg.catalog;

/**
 * "A depends on B" between catalog objects, as read from {@code pg_depend}.
 *
 * @param kind          what depends: 'r' a relation (table, view, materialized view, sequence, a composite type's
 *                      relation), 'f' a routine, 't' a type
 * @param oid           its OID
 * @param defaultColumn when the dependency comes from a plain column default, that column's number (the edge can be
 *                      broken by setting the default later); else 0
 * @param refClass      the referenced object's catalog ({@code pg_class}, {@code pg_type}, {@code pg_proc}, …)
 * @param refOid        the referenced OID (an array type is resolved to its element type)
 * @param refTypeRelid  for a referenced row type, its relation; else null
 * @param extension     the extension the referenced object belongs to, if any
 */
public record Dependency(char kind, long oid, int defaultColumn, String refClass, long refOid, Long refTypeRelid,
                         Long extension) {
}
