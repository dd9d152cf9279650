package dev.pgclone.contracts.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.pgclone.contracts.Message;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.job.Phase;

/**
 * Coordinator → everyone, on {@link dev.pgclone.contracts.Topics#JOB_EVENTS}, keyed by job id. Each event carries
 * the whole job as it is after the change ({@link JobView#version()} orders them), so a reader never has to
 * replay history to know a job's state.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = JobEvent.JobAccepted.class, name = "job-accepted"),
    @JsonSubTypes.Type(value = JobEvent.JobPhaseChanged.class, name = "job-phase-changed"),
    @JsonSubTypes.Type(value = JobEvent.JobProgressed.class, name = "job-progressed"),
    @JsonSubTypes.Type(value = JobEvent.JobCompleted.class, name = "job-completed"),
    @JsonSubTypes.Type(value = JobEvent.JobFailed.class, name = "job-failed"),
    @JsonSubTypes.Type(value = JobEvent.JobCancelled.class, name = "job-cancelled"),
    @JsonSubTypes.Type(value = JobEvent.JobRejected.class, name = "job-rejected")
})
public sealed interface JobEvent extends Message {

    JobView job();

    record JobAccepted(MessageHeader header, JobView job) implements JobEvent {
    }

    record JobPhaseChanged(MessageHeader header, JobView job, Phase from, Phase to) implements JobEvent {
    }

    record JobProgressed(MessageHeader header, JobView job) implements JobEvent {
    }

    record JobCompleted(MessageHeader header, JobView job) implements JobEvent {
    }

    record JobFailed(MessageHeader header, JobView job, ErrorInfo error) implements JobEvent {
    }

    record JobCancelled(MessageHeader header, JobView job, String reason) implements JobEvent {
    }

    /**
     * A command that could not become a job (unreadable connection, bad options, duplicate id with another
     * request). The job view is as complete as the command allowed.
     */
    record JobRejected(MessageHeader header, JobView job, ErrorInfo error) implements JobEvent {
    }
}
