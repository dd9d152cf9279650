package dev.pgclone.coordinator.target;

import dev.pgclone.contracts.options.CloneOptions;
import dev.pgclone.coordinator.plan.ClonePlan;
import dev.pgclone.coordinator.plan.PlannedObject;
import dev.pgclone.coordinator.plan.PlannedSequence;
import dev.pgclone.coordinator.plan.PlannedTable;
import dev.pgclone.coordinator.plan.PlannedView;
import dev.pgclone.pg.Quote;
import dev.pgclone.pg.catalog.PolicyDef;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.catalog.Table;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What runs after the data, in order: key/check constraints (children before parents, so a parent's CHECK merges
 * into what its children already have), their partition attachments, indexes and theirs, foreign keys,
 * materialized views (refreshed, then indexed), extended statistics, rules and replica identities, triggers; then
 * the finishing touches: sequence values, row-level security and policies.
 */
public final class PostDataSteps {

    /**
     * @param what      what the statements create, for messages
     * @param sql       the statements
     * @param tolerated a failure becomes a warning instead of failing the job
     */
    public record Step(String what, List<String> sql, boolean tolerated) {
    }

    private PostDataSteps() {
    }

    public static List<Step> postData(List<PlannedObject> created, CloneOptions options, boolean withData) {
        List<PlannedTable> tables = tables(created);
        List<PlannedTable> childrenFirst = new ArrayList<>(tables);
        Collections.reverse(childrenFirst);
        Set<QualifiedName> inClone = new HashSet<>();
        tables.forEach(t -> inClone.add(t.source().name()));
        List<Step> steps = new ArrayList<>();
        if (options.constraintsOrDefault()) {
            childrenFirst.forEach(t -> steps.add(new Step("constraints of " + t.name(), t.ddl().constraints(), false)));
            tables.forEach(t -> steps.add(new Step("constraints of partition " + t.name(), t.ddl().constraintAttachments(), false)));
        }
        if (options.indexesOrDefault()) {
            tables.forEach(t -> steps.add(new Step("indexes of " + t.name(), t.ddl().indexes(), false)));
            tables.forEach(t -> steps.add(new Step("indexes of partition " + t.name(), t.ddl().indexAttachments(), false)));
        }
        if (options.constraintsOrDefault()) {
            for (PlannedTable t : tables) {
                // A reference to a table outside the clone may be missing on the target: that is a warning.
                boolean internal = t.source().constraints().stream().filter(c -> c.isForeignKey())
                        .allMatch(c -> inClone.contains(c.referencedTable()));
                steps.add(new Step("foreign keys of " + t.name(), t.ddl().foreignKeys(), !internal));
            }
        }
        for (PlannedObject o : created) {
            if (o instanceof PlannedView v && v.view().materialized()) {
                steps.add(new Step("materialized view " + v.name(), v.refreshAndIndex(withData), false));
            }
        }
        tables.forEach(t -> steps.add(new Step("statistics, rules and replica identity of " + t.name(), t.ddl().extras(), true)));
        if (options.triggersOrDefault()) {
            tables.forEach(t -> steps.add(new Step("triggers of " + t.name(), t.ddl().triggers(), true)));
            for (PlannedObject o : created) {
                if (o instanceof PlannedView v && !v.view().triggers().isEmpty()) {
                    steps.add(new Step("triggers of " + v.name(), v.view().triggers().stream().map(tr -> tr.definition()).toList(), true));
                }
            }
        }
        steps.removeIf(s -> s.sql().isEmpty());
        return steps;
    }

    public static List<Step> finish(List<PlannedObject> created, ClonePlan plan) {
        List<Step> steps = new ArrayList<>();
        for (PlannedObject o : created) {
            if (o instanceof PlannedTable t) {
                steps.add(new Step("sequence values of " + t.name(), t.ddl().sequenceValues(), false));
            } else if (o instanceof PlannedSequence s) {
                steps.add(new Step("value of sequence " + s.name(), List.of(s.value()), false));
            }
        }
        for (PlannedTable t : tables(created)) {
            Table source = t.source();
            List<String> rls = new ArrayList<>();
            if (source.rowSecurity()) {
                rls.add("ALTER TABLE " + t.name().quoted() + " ENABLE ROW LEVEL SECURITY");
            }
            if (source.forceRowSecurity()) {
                rls.add("ALTER TABLE " + t.name().quoted() + " FORCE ROW LEVEL SECURITY");
            }
            steps.add(new Step("row-level security of " + t.name(), rls, false));
        }
        for (var lo : plan.largeObjects()) {
            if (lo.comment() != null) {
                steps.add(new Step("comment on large object " + lo.oid(),
                        List.of("COMMENT ON LARGE OBJECT " + lo.oid() + " IS " + Quote.literal(lo.comment())), false));
            }
        }
        for (PolicyDef p : plan.policies()) {
            List<String> sql = new ArrayList<>(List.of(p.definition()));
            if (p.comment() != null) {
                sql.add("COMMENT ON POLICY " + Quote.ident(p.name()) + " ON " + p.table().quoted() + " IS " + Quote.literal(p.comment()));
            }
            steps.add(new Step("policy " + p.name() + " on " + p.table(), sql, true));
        }
        steps.removeIf(s -> s.sql().isEmpty());
        return steps;
    }

    private static List<PlannedTable> tables(List<PlannedObject> created) {
        return created.stream().filter(o -> o instanceof PlannedTable).map(o -> (PlannedTable) o).toList();
    }
}
