package dev.pgclone.contracts.command;

import dev.pgclone.contracts.Fields;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.connection.ConnectionSpec;
import dev.pgclone.contracts.mask.ColumnMasks;

/**
 * Create a dynamic masking policy on the target (pgclone {@code create_masking_policy}): the view
 * {@code <table>_masked} showing the table through the masks, SELECT on the table revoked from PUBLIC, SELECT on the
 * view granted to PUBLIC and on the table to {@code privilegedRole}. The grants the table had before are recorded so
 * that {@link DropMaskingPolicy} restores exactly them.
 *
 * @param target         the database holding the table (secrets sealed)
 * @param mask           {@code {"column": rule}}, pgclone's JSON ({@code keyed_hash} is refused: the key would have to
 *                       live in the database)
 * @param privilegedRole the role that keeps reading the table unmasked; must exist
 */
public record CreateMaskingPolicy(MessageHeader header, ConnectionSpec target, String schema, String table,
                                  ColumnMasks mask, String privilegedRole) implements Command {

    public CreateMaskingPolicy {
        Fields.required(header, "header");
        Fields.required(target, "target");
        Fields.required(schema, "schema");
        Fields.required(table, "table");
        Fields.required(mask, "mask");
        Fields.required(privilegedRole, "privilegedRole");
    }
}
