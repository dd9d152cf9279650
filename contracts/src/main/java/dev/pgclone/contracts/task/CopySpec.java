package dev.pgclone.contracts.task;

import dev.pgclone.contracts.Fields;
import java.util.List;

/**
 * What a worker copies.
 *
 * @param source  table on the source
 * @param target  table on the target (created by the coordinator before the task is published)
 * @param columns source columns to read, in target column order (generated columns never travel)
 * @param where   validated row filter, run only inside a READ ONLY transaction, or null
 * @param part    which rows of the table
 * @param freeze  load with COPY FREEZE (only for a whole, non-partitioned table truncated in the same transaction)
 * @param lockWaitMillis how long the source session waits for a lock (the table's own without the job's snapshot,
 *                anything else its statement reads), 0 without limit; null: the worker's default
 */
public record CopySpec(TableRef source, TableRef target, List<String> columns, String where, TablePart part,
                       boolean freeze, Long lockWaitMillis) {

    public CopySpec {
        Fields.required(source, "copy.source");
        Fields.required(target, "copy.target");
        columns = List.copyOf(Fields.required(columns, "copy.columns"));
        if (part == null) {
            part = TablePart.WHOLE;
        }
    }
}
