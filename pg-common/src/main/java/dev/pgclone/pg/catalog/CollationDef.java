package dev.pgclone.pg.catalog;

/** A user-defined collation and its CREATE statement. */
public record CollationDef(long oid, QualifiedName name, String definition, String owner, String comment) {
}
