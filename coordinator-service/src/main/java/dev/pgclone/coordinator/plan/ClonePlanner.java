package dev.pgclone.coordinator.plan;

import dev.pgclone.contracts.command.CloneScope;
import dev.pgclone.contracts.command.StartClone;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.catalog.Table;
import dev.pgclone.pg.catalog.TableCatalog;
import dev.pgclone.pg.ddl.DdlException;
import dev.pgclone.pg.ddl.TableDdl;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Turns a clone request into a plan by reading the source catalog (the caller holds the snapshot). */
@ApplicationScoped
public class ClonePlanner {

    public ClonePlan plan(StartClone command, Connection source) throws SQLException {
        TableCatalog catalog = new TableCatalog(source);
        if (command.scope() instanceof CloneScope.Table scope) {
            return planTable(command, scope, catalog);
        }
        throw new PlanException("unsupported-scope",
                "clones of kind \"" + command.scope().kind() + "\" are not available in this version of pgclone");
    }

    private ClonePlan planTable(StartClone command, CloneScope.Table scope, TableCatalog catalog) throws SQLException {
        if (!catalog.schemaExists(scope.schema())) {
            throw new PlanException("schema-not-found", "schema \"" + scope.schema() + "\" does not exist on the source");
        }
        Table table = catalog.table(scope.schema(), scope.table()).orElseThrow(() -> new PlanException(
                "table-not-found", "table \"" + scope.schema() + "\".\"" + scope.table() + "\" does not exist on the source"));
        if (table.partitioned()) {
            throw new PlanException("unsupported-object", "table " + table.name()
                    + " is partitioned; cloning partitioned tables is not available in this version of pgclone");
        }
        QualifiedName target = new QualifiedName(scope.schema(), scope.effectiveTargetName());
        List<PlannedTable> tables = new ArrayList<>();
        try {
            tables.add(new PlannedTable(table, new TableDdl(table, target, command.options().columns())));
        } catch (DdlException e) {
            throw new PlanException("invalid-columns", e.getMessage());
        }
        tables.sort(Comparator.comparingLong((PlannedTable t) -> t.source().sizeBytes()).reversed());
        return new ClonePlan(List.of(scope.schema()), tables);
    }
}
