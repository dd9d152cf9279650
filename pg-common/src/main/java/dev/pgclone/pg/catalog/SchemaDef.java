package dev.pgclone.pg.catalog;

import java.util.List;

/** A schema: name, owner, privileges, comment. */
public record SchemaDef(long oid, String name, String owner, List<String> acl, String comment) {

    public SchemaDef {
        acl = List.copyOf(acl);
    }
}
