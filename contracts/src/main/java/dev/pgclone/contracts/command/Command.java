package dev.pgclone.contracts.command;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.pgclone.contracts.Message;

/** Commands on {@link dev.pgclone.contracts.Topics#COMMANDS}; imperative names, keyed by job (or report) id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = StartClone.class, name = "start-clone"),
    @JsonSubTypes.Type(value = CancelJob.class, name = "cancel-job"),
    @JsonSubTypes.Type(value = RequestReport.class, name = "request-report"),
    @JsonSubTypes.Type(value = MaskInPlace.class, name = "mask-in-place"),
    @JsonSubTypes.Type(value = CreateMaskingPolicy.class, name = "create-masking-policy"),
    @JsonSubTypes.Type(value = DropMaskingPolicy.class, name = "drop-masking-policy")
})
public sealed interface Command extends Message permits StartClone, CancelJob, RequestReport, MaskInPlace,
        CreateMaskingPolicy, DropMaskingPolicy {
}
