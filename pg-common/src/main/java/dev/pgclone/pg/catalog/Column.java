package dev.pgclone.pg.catalog;

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
 */
public record Column(int attnum, String name, String type, boolean notNull, String defaultExpr, char identity,
                     char generated, String generationExpr, String collation, String comment) {

    public boolean isIdentity() {
        return identity == 'a' || identity == 'd';
    }

    public boolean isGenerated() {
        return generated == 's' || generated == 'v';
    }
}
