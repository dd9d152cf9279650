package dev.pgclone.contracts.command;

import dev.pgclone.contracts.Fields;
import dev.pgclone.contracts.MessageHeader;

/** Cancel a job: no new tasks are dispatched, running copies are rolled back, the snapshot is released. */
public record CancelJob(MessageHeader header, String reason) implements Command {

    public CancelJob {
        Fields.required(header, "header");
    }
}
