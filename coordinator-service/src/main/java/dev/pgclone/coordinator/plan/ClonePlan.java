package dev.pgclone.coordinator.plan;

import java.util.List;

/**
 * What a clone will do, decided from the source catalog under the job's snapshot.
 *
 * @param targetSchemas schemas that must exist on the target
 * @param tables        tables to create (and load), biggest first
 */
public record ClonePlan(List<String> targetSchemas, List<PlannedTable> tables) {

    public ClonePlan {
        targetSchemas = List.copyOf(targetSchemas);
        tables = List.copyOf(tables);
    }
}
