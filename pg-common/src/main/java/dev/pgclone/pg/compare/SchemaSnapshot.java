package dev.pgclone.pg.compare;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The comparable facts of one schema on one server, read by {@link SchemaSnapshotReader} and compared by
 * {@link SchemaDiff}: what pgclone's diff reads (tables, columns, indexes, constraints, triggers, views, sequences)
 * and what it misses (identity, generated columns, partitioning, inheritance, row security and policies, types,
 * routines, comments, owners, collations, table, column and sequence options).
 *
 * @param schema           the schema's name
 * @param exists           false when the schema is not there (then every list is empty)
 * @param serverVersionNum {@code server_version_num}, e.g. 170004: which deparser produced the definitions
 * @param objects          every object read, so a property is only compared where its object exists on both sides
 * @param tables           ordinary and partitioned tables (presence only)
 * @param columns          table columns (scope = table) with their type, {@code not_null} and {@code default}, in
 *                         table then column order
 * @param facts            everything else, by category
 */
public record SchemaSnapshot(String schema, boolean exists, int serverVersionNum, Set<ObjectKey> objects,
                             List<Fact> tables, List<Fact> columns, Map<DiffCategory, List<Fact>> facts) {

    public SchemaSnapshot {
        objects = Set.copyOf(objects);
        tables = List.copyOf(tables);
        columns = List.copyOf(columns);
        EnumMap<DiffCategory, List<Fact>> copy = new EnumMap<>(DiffCategory.class);
        facts.forEach((category, list) -> copy.put(category, List.copyOf(list)));
        facts = java.util.Collections.unmodifiableMap(copy);
    }

    /** The snapshot of a schema that does not exist on a server. */
    public static SchemaSnapshot missing(String schema, int serverVersionNum) {
        return new SchemaSnapshot(schema, false, serverVersionNum, Set.of(), List.of(), List.of(), Map.of());
    }

    public List<Fact> facts(DiffCategory category) {
        return facts.getOrDefault(category, List.of());
    }
}
