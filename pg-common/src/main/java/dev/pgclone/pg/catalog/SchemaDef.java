package dev.pgclone.pg.catalog;

import java.util.List;

/**
 * A schema: name, owner, privileges, comment.
 *
 * @param acl its privileges ({@code aclitem} texts), or null when {@code nspacl} is NULL: the owner's default
 *            privileges, which an explicit ACL (even an empty one) is not
 */
public record SchemaDef(long oid, String name, String owner, List<String> acl, String comment) {

    public SchemaDef {
        acl = acl == null ? null : List.copyOf(acl);
    }
}
