package dev.pgclone.pg.catalog;

import java.util.List;
import java.util.Optional;

/**
 * A table read from the source catalog under the job's snapshot.
 *
 * @param oid            source OID (only meaningful on the source)
 * @param name           schema + name
 * @param regclassText   how the table prints inside pg_get_*def() output (qualified, quoted only where needed)
 * @param kind           'r' ordinary or 'p' partitioned
 * @param unlogged       UNLOGGED
 * @param partitionKey   {@code pg_get_partkeydef()} for a partitioned table, else null
 * @param reloptions     storage parameters ({@code fillfactor=70}), may be empty
 * @param estimatedRows  reltuples (may be -1 when never analyzed)
 * @param sizeBytes      pg_relation_size of the heap
 * @param columns        live columns in attnum order
 * @param constraints    local constraints
 * @param indexes        secondary indexes
 * @param triggers       user triggers
 * @param sequences      owned sequences (serial and identity)
 * @param comment        table comment or null
 */
public record Table(long oid, QualifiedName name, String regclassText, char kind, boolean unlogged, String partitionKey,
                    List<String> reloptions, long estimatedRows, long sizeBytes, List<Column> columns,
                    List<Constraint> constraints, List<Index> indexes, List<Trigger> triggers,
                    List<OwnedSequence> sequences, String comment) {

    public Table {
        reloptions = List.copyOf(reloptions);
        columns = List.copyOf(columns);
        constraints = List.copyOf(constraints);
        indexes = List.copyOf(indexes);
        triggers = List.copyOf(triggers);
        sequences = List.copyOf(sequences);
    }

    public boolean partitioned() {
        return kind == 'p';
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }
}
