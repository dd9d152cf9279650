package dev.pgclone.coordinator.plan;

import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.catalog.Table;
import dev.pgclone.pg.ddl.TableDdl;
import java.util.List;

/**
 * One table of a clone: its source definition and the DDL that reproduces it on the target.
 *
 * @param source the definition read under the job's snapshot
 * @param ddl    the target DDL (honours targetName and columns)
 */
public record PlannedTable(Table source, TableDdl ddl) implements PlannedObject {

    public String key() {
        return PlannedObject.relationKey(source.oid());
    }

    public QualifiedName name() {
        return ddl.target();
    }

    public String kind() {
        return source.partitioned() ? "partitioned table" : "table";
    }

    public int rank() {
        return 50;
    }

    public List<String> create() {
        return ddl.preData();
    }

    public List<String> deferred() {
        return ddl.deferredDefaults();
    }

    /** Whether rows live in it (a partitioned table holds none itself). */
    public boolean holdsRows() {
        return !source.partitioned();
    }

    public Ownership ownership() {
        java.util.Map<String, List<String>> columns = new java.util.LinkedHashMap<>();
        source.columns().stream().filter(c -> !c.acl().isEmpty()).forEach(c -> columns.put(c.name(), c.acl()));
        String clause = "TABLE " + name().quoted();
        return new Ownership(clause, clause, source.owner(), source.acl(), columns);
    }
}
