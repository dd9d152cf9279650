package dev.pgclone.pg.catalog;

/** An installed extension: name, the schema holding its objects, version. */
public record ExtensionDef(long oid, String name, String schema, String version) {
}
