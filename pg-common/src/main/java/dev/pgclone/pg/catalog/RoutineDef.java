package dev.pgclone.pg.catalog;

import java.util.List;

/**
 * A function ('f'), procedure ('p'), aggregate ('a') or window function ('w').
 *
 * @param signature  identity arguments ({@code pg_get_function_identity_arguments}), to name one of overloads
 * @param definition the complete CREATE statement, qualified
 */
public record RoutineDef(long oid, QualifiedName name, char kind, String signature, String definition, String owner,
                         List<String> acl, String comment) {

    public RoutineDef {
        acl = List.copyOf(acl);
    }

    /** {@code FUNCTION "s"."f"(integer, text)}: how GRANT, COMMENT and ALTER … OWNER name it. */
    public String reference() {
        String word = switch (kind) {
            case 'p' -> "PROCEDURE";
            case 'a' -> "AGGREGATE";
            default -> "FUNCTION";
        };
        return word + " " + name.quoted() + "(" + signature + ")";
    }
}
