package dev.pgclone.pg.catalog;

import java.util.List;

/** A large object a cloned table references (an {@code oid} or {@code lo} column value). */
public record LargeObjectDef(long oid, String owner, List<String> acl, String comment) {

    public LargeObjectDef {
        acl = List.copyOf(acl);
    }
}
