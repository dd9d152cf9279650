package dev.pgclone.contracts.command;

import dev.pgclone.contracts.Fields;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.connection.ConnectionSpec;
import dev.pgclone.contracts.mask.ColumnMasks;

/**
 * Mask a table of the target in place (pgclone {@code mask_in_place(schema, table, mask_json)}): its stored values are
 * rewritten through the masks, in batches, by the coordinator. The header's job id is the job's id: a redelivered
 * command starts nothing new, and a run stopped part way is continued (not repeated) by the next one with the same
 * masks on the same table.
 *
 * @param target the database holding the table (secrets sealed)
 * @param mask   {@code {"column": rule}}, pgclone's JSON
 */
public record MaskInPlace(MessageHeader header, ConnectionSpec target, String schema, String table, ColumnMasks mask)
        implements Command {

    public MaskInPlace {
        Fields.required(header, "header");
        Fields.required(target, "target");
        Fields.required(schema, "schema");
        Fields.required(table, "table");
        Fields.required(mask, "mask");
    }
}
