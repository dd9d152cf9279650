package dev.pgclone.contracts.command;

import dev.pgclone.contracts.Fields;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.connection.ConnectionSpec;

/**
 * Drop the masking policy of a table (pgclone {@code drop_masking_policy}): the view {@code <table>_masked} the
 * policy created is dropped and the table's grants are put back exactly as they were before the policy (pgclone
 * grants SELECT to PUBLIC whether or not PUBLIC had it; this does not).
 *
 * @param target the database holding the table (secrets sealed)
 */
public record DropMaskingPolicy(MessageHeader header, ConnectionSpec target, String schema, String table)
        implements Command {

    public DropMaskingPolicy {
        Fields.required(header, "header");
        Fields.required(target, "target");
        Fields.required(schema, "schema");
        Fields.required(table, "table");
    }
}
