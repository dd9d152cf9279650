package dev.pgclone.coordinator.target;

import dev.pgclone.contracts.options.CloneOptions;
import dev.pgclone.contracts.options.ConflictStrategy;
import dev.pgclone.coordinator.plan.ClonePlan;
import dev.pgclone.coordinator.plan.PlannedTable;
import dev.pgclone.pg.Quote;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.catalog.TableCatalog;
import dev.pgclone.pg.failure.PgFailures;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Applies a plan's DDL to the target. Pre-data runs in one transaction (all or nothing, conflicts resolved
 * inside it), so a refused or failed clone leaves the target as it was. Post-data statements run one by one;
 * what cannot be created is either fatal (constraints, indexes: the data would not match the source) or a
 * warning (foreign keys to tables outside the clone, triggers whose function is missing).
 */
@ApplicationScoped
public class TargetWriter {

    private static final Logger LOG = Logger.getLogger(TargetWriter.class);

    /** Tables to load: the plan's tables minus those skipped by {@code conflict: skip}. */
    public record PreDataResult(List<PlannedTable> created, List<String> warnings, int statements) {
    }

    /** Creates schemas and tables; resolves conflicts per the {@code conflict} option. Commits once. */
    public PreDataResult applyPreData(Connection target, ClonePlan plan, CloneOptions options) throws SQLException {
        List<String> warnings = new ArrayList<>();
        List<PlannedTable> created = new ArrayList<>();
        int statements = 0;
        target.setAutoCommit(false);
        try (Statement st = target.createStatement()) {
            TableCatalog catalog = new TableCatalog(target);
            for (String schema : plan.targetSchemas()) {
                if (!catalog.schemaExists(schema)) {
                    st.execute("CREATE SCHEMA " + Quote.ident(schema));
                    statements++;
                }
            }
            for (PlannedTable table : plan.tables()) {
                QualifiedName name = table.ddl().target();
                Optional<Character> existing = catalog.relationKind(name.schema(), name.name());
                if (existing.isPresent() && !resolveConflict(st, catalog, name, options.conflictOrDefault(), warnings)) {
                    continue;
                }
                for (String sql : table.ddl().preData()) {
                    st.execute(sql);
                    statements++;
                }
                created.add(table);
            }
            target.commit();
            return new PreDataResult(created, warnings, statements);
        } catch (SQLException | RuntimeException e) {
            target.rollback();
            throw e;
        } finally {
            target.setAutoCommit(true);
        }
    }

    /** Returns whether the table should be created now. */
    private boolean resolveConflict(Statement st, TableCatalog catalog, QualifiedName name, ConflictStrategy strategy,
                                    List<String> warnings) throws SQLException {
        switch (strategy) {
            case SKIP -> {
                warnings.add(name + " already exists on the target: skipped (conflict: skip)");
                return false;
            }
            case REPLACE -> {
                try {
                    st.execute("SAVEPOINT replace_table");
                    st.execute("DROP TABLE " + name.quoted());
                    st.execute("RELEASE SAVEPOINT replace_table");
                } catch (SQLException e) {
                    throw new ConflictException("cannot replace " + name + " on the target: " + PgFailures.describe(e)
                            + "; nothing was changed (drop or move the dependent objects first, or use conflict rename)");
                }
                warnings.add(name + " existed on the target and was replaced (conflict: replace)");
                return true;
            }
            case RENAME -> {
                String old = name.name() + "_old";
                if (catalog.relationKind(name.schema(), old).isPresent()) {
                    throw new ConflictException("cannot rename " + name + " to " + old + ": " + name.schema() + "."
                            + old + " already exists on the target; nothing was changed");
                }
                renameWithIndexes(st, name, old);
                warnings.add(name + " existed on the target and was renamed to " + old + " (conflict: rename)");
                return true;
            }
            default -> throw new ConflictException(name + " already exists on the target (conflict: error); nothing "
                    + "was changed. Use conflict skip, replace or rename to proceed");
        }
    }

    /**
     * Renames the table and the indexes and sequences named after it ({@code orders_pkey} → {@code orders_old_pkey}),
     * whose names would otherwise collide with the clone's.
     */
    private static void renameWithIndexes(Statement st, QualifiedName name, String newName) throws SQLException {
        Connection c = st.getConnection();
        List<String> renames = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT r.relname, r.relkind FROM pg_class t
                  JOIN pg_namespace n ON n.oid = t.relnamespace
                  JOIN pg_depend d ON d.refobjid = t.oid AND d.refclassid = 'pg_class'::regclass
                                  AND d.classid = 'pg_class'::regclass
                  JOIN pg_class r ON r.oid = d.objid AND r.relkind IN ('i', 'I', 'S')
                 WHERE n.nspname = ? AND t.relname = ? AND r.relname LIKE ? ESCAPE '\\'
                 GROUP BY r.relname, r.relkind""")) {
            ps.setString(1, name.schema());
            ps.setString(2, name.name());
            ps.setString(3, name.name().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "\\_%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String object = rs.getString(1);
                    String renamed = newName + object.substring(name.name().length());
                    String kind = rs.getString(2).equals("S") ? "SEQUENCE" : "INDEX";
                    renames.add("ALTER " + kind + " " + Quote.qualified(name.schema(), object) + " RENAME TO "
                            + Quote.ident(renamed));
                }
            }
        }
        st.execute("ALTER TABLE " + name.quoted() + " RENAME TO " + Quote.ident(newName));
        for (String sql : renames) {
            st.execute(sql);
        }
    }

    /**
     * Runs post-data DDL statement by statement. Fatal failures throw; tolerated ones become warnings.
     *
     * @return how many statements succeeded
     */
    public int apply(Connection target, List<String> statements, boolean tolerateFailures, String what,
                     List<String> warnings) throws SQLException {
        int done = 0;
        target.setAutoCommit(true);
        try (Statement st = target.createStatement()) {
            for (String sql : statements) {
                try {
                    st.execute(sql);
                    done++;
                } catch (SQLException e) {
                    if (!tolerateFailures) {
                        throw e;
                    }
                    String warning = what + " not created: " + PgFailures.describe(e);
                    LOG.warn(warning);
                    warnings.add(warning);
                }
            }
        }
        return done;
    }
}
