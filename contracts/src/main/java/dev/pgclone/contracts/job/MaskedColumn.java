package dev.pgclone.contracts.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Masking evidence: how one column of a clone was masked. Never holds a key ({@code keyed_hash} names only the
 * deployment key's public id in the job's copy tasks, not here).
 *
 * @param table      the target table, {@code schema.name}
 * @param column     the column
 * @param strategy   the strategy asked for
 * @param parameters the rule's parameters ({@code prefix}, {@code min}, {@code value}, …), empty for none
 * @param rows       the table's rows loaded so far (all of them once the job completed)
 * @param status     what reached the target
 * @param reason     why the column was cloned as NULL instead, else null
 */
public record MaskedColumn(String table, String column, String strategy,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> parameters, long rows,
                           Status status, String reason) {

    /** What reached the target. */
    public enum Status {
        /** every value went through the mask on the source */
        MASKED("masked"),
        /** the mask could not apply and {@code on_mask_error} is {@code skip}: every value is NULL */
        NULLED("cloned as NULL");

        private final String json;

        Status(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }
    }

    public MaskedColumn {
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public MaskedColumn withRows(long loaded) {
        return new MaskedColumn(table, column, strategy, parameters, loaded, status, reason);
    }
}
