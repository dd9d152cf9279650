package dev.pgclone.pg.catalog;

/** A row-level security policy of a table, with its CREATE POLICY statement. */
public record PolicyDef(QualifiedName table, String name, String definition, String comment) {
}
