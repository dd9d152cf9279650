package dev.pgclone.contracts.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pgclone.contracts.Fields;
import dev.pgclone.contracts.mask.ColumnMask;
import dev.pgclone.contracts.mask.MaskStrategy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a worker copies.
 *
 * @param source  table on the source
 * @param target  table on the target (created by the coordinator before the task is published)
 * @param columns source columns read as they are, in target column order (generated columns never travel; masked
 *                columns are never among them)
 * @param where   validated row filter, run only inside a READ ONLY transaction, or null
 * @param part    which rows of the table
 * @param freeze  load with COPY FREEZE (only for a whole, non-partitioned table truncated in the same transaction)
 * @param lockWaitMillis how long the source session waits for a lock (the table's own without the job's snapshot,
 *                anything else its statement reads), 0 without limit; null: the worker's default
 * @param masks   columns read through their mask, loaded after {@code columns}; empty when nothing is masked. A masked
 *                column is never listed in {@code columns}, so a worker that predates masks (and ignores this field)
 *                loads it as NULL or its default, never with the source's values
 * @param maskKeyId the id of the {@code keyed_hash} key the job was planned with, when a mask uses it; a worker with
 *                another key (or none) refuses the task
 */
public record CopySpec(TableRef source, TableRef target, List<String> columns, String where, TablePart part,
                       boolean freeze, Long lockWaitMillis,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ColumnMask> masks, String maskKeyId) {

    public CopySpec {
        Fields.required(source, "copy.source");
        Fields.required(target, "copy.target");
        columns = List.copyOf(Fields.required(columns, "copy.columns"));
        masks = masks == null ? List.of() : List.copyOf(masks);
        if (part == null) {
            part = TablePart.WHOLE;
        }
        Set<String> raw = new HashSet<>(columns);
        for (ColumnMask m : masks) {
            if (raw.contains(m.column())) {
                throw new IllegalArgumentException("copy.masks: column " + m.column() + " is also copied unmasked");
            }
        }
    }

    /** A copy without masks. */
    public CopySpec(TableRef source, TableRef target, List<String> columns, String where, TablePart part,
                    boolean freeze, Long lockWaitMillis) {
        this(source, target, columns, where, part, freeze, lockWaitMillis, List.of(), null);
    }

    /** Every column the target receives, in load order: the unmasked ones, then the masked ones. */
    public List<String> loadColumns() {
        List<String> all = new ArrayList<>(columns);
        masks.forEach(m -> all.add(m.column()));
        return all;
    }

    /** Whether a mask needs the deployment's {@code keyed_hash} key. */
    public boolean needsMaskKey() {
        return masks.stream().anyMatch(m -> m.rule().strategy() == MaskStrategy.KEYED_HASH);
    }
}
