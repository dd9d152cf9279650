package dev.pgclone.pg.catalog;

import java.util.List;
import java.util.Optional;

/**
 * A table read from the source catalog under the job's snapshot.
 *
 * @param oid              source OID (only meaningful on the source)
 * @param name             schema + name
 * @param regclassText     how the table prints inside pg_get_*def() output (qualified, quoted only where needed)
 * @param kind             'r' ordinary or 'p' partitioned
 * @param unlogged         UNLOGGED
 * @param partitionKey     {@code pg_get_partkeydef()} for a partitioned table, else null
 * @param partitionOf      the parent when this table is a partition, else null
 * @param partitionBound   {@code FOR VALUES …} / {@code DEFAULT} of a partition, else null
 * @param inherits         parents of a (non-partition) inheritance child, in order; empty otherwise
 * @param reloptions       storage parameters ({@code fillfactor=70}), may be empty
 * @param estimatedRows    reltuples (may be -1 when never analyzed)
 * @param sizeBytes        pg_relation_size of the heap
 * @param owner            owning role
 * @param acl              table privileges ({@code aclitem} texts), empty when default
 * @param rowSecurity      ROW LEVEL SECURITY enabled
 * @param forceRowSecurity ROW LEVEL SECURITY forced for the owner too
 * @param replicaIdentity  'd' default, 'n' nothing, 'f' full, 'i' index
 * @param replicaIndex     the index of REPLICA IDENTITY USING INDEX, else null
 * @param columns          live columns in attnum order
 * @param constraints      constraints defined on this table (inherited ones belong to the parent)
 * @param indexes          secondary indexes
 * @param triggers         user triggers
 * @param sequences        owned sequences (serial and identity)
 * @param statistics       extended statistics objects ({@code pg_get_statisticsobjdef()})
 * @param rules            rules other than a view's ({@code pg_get_ruledef()})
 * @param comment          table comment or null
 */
public record Table(long oid, QualifiedName name, String regclassText, char kind, boolean unlogged,
                    String partitionKey, QualifiedName partitionOf, String partitionBound, List<QualifiedName> inherits,
                    List<String> reloptions, long estimatedRows, long sizeBytes, String owner, List<String> acl,
                    boolean rowSecurity, boolean forceRowSecurity, char replicaIdentity, String replicaIndex,
                    List<Column> columns, List<Constraint> constraints, List<Index> indexes, List<Trigger> triggers,
                    List<OwnedSequence> sequences, List<String> statistics, List<String> rules, String comment) {

    public Table {
        inherits = List.copyOf(inherits);
        reloptions = List.copyOf(reloptions);
        acl = List.copyOf(acl);
        columns = List.copyOf(columns);
        constraints = List.copyOf(constraints);
        indexes = List.copyOf(indexes);
        triggers = List.copyOf(triggers);
        sequences = List.copyOf(sequences);
        statistics = List.copyOf(statistics);
        rules = List.copyOf(rules);
    }

    public boolean partitioned() {
        return kind == 'p';
    }

    public boolean isPartition() {
        return partitionOf != null;
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }
}
