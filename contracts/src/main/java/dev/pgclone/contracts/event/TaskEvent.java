package dev.pgclone.contracts.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.pgclone.contracts.Message;
import dev.pgclone.contracts.MessageHeader;

/**
 * Worker → coordinator, on {@link dev.pgclone.contracts.Topics#TASK_EVENTS}, keyed by job id. Counters are
 * cumulative for the attempt.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = TaskEvent.TaskStarted.class, name = "task-started"),
    @JsonSubTypes.Type(value = TaskEvent.TaskProgressed.class, name = "task-progressed"),
    @JsonSubTypes.Type(value = TaskEvent.TaskCompleted.class, name = "task-completed"),
    @JsonSubTypes.Type(value = TaskEvent.TaskFailed.class, name = "task-failed")
})
public sealed interface TaskEvent extends Message {

    String taskId();

    int attempt();

    /** The worker instance that produced the event. */
    String worker();

    record TaskStarted(MessageHeader header, String taskId, int attempt, String worker) implements TaskEvent {
    }

    record TaskProgressed(MessageHeader header, String taskId, int attempt, String worker, long rows, long bytes)
            implements TaskEvent {
    }

    /**
     * @param alreadyApplied true when the worker found this task's completion record on the target (a redelivery)
     *                       and only re-reported it
     */
    record TaskCompleted(MessageHeader header, String taskId, int attempt, String worker, long rows, long bytes,
                         long durationMs, boolean alreadyApplied) implements TaskEvent {
    }

    record TaskFailed(MessageHeader header, String taskId, int attempt, String worker, ErrorInfo error)
            implements TaskEvent {
    }
}
