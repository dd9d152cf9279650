package dev.pgclone.contracts.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.pgclone.contracts.Fields;
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
        public JobAccepted {
            JobEvent.requireJob(header, job);
        }
    }

    record JobPhaseChanged(MessageHeader header, JobView job, Phase from, Phase to) implements JobEvent {
        public JobPhaseChanged {
            JobEvent.requireJob(header, job);
        }
    }

    record JobProgressed(MessageHeader header, JobView job) implements JobEvent {
        public JobProgressed {
            JobEvent.requireJob(header, job);
        }
    }

    record JobCompleted(MessageHeader header, JobView job) implements JobEvent {
        public JobCompleted {
            JobEvent.requireJob(header, job);
        }
    }

    record JobFailed(MessageHeader header, JobView job, ErrorInfo error) implements JobEvent {
        public JobFailed {
            JobEvent.requireJob(header, job);
        }
    }

    record JobCancelled(MessageHeader header, JobView job, String reason) implements JobEvent {
        public JobCancelled {
            JobEvent.requireJob(header, job);
        }
    }

    /**
     * A command that could not become a job (unreadable connection, bad options, duplicate id with another
     * request). The job view is as complete as the command allowed.
     */
    record JobRejected(MessageHeader header, JobView job, ErrorInfo error) implements JobEvent {
        public JobRejected {
            JobEvent.requireJob(header, job);
        }
    }

    /** Every job event carries its header and a job with an id and a status (readers keep the newest version). */
    private static void requireJob(MessageHeader header, JobView job) {
        Fields.required(header, "header");
        Fields.required(job, "job");
        Fields.required(job.id(), "job.id");
        Fields.required(job.status(), "job.status");
    }
}
