package dev.pgclone.contracts.task;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.pgclone.contracts.Message;

/** Work records on {@link dev.pgclone.contracts.Topics#TASKS}, keyed by task id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = CopyTableTask.class, name = "copy-table"),
    @JsonSubTypes.Type(value = CopyLargeObjectsTask.class, name = "copy-large-objects")
})
public sealed interface Task extends Message permits CopyTableTask, CopyLargeObjectsTask {

    String taskId();

    int attempt();

    /** What the task loads, for people and the target's completion records. */
    String describe();
}
