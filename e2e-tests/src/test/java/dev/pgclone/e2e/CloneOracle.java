package dev.pgclone.e2e;

import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.compare.SchemaDiff;
import dev.pgclone.pg.compare.SchemaSnapshot;
import dev.pgclone.pg.compare.SchemaSnapshotReader;
import dev.pgclone.pg.compare.TableSignature;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.connect.SessionRole;
import dev.pgclone.pg.snapshot.SnapshotSessions;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.UncheckedSqlException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The fidelity oracle of these tests, through the product's own comparisons (pg-common {@code compare}): a table's
 * count and order-independent hash, and the catalog facts of a schema on two servers compared by the schema diff.
 */
final class CloneOracle {

    private CloneOracle() {
    }

    /**
     * Count and order-independent hash of everything {@code SELECT * FROM table} returns (descendants included).
     *
     * @param table the table as SQL names it ({@code "Sales Dept"."Orders"}, {@code public.big})
     */
    static TableSignature signature(PostgresCluster cluster, String db, String table) {
        try (Connection c = cluster.connect(db);
             PreparedStatement ps = c.prepareStatement("SELECT n.nspname, c.relname FROM pg_class c "
                     + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ?::regclass")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return TableSignature.of(c, new QualifiedName(rs.getString(1), rs.getString(2)));
            }
        } catch (SQLException e) {
            throw new UncheckedSqlException("signature of " + table + " in database " + db, e);
        }
    }

    /** How {@code schema} on the target differs from the source's, by the catalog facts the diff report compares. */
    static SchemaDiff schemaDiff(PostgresCluster source, String sourceDb, PostgresCluster target, String targetDb, String schema) {
        return SchemaDiff.between(snapshot(source, sourceDb, schema), snapshot(target, targetDb, schema));
    }

    /** The catalog facts of a schema, read as the diff report reads them (a read-only, pg_catalog-only session). */
    static SchemaSnapshot snapshot(PostgresCluster cluster, String db, String schema) {
        try (Connection c = new PgConnector("pgclone-e2e").open(Conninfo.parse(cluster.conninfo(db)), SessionRole.SOURCE)) {
            SnapshotSessions.beginReadOnly(c, null);
            return new SchemaSnapshotReader(c).read(schema);
        } catch (SQLException e) {
            throw new UncheckedSqlException("catalog of schema " + schema + " in database " + db, e);
        }
    }
}
