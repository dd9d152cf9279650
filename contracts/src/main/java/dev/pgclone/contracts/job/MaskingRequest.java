package dev.pgclone.contracts.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pgclone.contracts.mask.ColumnMasks;

/**
 * What a masking job ({@code mask-in-place}, {@code create-masking-policy}, {@code drop-masking-policy}) was asked
 * to do, as shown to people.
 *
 * @param mask           the masks (null for a drop)
 * @param privilegedRole the role that keeps reading the table (policies only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MaskingRequest(String schema, String table, ColumnMasks mask, String privilegedRole) {
}
