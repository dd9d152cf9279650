package dev.pgclone.coordinator.target;

import dev.pgclone.coordinator.plan.PlannedCollation;
import dev.pgclone.coordinator.plan.PlannedObject;
import dev.pgclone.coordinator.plan.PlannedRoutine;
import dev.pgclone.coordinator.plan.PlannedType;
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

    TargetCatalog(Connection target) {
        this.target = target;
        this.relations = new TableCatalog(target);
    }

    boolean exists(PlannedObject object) throws SQLException {
        QualifiedName name = object.name();
        if (object instanceof PlannedRoutine r) {
            return any("""
                    SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                     WHERE n.nspname = ? AND p.proname = ? AND pg_get_function_identity_arguments(p.oid) = ?""",
                    name.schema(), name.name(), r.routine().signature());
        }
        if (object instanceof PlannedType) {
            return any("""
                    SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                     WHERE n.nspname = ? AND t.typname = ?""", name.schema(), name.name());
        }
        if (object instanceof PlannedCollation) {
            return any("""
                    SELECT 1 FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace
                     WHERE n.nspname = ? AND c.collname = ?""", name.schema(), name.name());
        }
        return relationExists(name);
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

    boolean extensionAvailable(String name) throws SQLException {
        return any("SELECT 1 FROM pg_available_extensions WHERE name = ?", name);
    }

    private boolean any(String sql, String... params) throws SQLException {
        try (PreparedStatement ps = target.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
