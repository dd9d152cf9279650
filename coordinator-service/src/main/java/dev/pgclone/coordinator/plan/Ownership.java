package dev.pgclone.coordinator.plan;

import java.util.List;
import java.util.Map;

/**
 * Who owns an object on the source and who may use it.
 *
 * @param alterClause   how ALTER … OWNER TO names it ({@code TABLE "s"."t"}, {@code FUNCTION "s"."f"(integer)})
 * @param grantClause   how GRANT names it, or null for objects without privileges (collations)
 * @param owner         the source owner
 * @param acl           the source's privileges ({@code aclitem} texts), empty for the defaults
 * @param columnAcls    a table's column privileges, by column name
 */
public record Ownership(String alterClause, String grantClause, String owner, List<String> acl,
                        Map<String, List<String>> columnAcls) {

    public Ownership {
        acl = List.copyOf(acl);
        columnAcls = Map.copyOf(columnAcls);
    }

    static Ownership of(String alterClause, String grantClause, String owner, List<String> acl) {
        return new Ownership(alterClause, grantClause, owner, acl, Map.of());
    }
}
