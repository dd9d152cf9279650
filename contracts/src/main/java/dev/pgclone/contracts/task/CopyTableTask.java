package dev.pgclone.contracts.task;

import dev.pgclone.contracts.Fields;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.connection.ConnectionSpec;

/**
 * Copy one table (or one part of it) from source to target.
 *
 * @param taskId     deterministic from (job, table, part): a redelivery or retry keeps it
 * @param attempt    1 for the first dispatch, +1 per re-dispatch; events of older attempts are ignored
 * @param snapshotId the job's exported snapshot, imported before the first read; null when consistent=false
 * @param source     source connection (secrets sealed)
 * @param target     target connection (secrets sealed)
 * @param copy       what to copy
 */
public record CopyTableTask(MessageHeader header, String taskId, int attempt, String snapshotId,
                            ConnectionSpec source, ConnectionSpec target, CopySpec copy) implements Task {

    public CopyTableTask {
        Fields.required(header, "header");
        Fields.required(taskId, "taskId");
        Fields.required(source, "source");
        Fields.required(target, "target");
        Fields.required(copy, "copy");
    }

    @Override
    public String describe() {
        TablePart part = copy.part();
        return copy.target() + (part.whole() ? "" : " (part " + (part.index() + 1) + " of " + part.count() + ")");
    }
}
