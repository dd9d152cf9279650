package dev.pgclone.pg.compare;

/**
 * Names one object of a schema snapshot, whatever its kind: a table ({@code table, null, orders}), a column
 * ({@code column, orders, id}), a function ({@code function, null, area(double precision)}). Properties (comments,
 * owners, identity, …) name the object they belong to, so a property is only compared where that object exists on
 * both sides.
 *
 * @param kind  table, view, sequence, column, attribute, index, constraint, trigger, policy, type, function, collation,
 *              schema
 * @param scope the table or type a column, attribute, constraint, trigger or policy belongs to; null otherwise
 * @param name  the object's own name (a routine's includes its argument types)
 */
public record ObjectKey(String kind, String scope, String name) {

    public static ObjectKey of(String kind, String name) {
        return new ObjectKey(kind, null, name);
    }

    public static ObjectKey of(String kind, String scope, String name) {
        return new ObjectKey(kind, scope, name);
    }

    /** {@code orders.id}, or {@code orders} when unscoped. */
    public String qualifiedName() {
        return scope == null ? name : scope + "." + name;
    }
}
