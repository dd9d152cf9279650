package dev.pgclone.contracts.task;

import dev.pgclone.contracts.Fields;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.connection.ConnectionSpec;
import dev.pgclone.contracts.options.ConflictStrategy;
import java.util.List;

/**
 * Copy large objects that cloned tables reference, keeping their OIDs (so the referencing rows stay valid).
 *
 * @param taskId     deterministic from (job, batch)
 * @param attempt    1 for the first dispatch, +1 per re-dispatch
 * @param snapshotId the job's snapshot, imported before reading; null when consistent=false
 * @param oids       the large objects of this batch
 * @param conflict   what to do with a large object of the same OID already on the target
 */
public record CopyLargeObjectsTask(MessageHeader header, String taskId, int attempt, String snapshotId,
                                   ConnectionSpec source, ConnectionSpec target, List<Long> oids,
                                   ConflictStrategy conflict) implements Task {

    public CopyLargeObjectsTask {
        Fields.required(header, "header");
        Fields.required(taskId, "taskId");
        Fields.required(source, "source");
        Fields.required(target, "target");
        oids = List.copyOf(Fields.required(oids, "oids"));
    }

    @Override
    public String describe() {
        return oids.size() + " large object(s)";
    }
}
