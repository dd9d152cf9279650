package dev.pgclone.contracts.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.pgclone.contracts.Fields;
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
        public TaskStarted {
            TaskEvent.requireCommon(header, taskId, worker);
        }
    }

    record TaskProgressed(MessageHeader header, String taskId, int attempt, String worker, long rows, long bytes)
            implements TaskEvent {
        public TaskProgressed {
            TaskEvent.requireCommon(header, taskId, worker);
        }
    }

    /**
     * @param alreadyApplied true when the worker found this task's completion record on the target (a redelivery)
     *                       and only re-reported it
     */
    record TaskCompleted(MessageHeader header, String taskId, int attempt, String worker, long rows, long bytes,
                         long durationMs, boolean alreadyApplied) implements TaskEvent {
        public TaskCompleted {
            TaskEvent.requireCommon(header, taskId, worker);
        }
    }

    record TaskFailed(MessageHeader header, String taskId, int attempt, String worker, ErrorInfo error)
            implements TaskEvent {
        public TaskFailed {
            TaskEvent.requireCommon(header, taskId, worker);
            Fields.required(error, "error");
        }
    }

    /** The fields every task event needs to reach its job and task. */
    private static void requireCommon(MessageHeader header, String taskId, String worker) {
        Fields.required(header, "header");
        Fields.required(taskId, "taskId");
        Fields.required(worker, "worker");
    }
}
