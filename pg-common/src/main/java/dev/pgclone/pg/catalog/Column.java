package dev.pgclone.pg.catalog;

import java.util.List;

/**
 * A table column as the source catalog describes it.
 *
 * @param attnum         column number
 * @param name           column name
 * @param type           {@code format_type()} output, schema-qualified for user types
 * @param notNull        NOT NULL
 * @param defaultExpr    default expression ({@code pg_get_expr}), null when none or generated
 * @param identity       'a' (ALWAYS), 'd' (BY DEFAULT) or 0 when not an identity column
 * @param generated      's' (STORED), 'v' (VIRTUAL, PostgreSQL 18) or 0
 * @param generationExpr the generation expression of a generated column
 * @param collation      qualified collation when it differs from the type's default, else null
 * @param comment        column comment or null
 * @param local          defined by this table (false for a column only inherited from a parent)
 * @param storage        storage mode when it differs from the type's ('p', 'e', 'm', 'x'), else 0
 * @param compression    compression method when set ('p' pglz, 'l' lz4), else 0
 * @param statistics     per-column statistics target when set, else null
 * @param acl            column privileges ({@code aclitem} texts), empty when none
 */
public record Column(int attnum, String name, String type, boolean notNull, String defaultExpr, char identity,
                     char generated, String generationExpr, String collation, String comment, boolean local,
                     char storage, char compression, Integer statistics, List<String> acl) {

    public Column {
        acl = acl == null ? List.of() : List.copyOf(acl);
    }

    public boolean isIdentity() {
        return identity == 'a' || identity == 'd';
    }

    public boolean isGenerated() {
        return generated == 's' || generated == 'v';
    }
}
