package dev.pgclone.contracts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every Kafka topic pgclone uses, in one place. A breaking change to a message family gets a new topic
 * ({@code .v2}); adding optional fields does not.
 */
public final class Topics {

    /** Clone, cancel and report commands, keyed by job (or report) id. Published by the gateway or any other system. */
    public static final String COMMANDS = "pgclone.commands.v1";
    /** Work for workers (one table or one part of a table per record), keyed by task id. */
    public static final String TASKS = "pgclone.tasks.v1";
    /** Worker → coordinator: task started / progressed / completed / failed, keyed by job id. */
    public static final String TASK_EVENTS = "pgclone.task-events.v1";
    /** Coordinator → everyone: job accepted / phase / progress / completed / failed / cancelled, keyed by job id. */
    public static final String JOB_EVENTS = "pgclone.job-events.v1";
    /** Inspector → everyone: report accepted / progressed / completed / failed, keyed by report id. */
    public static final String REPORT_EVENTS = "pgclone.report-events.v1";
    /** Records no consumer could read, with the reason in headers. */
    public static final String DEAD_LETTER = "pgclone.dead-letter.v1";

    /**
     * Partition counts pgclone provisions (tests, local stack). Tasks get the most: they spread copy work over a
     * worker group, and a group cannot use more workers than partitions.
     */
    public static final Map<String, Integer> DEFAULT_PARTITIONS = defaultPartitions();

    private static Map<String, Integer> defaultPartitions() {
        Map<String, Integer> partitions = new LinkedHashMap<>();
        partitions.put(COMMANDS, 4);
        partitions.put(TASKS, 8);
        partitions.put(TASK_EVENTS, 4);
        partitions.put(JOB_EVENTS, 4);
        partitions.put(REPORT_EVENTS, 4);
        partitions.put(DEAD_LETTER, 1);
        return Collections.unmodifiableMap(partitions);
    }

    private Topics() {
    }
}
