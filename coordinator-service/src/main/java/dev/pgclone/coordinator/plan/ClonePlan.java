package dev.pgclone.coordinator.plan;

import dev.pgclone.pg.catalog.ExtensionDef;
import dev.pgclone.pg.catalog.PolicyDef;
import dev.pgclone.pg.catalog.SchemaDef;
import java.util.List;

/**
 * What a clone will do, decided from the source catalog under the job's snapshot.
 *
 * @param schemas    schemas that must exist on the target (created when missing)
 * @param extensions extensions the cloned objects need (created on the target when missing)
 * @param objects    everything created before the data, in dependency order
 * @param deferred   statements for the end of pre-data (defaults that closed a cycle, domain constraints)
 * @param policies   row-level security policies, created at the end
 * @param supporting keys of objects created only when missing (what a single table needs: its types, functions)
 * @param warnings   what the plan left out and why
 */
public record ClonePlan(List<SchemaDef> schemas, List<ExtensionDef> extensions, List<PlannedObject> objects,
                        List<String> deferred, List<PolicyDef> policies, java.util.Set<String> supporting,
                        List<String> warnings) {

    public ClonePlan {
        schemas = List.copyOf(schemas);
        extensions = List.copyOf(extensions);
        objects = List.copyOf(objects);
        deferred = List.copyOf(deferred);
        policies = List.copyOf(policies);
        supporting = java.util.Set.copyOf(supporting);
        warnings = List.copyOf(warnings);
    }

    public List<PlannedTable> tables() {
        return objects.stream().filter(o -> o instanceof PlannedTable).map(o -> (PlannedTable) o).toList();
    }

    public List<String> targetSchemas() {
        return schemas.stream().map(SchemaDef::name).toList();
    }
}
