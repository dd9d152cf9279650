package dev.pgclone.contracts.mask;

import dev.pgclone.contracts.Fields;

/**
 * One column's mask as a copy task carries it: structured, never SQL text; the worker renders the expression on the
 * source itself.
 *
 * @param column        the column's name on the source (and the target), unquoted
 * @param rule          the rule applied; a column that {@code on_mask_error: skip} clones as NULL carries {@code null}
 * @param charMaxLength the column's declared length ({@code varchar(n)}, {@code char(n)}), 0 for none: the output is
 *                      cut to it, as pgclone does
 */
public record ColumnMask(String column, MaskRule rule, int charMaxLength) {

    public ColumnMask {
        Fields.required(column, "mask.column");
        Fields.required(rule, "mask.rule");
        charMaxLength = Math.max(0, charMaxLength);
    }
}
