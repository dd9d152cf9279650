package dev.pgclone.pg.catalog;

/** A user trigger: name, the name as pg_get_triggerdef() prints it, and the definition (qualified). */
public record Trigger(String name, String quotedName, String definition, String comment) {
}
