package dev.pgclone.pg.catalog;

import java.util.List;

/**
 * A table constraint ({@code p}rimary key, {@code u}nique, e{@code x}clusion, {@code c}heck, {@code f}oreign key).
 *
 * @param name            constraint name
 * @param type            contype
 * @param definition      {@code pg_get_constraintdef()}, qualified
 * @param columns         attnums the constraint uses on its own table
 * @param referencedTable for foreign keys, the referenced table; else null
 * @param attachTo        for a partition's key constraint made from its parent's, the parent's index; else null
 * @param comment         comment or null
 */
public record Constraint(String name, char type, String definition, List<Integer> columns,
                         QualifiedName referencedTable, QualifiedName attachTo, String comment) {

    public Constraint {
        columns = List.copyOf(columns);
    }

    public boolean isForeignKey() {
        return type == 'f';
    }
}
