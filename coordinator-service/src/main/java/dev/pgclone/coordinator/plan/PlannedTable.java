package dev.pgclone.coordinator.plan;

import dev.pgclone.pg.catalog.Table;
import dev.pgclone.pg.ddl.TableDdl;

/**
 * One table of a clone: its source definition and the DDL that reproduces it on the target.
 *
 * @param source the definition read under the job's snapshot
 * @param ddl    the target DDL (honours targetName and columns)
 */
public record PlannedTable(Table source, TableDdl ddl) {
}
