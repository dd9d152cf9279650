package dev.pgclone.coordinator.plan;

import dev.pgclone.contracts.command.StartClone;
import dev.pgclone.pg.catalog.CatalogObject;
import dev.pgclone.pg.catalog.ExtensionDef;
import dev.pgclone.pg.preflight.Preflight;
import dev.pgclone.pg.preflight.PreflightReport;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The shared pre-flight checks ({@link Preflight}, the inspector's {@code preflight} report) for a planned clone: the
 * objects and extensions are the plan's own, so what the checks call a conflict is exactly what pre-data would meet.
 */
public final class PlanPreflight {

    private PlanPreflight() {
    }

    /**
     * @param source    a source session inside the job's snapshot
     * @param target    a target session in a read-only transaction
     * @param locksHeld whether the job already holds its table locks (a snapshot keeper)
     */
    public static PreflightReport run(StartClone command, ClonePlan plan, Connection source, Connection target,
                                      boolean locksHeld) throws SQLException {
        Preflight.Intent intent = new Preflight.Intent(plan.objects().stream()
                .map(o -> new Preflight.Creation(object(o), o.describe(), plan.supporting().contains(o.key()))).toList(),
                plan.extensions().stream().map(ExtensionDef::name).toList());
        return Preflight.run(Preflight.Side.connected(source), Preflight.Side.connected(target), new Preflight.Request(
                command.scope(), command.options(), command.includeData(), intent, locksHeld));
    }

    /** A planned object in the name space where it can clash with what the target has. */
    public static CatalogObject object(PlannedObject o) {
        if (o instanceof PlannedRoutine r) {
            return new CatalogObject(CatalogObject.Kind.ROUTINE, r.name(), r.routine().signature(),
                    String.valueOf(r.routine().kind()));
        }
        if (o instanceof PlannedType t) {
            return new CatalogObject(CatalogObject.Kind.TYPE, t.name(), null, String.valueOf(t.type().typtype()));
        }
        if (o instanceof PlannedCollation c) {
            return new CatalogObject(CatalogObject.Kind.COLLATION, c.name(), null, null);
        }
        String relkind = o instanceof PlannedTable t ? (t.source().partitioned() ? "p" : "r")
                : o instanceof PlannedView v ? (v.view().materialized() ? "m" : "v") : "S";
        return new CatalogObject(CatalogObject.Kind.RELATION, o.name(), null, relkind);
    }
}
