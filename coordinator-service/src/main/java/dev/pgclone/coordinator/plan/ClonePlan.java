package dev.pgclone.coordinator.plan;

import dev.pgclone.pg.catalog.DatabaseDef;
import dev.pgclone.pg.catalog.ExtensionDef;
import dev.pgclone.pg.catalog.LargeObjectDef;
import dev.pgclone.pg.catalog.PolicyDef;
import dev.pgclone.pg.catalog.SchemaDef;
import dev.pgclone.pg.mask.MaskCheck;
import java.util.List;

/**
 * What a clone will do, decided from the source catalog under the job's snapshot.
 *
 * @param schemas    schemas that must exist on the target (created when missing)
 * @param extensions extensions the cloned objects need (created on the target when missing)
 * @param objects    everything created before the data, in dependency order
 * @param policies   row-level security policies, created at the end
 * @param supporting keys of objects created only when missing (what a single table needs: its types, functions)
 * @param warnings   what the plan left out and why
 * @param database   for database-create: the source database, whose encoding and locale the new one takes
 * @param largeObjects large objects the cloned tables reference (copied with their OIDs when data is cloned)
 * @param masking    the checked masks of every masked table ({@code mask} / {@code masks}); empty without masks
 */
public record ClonePlan(List<SchemaDef> schemas, List<ExtensionDef> extensions, List<PlannedObject> objects,
                        List<PolicyDef> policies, java.util.Set<String> supporting,
                        List<String> warnings, DatabaseDef database, List<LargeObjectDef> largeObjects,
                        MaskCheck.Outcome masking) {

    public static final MaskCheck.Outcome NO_MASKS = new MaskCheck.Outcome(java.util.Map.of(), List.of());

    public ClonePlan {
        schemas = List.copyOf(schemas);
        extensions = List.copyOf(extensions);
        objects = List.copyOf(objects);
        policies = List.copyOf(policies);
        supporting = java.util.Set.copyOf(supporting);
        warnings = List.copyOf(warnings);
        largeObjects = largeObjects == null ? List.of() : List.copyOf(largeObjects);
        masking = masking == null ? NO_MASKS : masking;
    }

    /** The same plan, for a clone into a database created like {@code database}. */
    public ClonePlan into(DatabaseDef database) {
        return new ClonePlan(schemas, extensions, objects, policies, supporting, warnings, database, largeObjects,
                masking);
    }

    /** The same plan, copying these large objects too. */
    public ClonePlan with(List<LargeObjectDef> objectsReferenced) {
        return new ClonePlan(schemas, extensions, objects, policies, supporting, warnings, database,
                objectsReferenced, masking);
    }

    /** The same plan with its masks checked (their warnings join the plan's). */
    public ClonePlan withMasking(MaskCheck.Outcome checked) {
        List<String> all = new java.util.ArrayList<>(warnings);
        all.addAll(checked.warnings());
        return new ClonePlan(schemas, extensions, objects, policies, supporting, all, database, largeObjects, checked);
    }

    public List<PlannedTable> tables() {
        return objects.stream().filter(o -> o instanceof PlannedTable).map(o -> (PlannedTable) o).toList();
    }

    public List<String> targetSchemas() {
        return schemas.stream().map(SchemaDef::name).toList();
    }
}
