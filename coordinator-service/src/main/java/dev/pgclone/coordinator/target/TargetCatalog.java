package dev.pgclone.coordinator.target;

import dev.pgclone.coordinator.plan.PlanPreflight;
import dev.pgclone.coordinator.plan.PlannedObject;
import dev.pgclone.pg.catalog.ExistenceCatalog;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.catalog.TableCatalog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** What already exists on the target, asked per planned object. */
final class TargetCatalog {

    private final Connection target;
    private final TableCatalog relations;
    private final ExistenceCatalog existence;

    TargetCatalog(Connection target) {
        this.target = target;
        this.relations = new TableCatalog(target);
        this.existence = new ExistenceCatalog(target);
    }

    /** Whether the object's name is taken on the target, as the pre-flight checks ask it (one query for both). */
    boolean exists(PlannedObject object) throws SQLException {
        return existence.exists(PlanPreflight.object(object));
    }

    boolean relationExists(QualifiedName name) throws SQLException {
        return relations.relationKind(name.schema(), name.name()).isPresent();
    }

    boolean schemaExists(String schema) throws SQLException {
        return relations.schemaExists(schema);
    }

    /** The installed version of an extension, or null. */
    String installedExtension(String name) throws SQLException {
        try (PreparedStatement ps = target.prepareStatement("SELECT extversion FROM pg_extension WHERE extname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

}
