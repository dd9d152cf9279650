package dev.pgclone.pg.catalog;

/**
 * An object a clone creates, as far as a name clash on the target is concerned: relations, types and collations are
 * unique by schema and name, routines by schema, name and identity arguments.
 *
 * @param kind      which name space it lives in
 * @param name      schema and name
 * @param signature identity arguments of a routine ({@code pg_get_function_identity_arguments}), else null
 * @param detail    what it is, for people: a relation's {@code relkind}, a routine's {@code prokind}, a type's
 *                  {@code typtype} (one letter), or null
 */
public record CatalogObject(Kind kind, QualifiedName name, String signature, String detail) {

    public enum Kind { RELATION, TYPE, ROUTINE, COLLATION }

    /** How messages name it: {@code table s.orders}, {@code function s.f(integer)}. */
    public String describe() {
        String what = switch (kind) {
            case RELATION -> switch (detail == null ? "r" : detail) {
                case "p" -> "partitioned table";
                case "v" -> "view";
                case "m" -> "materialized view";
                case "S" -> "sequence";
                case "f" -> "foreign table";
                default -> "table";
            };
            case TYPE -> "type";
            case COLLATION -> "collation";
            case ROUTINE -> switch (detail == null ? "f" : detail) {
                case "p" -> "procedure";
                case "a" -> "aggregate";
                default -> "function";
            };
        };
        return what + " " + name + (kind == Kind.ROUTINE ? "(" + signature + ")" : "");
    }
}
