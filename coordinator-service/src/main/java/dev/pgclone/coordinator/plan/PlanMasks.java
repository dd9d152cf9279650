package dev.pgclone.coordinator.plan;

import dev.pgclone.contracts.options.CloneOptions;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.catalog.Table;
import dev.pgclone.pg.mask.MaskCatalog;
import dev.pgclone.pg.mask.MaskCheck;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The fail-closed mask checks ({@link MaskCheck}) for a planned clone, on the source session that read the plan (the
 * job's snapshot): every planned table, partitioned parents and inheritance parents included, so a parent's masks
 * reach the partitions and children whose rows are copied by tasks of their own.
 */
public final class PlanMasks {

    private PlanMasks() {
    }

    /**
     * @throws MaskCheck.MaskRefusedException naming table, column and reason, before anything is created
     */
    public static MaskCheck.Outcome check(CloneOptions options, ClonePlan plan, Connection source,
                                          boolean keyConfigured) throws SQLException {
        List<PlannedTable> tables = plan.tables();
        List<Long> oids = tables.stream().map(t -> t.source().oid()).toList();
        MaskCatalog catalog = new MaskCatalog(source);
        Map<Long, List<MaskCheck.ColumnFacts>> columns = catalog.columns(oids);
        List<MaskCheck.TableFacts> facts = tables.stream().map(t -> new MaskCheck.TableFacts(t.source().oid(),
                t.source().name(), parents(t.source()), columns.getOrDefault(t.source().oid(), List.of()),
                new HashSet<>(t.ddl().copyColumns()))).toList();
        List<MaskCheck.ForeignKey> foreignKeys = options.constraintsOrDefault() ? catalog.foreignKeys(oids) : List.of();
        return MaskCheck.check(new MaskCheck.Request(options.mask(), options.masks(), options.onMaskErrorOrDefault(),
                facts, foreignKeys, keyConfigured, catalog::constantRefusal));
    }

    private static List<QualifiedName> parents(Table t) {
        return t.isPartition() ? List.of(t.partitionOf()) : t.inherits();
    }
}
