package dev.pgclone.pg.catalog;

import dev.pgclone.pg.Quote;

/** schema + name, unquoted. */
public record QualifiedName(String schema, String name) {

    public String quoted() {
        return Quote.qualified(schema, name);
    }

    @Override
    public String toString() {
        return schema + "." + name;
    }
}
