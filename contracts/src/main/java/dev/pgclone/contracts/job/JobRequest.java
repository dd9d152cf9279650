package dev.pgclone.contracts.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pgclone.contracts.command.CloneScope;
import dev.pgclone.contracts.options.CloneOptions;

/**
 * The request a job runs, as shown to people (connections are shown separately, redacted).
 *
 * @param scope   a clone's scope, null for a masking job
 * @param masking a masking job's request ({@code mask-in-place}, masking policies), null for a clone
 */
public record JobRequest(CloneScope scope, boolean includeData, CloneOptions options,
                         @JsonInclude(JsonInclude.Include.NON_NULL) MaskingRequest masking) {

    /** A clone's request. */
    public JobRequest(CloneScope scope, boolean includeData, CloneOptions options) {
        this(scope, includeData, options, null);
    }

    /** A masking job's request. */
    public static JobRequest masking(MaskingRequest masking) {
        return new JobRequest(null, false, null, masking);
    }
}
