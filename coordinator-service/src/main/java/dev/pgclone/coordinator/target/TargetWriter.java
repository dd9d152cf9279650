package dev.pgclone.coordinator.target;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.options.CloneOptions;
import dev.pgclone.contracts.options.ConflictStrategy;
import dev.pgclone.coordinator.plan.ClonePlan;
import dev.pgclone.coordinator.plan.PlannedCollation;
import dev.pgclone.coordinator.plan.PlannedObject;
import dev.pgclone.coordinator.plan.PlannedRoutine;
import dev.pgclone.coordinator.plan.PlannedSequence;
import dev.pgclone.coordinator.plan.PlannedTable;
import dev.pgclone.coordinator.plan.PlannedType;
import dev.pgclone.coordinator.plan.PlannedView;
import dev.pgclone.pg.Quote;
import dev.pgclone.pg.catalog.ExtensionDef;
import dev.pgclone.pg.catalog.NameCatalog;
import dev.pgclone.pg.catalog.NamespaceCatalog;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.catalog.SchemaDef;
import dev.pgclone.pg.catalog.TableCatalog;
import dev.pgclone.pg.ddl.DdlException;
import dev.pgclone.pg.ddl.RelationRename;
import dev.pgclone.pg.failure.CloneFailure;
import dev.pgclone.pg.failure.PgFailures;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    /** duplicate_table, duplicate_object, duplicate_function, duplicate_schema: the target has it already. */
    private static final Set<String> DUPLICATE_OBJECT = Set.of("42P07", "42710", "42723", "42P06");

    /**
     * What pre-data created.
     *
     * @param created    objects created, in creation order (conflicting ones skipped are not in it)
     * @param warnings   what the conflict strategy did
     * @param statements statements run
     */
    public record PreDataResult(List<PlannedObject> created, List<String> warnings, int statements) {

        public List<PlannedTable> tables() {
            return created.stream().filter(o -> o instanceof PlannedTable).map(o -> (PlannedTable) o).toList();
        }
    }

    /**
     * Creates extensions, schemas and every planned object in dependency order, resolving conflicts per the
     * {@code conflict} option, in one transaction: a refused or failed clone leaves the target as it was. Extensions the
     * target cannot create and conflicts under {@code conflict: error} were refused before (the pre-flight checks, at
     * the end of the catalog phase); one that appeared since fails its CREATE here, and the transaction rolls back.
     */
    public PreDataResult applyPreData(Connection target, ClonePlan plan, CloneOptions options) throws SQLException {
        TargetCatalog catalog = new TargetCatalog(target);
        List<String> warnings = new ArrayList<>();
        List<ExtensionDef> toInstall = new ArrayList<>();
        for (ExtensionDef e : plan.extensions()) {
            if (catalog.installedExtension(e.name()) == null) {
                toInstall.add(e);
            }
        }
        ConflictStrategy strategy = options.conflictOrDefault();
        List<PlannedObject> create = new ArrayList<>();
        List<PlannedObject> conflicting = new ArrayList<>();
        for (PlannedObject o : plan.objects()) {
            boolean exists = catalog.exists(o);
            if (exists && plan.supporting().contains(o.key())) {
                continue; // what a single table needs and the target already has
            }
            if (exists) {
                conflicting.add(o);
                if (strategy == ConflictStrategy.SKIP) {
                    warnings.add(o.describe() + " already exists on the target: skipped (conflict: skip)");
                    continue;
                }
            }
            create.add(o);
        }
        int statements = 0;
        target.setAutoCommit(false);
        try (Statement st = target.createStatement()) {
            st.execute("SET LOCAL check_function_bodies = off");
            for (SchemaDef schema : plan.schemas()) {
                if (!catalog.schemaExists(schema.name())) {
                    st.execute("CREATE SCHEMA " + Quote.ident(schema.name()));
                    statements++;
                }
                if (schema.comment() != null) {
                    st.execute("COMMENT ON SCHEMA " + Quote.ident(schema.name()) + " IS " + Quote.literal(schema.comment()));
                }
            }
            for (ExtensionDef e : toInstall) {
                if (!catalog.schemaExists(e.schema())) {
                    st.execute("CREATE SCHEMA " + Quote.ident(e.schema()));
                }
                st.execute("CREATE EXTENSION IF NOT EXISTS " + Quote.ident(e.name()) + " WITH SCHEMA " + Quote.ident(e.schema()));
                statements++;
            }
            if (strategy == ConflictStrategy.REPLACE || strategy == ConflictStrategy.RENAME) {
                List<PlannedObject> reversed = new ArrayList<>(conflicting);
                Collections.reverse(reversed);
                Set<QualifiedName> reserved = strategy == ConflictStrategy.RENAME ? namesCreated(create) : Set.of();
                for (PlannedObject o : reversed) {
                    statements += strategy == ConflictStrategy.REPLACE ? replace(st, o, warnings)
                            : rename(st, o, reserved, warnings);
                }
            }
            for (PlannedObject o : create) {
                for (String sql : o.create()) {
                    execute(st, sql, o);
                    statements++;
                }
            }
            for (PlannedObject o : create) {
                for (String sql : o.deferred()) {
                    execute(st, sql, o);
                    statements++;
                }
            }
            target.commit();
            return new PreDataResult(create, warnings, statements);
        } catch (SQLException | RuntimeException e) {
            target.rollback();
            throw e;
        } finally {
            target.setAutoCommit(true);
        }
    }

    /**
     * A failing CREATE names the object it was creating and is classified by its cause: an object that exists is a
     * conflict, a lost connection is retriable (the whole transaction is rolled back), anything else fails the job.
     */
    private static void execute(Statement st, String sql, PlannedObject o) throws SQLException {
        try {
            st.execute(sql);
        } catch (SQLException e) {
            String message = "could not create " + o.describe() + " on the target: " + PgFailures.describe(e)
                    + "; nothing was changed";
            throw DUPLICATE_OBJECT.contains(e.getSQLState()) ? new ConflictException(message)
                    : CloneFailure.of(ErrorCode.PRE_DATA_FAILED, message, e);
        }
    }

    private static int replace(Statement st, PlannedObject o, List<String> warnings) throws SQLException {
        String drop = "DROP " + existingKind(st, o) + " " + reference(o);
        try {
            st.execute("SAVEPOINT replace_object");
            st.execute(drop);
            st.execute("RELEASE SAVEPOINT replace_object");
        } catch (SQLException e) {
            String detail = PgFailures.detail(e);
            throw new ConflictException("cannot replace " + o.describe() + " on the target: " + PgFailures.describe(e)
                    + (detail == null ? "" : " (" + detail + ")")
                    + "; nothing was changed (drop or move the dependent objects first, or use conflict rename)");
        }
        warnings.add(o.describe() + " existed on the target and was replaced (conflict: replace)");
        return 1;
    }

    private static int rename(Statement st, PlannedObject o, Set<QualifiedName> reserved, List<String> warnings)
            throws SQLException {
        if (o instanceof PlannedTable || o instanceof PlannedView || o instanceof PlannedSequence) {
            return renameRelation(st, o, reserved, warnings);
        }
        String old = o.name().name() + "_old";
        try {
            st.execute("SAVEPOINT rename_object");
            st.execute("ALTER " + existingKind(st, o) + " " + reference(o) + " RENAME TO " + Quote.ident(old));
            st.execute("RELEASE SAVEPOINT rename_object");
        } catch (SQLException e) {
            throw new ConflictException("cannot rename " + o.describe() + " to " + old + " on the target: "
                    + PgFailures.describe(e) + "; nothing was changed");
        }
        warnings.add(o.describe() + " existed on the target and was renamed to " + old + " (conflict: rename)");
        return 1;
    }

    /**
     * A relation becomes {@code <name>_old} with every schema-scoped name its dependents hold (keys, indexes, owned
     * sequences, statistics), so all the clone creates is creatable and the old relation keeps working; see
     * {@link RelationRename}. A relation that no longer exists was moved with the table owning it (a sequence).
     */
    private static int renameRelation(Statement st, PlannedObject o, Set<QualifiedName> reserved, List<String> warnings)
            throws SQLException {
        Connection c = st.getConnection();
        if (!new TargetCatalog(c).relationExists(o.name())) {
            return 0;
        }
        NameCatalog names = new NameCatalog(c);
        List<NameCatalog.Dependent> dependents = names.dependents(o.name());
        Map<String, NameCatalog.SchemaNames> taken = new HashMap<>();
        taken.put(o.name().schema(), names.taken(o.name().schema()));
        for (NameCatalog.Dependent d : dependents) {
            if (!taken.containsKey(d.schema())) {
                taken.put(d.schema(), names.taken(d.schema()));
            }
        }
        RelationRename.Plan plan;
        try {
            plan = RelationRename.plan(o.name(), existingKind(st, o), dependents, taken::get, reserved);
        } catch (DdlException e) {
            throw new ConflictException(e.getMessage() + "; nothing was changed");
        }
        for (String sql : plan.statements()) {
            st.execute(sql);
        }
        warnings.add(o.describe() + " existed on the target and was renamed to " + plan.newName()
                + (plan.shortened() ? " (" + o.name().name() + RelationRename.SUFFIX + " would pass PostgreSQL's 63-byte "
                + "limit on names; cut to fit and made unique)" : "") + " (conflict: rename)"
                + (plan.moved().isEmpty() ? "" : "; its names moved with it: " + plan.describeMoves()));
        return plan.statements().size();
    }

    /** Schema-scoped relation and type names the objects to create take: a rename must not choose one of them. */
    private static Set<QualifiedName> namesCreated(List<PlannedObject> create) {
        Set<QualifiedName> out = new HashSet<>();
        for (PlannedObject o : create) {
            if (o instanceof PlannedTable t) {
                out.addAll(t.ddl().schemaScopedNames());
            } else if (o instanceof PlannedView v) {
                v.view().indexes().forEach(i -> out.add(new QualifiedName(v.name().schema(), i.name())));
            }
            if (!(o instanceof PlannedRoutine) && !(o instanceof PlannedCollation)) {
                out.add(o.name());
            }
        }
        return out;
    }

    /** The SQL keyword for what exists on the target under the object's name (it may be of another kind). */
    private static String existingKind(Statement st, PlannedObject o) throws SQLException {
        if (o instanceof PlannedRoutine r) {
            return switch (r.routine().kind()) {
                case 'p' -> "PROCEDURE";
                case 'a' -> "AGGREGATE";
                default -> "FUNCTION";
            };
        }
        if (o instanceof PlannedType t) {
            return t.type().keyword();
        }
        if (o instanceof PlannedCollation) {
            return "COLLATION";
        }
        Optional<Character> kind = new TableCatalog(st.getConnection()).relationKind(o.name().schema(), o.name().name());
        return switch (kind.orElse('r')) {
            case 'v' -> "VIEW";
            case 'm' -> "MATERIALIZED VIEW";
            case 'S' -> "SEQUENCE";
            case 'f' -> "FOREIGN TABLE";
            case 'i', 'I' -> "INDEX";
            case 'c' -> "TYPE";
            default -> "TABLE";
        };
    }

    private static String reference(PlannedObject o) {
        if (o instanceof PlannedRoutine r) {
            return r.routine().name().quoted() + "(" + r.routine().signature() + ")";
        }
        return o.name().quoted();
    }

    /** The role this session acts as. */
    public String currentUser(Connection target) throws SQLException {
        try (Statement st = target.createStatement(); ResultSet rs = st.executeQuery("SELECT current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The named schemas as they are on the target now (owner, privileges), by name; those missing are left out. */
    public Map<String, SchemaDef> schemas(Connection target, List<String> names) throws SQLException {
        Map<String, SchemaDef> out = new HashMap<>();
        new NamespaceCatalog(target).schemas(names).forEach(s -> out.put(s.name(), s));
        return out;
    }

    /** Every role of the target cluster. */
    public Set<String> roles(Connection target) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Statement st = target.createStatement(); ResultSet rs = st.executeQuery("SELECT rolname FROM pg_roles")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
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
