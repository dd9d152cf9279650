package dev.pgclone.pg.preflight;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.command.CloneScope;
import dev.pgclone.contracts.filter.RowFilter;
import dev.pgclone.contracts.options.CloneOptions;
import dev.pgclone.contracts.options.ConflictStrategy;
import dev.pgclone.contracts.options.InvalidOptionException;
import dev.pgclone.contracts.options.WhereClauseValidator;
import dev.pgclone.pg.catalog.CatalogObject;
import dev.pgclone.pg.catalog.CloneSelection;
import dev.pgclone.pg.catalog.CloneSelection.Breadth;
import dev.pgclone.pg.catalog.ExistenceCatalog;
import dev.pgclone.pg.catalog.ExtensionCatalog;
import dev.pgclone.pg.catalog.NamespaceCatalog;
import dev.pgclone.pg.catalog.PrivilegeCatalog;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.catalog.RoleCatalog;
import dev.pgclone.pg.catalog.ScopeCatalog;
import dev.pgclone.pg.catalog.ServerCatalog;
import dev.pgclone.pg.catalog.TableCatalog;
import dev.pgclone.pg.failure.PgFailures;
import dev.pgclone.pg.filter.RowFilterCheck;
import dev.pgclone.pg.filter.RowFilterRefusedException;
import dev.pgclone.pg.mask.MaskCatalog;
import dev.pgclone.pg.mask.MaskCheck;
import dev.pgclone.pg.snapshot.SnapshotSessions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Whether a clone is likely to succeed, decided before it changes anything: pgclone's {@code preflight()} checks
 * (connections, versions, schemas, privileges, sizes, counts, name conflicts, extensions, roles, tablespaces) and those
 * it lacks (extensions the target cannot create, conflicts under the chosen {@code conflict} strategy, tables without
 * a key, the {@code where} filter, the {@code tables} / {@code exclude_tables} patterns, the locks the clone holds, the
 * room the target can tell about). The one implementation: the inspector's {@code preflight} report and the
 * coordinator, before it creates anything, both run it.
 *
 * <p>Catalogs and {@code has_*_privilege()} only, never a write. The caller owns both sessions and runs this inside a
 * read-only transaction on each (the coordinator: its snapshot's); questions whose answer may be an error (a pattern
 * or a filter the source refuses) run in a savepoint so the transaction goes on.
 */
public final class Preflight {

    private static final int LISTED = 5;

    /** One side's session, or why there is none (a message fit for people: never a password). */
    public record Side(Connection connection, String failure) {

        public static Side connected(Connection connection) {
            return new Side(connection, null);
        }

        public static Side unreachable(String failure) {
            return new Side(null, failure);
        }

        public boolean up() {
            return connection != null;
        }
    }

    /**
     * What the clone's planner decided (the coordinator knows exactly), used instead of what the catalog suggests.
     *
     * @param creates    the objects pre-data would create
     * @param extensions the extensions the clone needs on the target
     */
    public record Intent(List<Creation> creates, List<String> extensions) {

        public Intent {
            creates = List.copyOf(creates);
            extensions = List.copyOf(extensions);
        }
    }

    /**
     * An object the clone creates.
     *
     * @param object          its name on the target, in its name space
     * @param description     how messages name it ({@code table s.orders})
     * @param onlyWhenMissing created only when the target lacks it (a type a cloned table needs): never a conflict
     */
    public record Creation(CatalogObject object, String description, boolean onlyWhenMissing) {
    }

    /**
     * @param scope       what is cloned
     * @param options     the clone's options
     * @param includeData whether rows are copied (the task ledger then needs CREATE on the target database)
     * @param intent      the planner's decisions, or null to read them from the source catalog
     * @param locksHeld   the clone already holds its table locks (a job past its snapshot), so they fit
     */
    public record Request(CloneScope scope, CloneOptions options, boolean includeData, Intent intent, boolean locksHeld) {

        /** A report's request: what a clone of {@code scope} with {@code options} would meet. */
        public static Request of(CloneScope scope, CloneOptions options) {
            return new Request(scope, options, true, null, false);
        }
    }

    private Preflight() {
    }

    public static PreflightReport run(Side source, Side target, Request request) throws SQLException {
        return new Run(source, target, request).run();
    }

    /** One pre-flight: the checks in order, each recorded once. */
    private static final class Run {

        private final Side source;
        private final Side target;
        private final Request request;
        private final CloneOptions options;
        private final List<CheckResult> results = new ArrayList<>();

        Run(Side source, Side target, Request request) {
            this.source = source;
            this.target = target;
            this.request = request;
            this.options = request.options() == null ? CloneOptions.DEFAULTS : request.options();
        }

        PreflightReport run() throws SQLException {
            CloneScope scope = request.scope();
            PreflightReport report = new PreflightReport(schemaOf(scope), results);
            Connection src = source.connection();
            Connection tgt = target.connection();
            connection(Check.SOURCE_CONNECTION, source);
            connection(Check.TARGET_CONNECTION, target);
            ServerCatalog.Version sourceVersion = src == null ? null : version(Check.SOURCE_VERSION, src);
            ServerCatalog.Version targetVersion = tgt == null ? null : version(Check.TARGET_VERSION, tgt);
            if (sourceVersion != null && targetVersion != null) {
                if (sourceVersion.major() > targetVersion.major()) {
                    record(Check.VERSION_COMPAT, CheckStatus.WARN, "source major version " + sourceVersion.major()
                            + " is newer than the target's " + targetVersion.major() + ": objects using what "
                            + targetVersion.major() + " lacks fail to replay", Map.of());
                } else {
                    pass(Check.VERSION_COMPAT);
                }
            }
            if (src == null || tgt == null) {
                return new PreflightReport(report.schema(), results);
            }
            List<String> schemas = schemasOf(scope, src);
            schemaExistsSource(scope, src, schemas);
            List<String> onTarget = new ExistenceCatalog(tgt).schemas(schemas);
            schemaExistsTarget(schemas, onTarget);
            if (!new PreflightReport(null, results).ready()) {
                return new PreflightReport(report.schema(), results); // as pgclone: nothing more to say without them
            }

            Breadth breadth = scope instanceof CloneScope.Table ? Breadth.TABLES
                    : scope instanceof CloneScope.Functions ? Breadth.ROUTINES : Breadth.SCHEMAS;
            String patternError = null;
            List<QualifiedName> tables = List.of();
            try {
                tables = tables(scope, src, schemas);
            } catch (SQLException e) {
                if (!"2201B".equals(e.getSQLState())) {
                    throw e;
                }
                patternError = PgFailures.describe(e);
            }
            boolean tablesKnown = patternError == null;
            CloneSelection selection = new CloneSelection(breadth, schemas, tables, options.matviewsOrDefault());
            ScopeCatalog scopeCatalog = new ScopeCatalog(src);

            sourcePermissions(src, schemas, tables, selection, tablesKnown);
            targetPermissions(tgt, schemas, onTarget, tables);
            long estimated = tablesKnown ? new ServerCatalog(src).totalRelationSize(tables) : -1;
            if (tablesKnown) {
                record(Check.ESTIMATED_SIZE, CheckStatus.INFO, null, Map.of("bytes", estimated));
            }
            long databaseBytes = new ServerCatalog(tgt).databaseSize();
            record(Check.TARGET_DATABASE_SIZE, CheckStatus.INFO, null, Map.of("bytes", databaseBytes));
            ScopeCatalog.Counts counts = scopeCatalog.counts(selection);
            record(Check.OBJECT_COUNTS, CheckStatus.INFO, null, ordered("tables", counts.tables(), "views", counts.views(),
                    "sequences", counts.sequences(), "indexes", counts.indexes()));

            List<Creation> creates = creations(scope, src, selection);
            boolean[] exist = new ExistenceCatalog(tgt).exist(creates.stream().map(Creation::object).toList());
            List<Creation> conflicts = new ArrayList<>();
            for (int i = 0; i < creates.size(); i++) {
                if (exist[i] && !creates.get(i).onlyWhenMissing()) {
                    conflicts.add(creates.get(i));
                }
            }
            nameConflicts(conflicts);
            ExtensionCatalog sourceExtensions = new ExtensionCatalog(src);
            ExtensionCatalog targetExtensions = new ExtensionCatalog(tgt);
            List<String> installedOnTarget = targetExtensions.installed();
            missing(Check.MISSING_EXTENSIONS, minus(sourceExtensions.installed(), installedOnTarget),
                    n -> n + " extension(s) installed on the source are not installed on the target");
            List<String> roles = new RoleCatalog(src).referencedBy(selection);
            missing(Check.MISSING_ROLES, minus(roles, new RoleCatalog(tgt).existing(roles)),
                    n -> n + " role(s) owning or holding privileges on the cloned objects do not exist on the target; "
                            + "the clone leaves their objects owned by the role it connects as and skips their grants "
                            + "(create them first, e.g. with pgclone clone_roles)");
            List<String> tablespaces = scopeCatalog.tablespaces(selection);
            missing(Check.MISSING_TABLESPACES, minus(tablespaces, new ExistenceCatalog(tgt).tablespaces(tablespaces)),
                    n -> n + " non-default tablespace(s) used on the source do not exist on the target (the clone "
                            + "creates every object in the target database's default tablespace in any case)");

            requiredExtensions(scope, sourceExtensions, targetExtensions, installedOnTarget, selection);
            conflictStrategy(conflicts);
            if (tablesKnown) {
                tablesWithoutKey(scopeCatalog.tablesWithoutKey(selection));
                rowFilter(src, tables);
                masks(src, tables);
            }
            tablePatterns(breadth, schemas, tables, patternError);
            if (tablesKnown) {
                lockCapacity(src, tables);
            }
            targetSpace(tgt, estimated, databaseBytes);
            if (tablesKnown && request.includeData()) {
                rowSecurity(src, tables);
            }
            return new PreflightReport(report.schema(), results);
        }

        // ---- pgclone's checks ---------------------------------------------------------------------------------

        private void connection(Check check, Side side) {
            if (side.up()) {
                pass(check);
            } else {
                record(check, CheckStatus.FAIL, side.failure(), Map.of());
            }
        }

        private ServerCatalog.Version version(Check check, Connection c) throws SQLException {
            ServerCatalog.Version v = new ServerCatalog(c).version();
            record(check, CheckStatus.INFO, null, ordered("value", v.text(), "major", v.major()));
            return v;
        }

        private void schemaExistsSource(CloneScope scope, Connection src, List<String> schemas) throws SQLException {
            List<String> missing = minus(schemas, new ExistenceCatalog(src).schemas(schemas));
            if (!missing.isEmpty()) {
                record(Check.SCHEMA_EXISTS_SOURCE, CheckStatus.FAIL, missing.stream()
                        .map(s -> "schema \"" + s + "\" does not exist on the source").collect(Collectors.joining("; ")),
                        Map.of());
                return;
            }
            if (scope instanceof CloneScope.Table t
                    && new TableCatalog(src).relationKind(t.schema(), t.table()).filter(k -> k == 'r' || k == 'p').isEmpty()) {
                results.add(new CheckResult(Check.SCHEMA_EXISTS_SOURCE, CheckStatus.FAIL, "table \"" + t.schema() + "\".\""
                        + t.table() + "\" does not exist on the source", Map.of(), ErrorCode.TABLE_NOT_FOUND));
                return;
            }
            pass(Check.SCHEMA_EXISTS_SOURCE);
        }

        private void schemaExistsTarget(List<String> schemas, List<String> onTarget) {
            List<String> missing = minus(schemas, onTarget);
            if (missing.isEmpty()) {
                record(Check.SCHEMA_EXISTS_TARGET, CheckStatus.INFO, null, Map.of("value", true));
            } else {
                record(Check.SCHEMA_EXISTS_TARGET, CheckStatus.INFO, (missing.size() == 1 ? "target schema " + quoted(missing)
                        + " does not exist: the clone will create it" : "target schemas " + quoted(missing)
                        + " do not exist: the clone will create them"), ordered("value", false, "missing", missing));
            }
        }

        private void sourcePermissions(Connection src, List<String> schemas, List<QualifiedName> tables,
                                       CloneSelection selection, boolean tablesKnown) throws SQLException {
            PrivilegeCatalog privileges = new PrivilegeCatalog(src);
            List<String> noUsage = privileges.schemasLacking(schemas, "USAGE");
            if (!noUsage.isEmpty()) {
                record(Check.SOURCE_PERMISSIONS, CheckStatus.FAIL, "source role lacks USAGE on schema " + quoted(noUsage)
                        + " (GRANT USAGE ON SCHEMA … TO the role)", ordered("count", noUsage.size(), "items", noUsage));
                return;
            }
            List<QualifiedName> read = new ArrayList<>(tablesKnown ? tables : List.of());
            read.addAll(new ScopeCatalog(src).sequences(selection));
            List<String> lacking = privileges.relationsLacking(read, "SELECT").stream().map(QualifiedName::toString).toList();
            if (lacking.isEmpty()) {
                pass(Check.SOURCE_PERMISSIONS);
            } else {
                record(Check.SOURCE_PERMISSIONS, CheckStatus.FAIL, "source role lacks SELECT on " + listed(lacking),
                        ordered("count", lacking.size(), "items", lacking));
            }
        }

        /**
         * CREATE on every target schema that exists, and CREATE on the database when a schema must be created or rows
         * are copied (the task ledger lives in its own schema, {@code _pgclone}, while the job runs).
         */
        private void targetPermissions(Connection tgt, List<String> schemas, List<String> onTarget,
                                       List<QualifiedName> tables) throws SQLException {
            PrivilegeCatalog privileges = new PrivilegeCatalog(tgt);
            List<String> problems = new ArrayList<>();
            List<String> noCreate = privileges.schemasLacking(onTarget, "CREATE");
            if (!noCreate.isEmpty()) {
                problems.add("target role lacks CREATE on schema " + quoted(noCreate));
            }
            List<String> why = new ArrayList<>();
            List<String> toCreate = minus(schemas, onTarget);
            if (!toCreate.isEmpty()) {
                why.add("to create schema " + quoted(toCreate));
            }
            if (request.includeData() && !tables.isEmpty()) {
                why.add("for the clone's task ledger (schema _pgclone) while rows are copied");
            }
            if (!why.isEmpty() && !privileges.onDatabase("CREATE")) {
                problems.add("target role lacks CREATE on the target database (" + String.join(", ", why) + ")");
            }
            if (problems.isEmpty()) {
                pass(Check.TARGET_PERMISSIONS);
            } else {
                record(Check.TARGET_PERMISSIONS, CheckStatus.FAIL, String.join("; ", problems), Map.of());
            }
        }

        /** pgclone's check: relation names the clone creates that the target already has. */
        private void nameConflicts(List<Creation> conflicts) {
            List<Map<String, Object>> items = new ArrayList<>();
            Set<String> schemas = new TreeSet<>();
            for (Creation c : conflicts) {
                CatalogObject o = c.object();
                if (o.kind() == CatalogObject.Kind.RELATION) {
                    items.add(ordered("name", o.name().name(), "kind", o.detail() == null ? "r" : o.detail(),
                            "schema", o.name().schema()));
                    schemas.add(o.name().schema());
                }
            }
            if (items.isEmpty()) {
                record(Check.NAME_CONFLICTS, CheckStatus.PASS, null, Map.of("items", List.of()));
                return;
            }
            ConflictStrategy strategy = options.conflictOrDefault();
            record(Check.NAME_CONFLICTS, CheckStatus.WARN, items.size() + " object name(s) already exist in target schema "
                    + quoted(List.copyOf(schemas)) + (strategy == ConflictStrategy.ERROR
                    ? "; with conflict: error the clone stops (use conflict skip, replace or rename)"
                    : "; conflict: " + strategy.json() + " applies"), ordered("count", items.size(), "items", items));
        }

        /** pgclone's shape for a list of missing names: warn with count and items, pass with no items. */
        private void missing(Check check, List<String> missing, java.util.function.IntFunction<String> message) {
            if (missing.isEmpty()) {
                record(check, CheckStatus.PASS, null, Map.of("items", List.of()));
            } else {
                record(check, CheckStatus.WARN, message.apply(missing.size()) + ": " + listed(missing),
                        ordered("count", missing.size(), "items", missing));
            }
        }

        // ---- checks pgclone lacks -----------------------------------------------------------------------------

        private void requiredExtensions(CloneScope scope, ExtensionCatalog source, ExtensionCatalog target,
                                        List<String> installedOnTarget, CloneSelection selection) throws SQLException {
            List<String> needed = request.intent() != null ? request.intent().extensions()
                    : scope instanceof CloneScope.Database || scope instanceof CloneScope.DatabaseCreate
                    ? source.installed() : source.neededBy(selection);
            List<String> missing = minus(needed, installedOnTarget);
            List<String> available = target.available(missing);
            List<String> unavailable = minus(missing, available);
            List<Map<String, Object>> items = missing.stream()
                    .map(e -> ordered("name", e, "available", available.contains(e))).toList();
            Map<String, Object> details = ordered("needed", needed, "count", missing.size(), "items", items);
            if (!unavailable.isEmpty()) {
                record(Check.REQUIRED_EXTENSIONS, CheckStatus.FAIL, "the clone needs extension" + (unavailable.size() > 1 ? "s " : " ")
                        + quoted(unavailable) + ", which " + (unavailable.size() > 1 ? "are" : "is")
                        + " not available on the target; install " + (unavailable.size() > 1 ? "them" : "it")
                        + " there first", details);
            } else if (!missing.isEmpty()) {
                record(Check.REQUIRED_EXTENSIONS, CheckStatus.INFO, "extension" + (missing.size() > 1 ? "s " : " ")
                        + quoted(missing) + " will be created on the target", details);
            } else {
                record(Check.REQUIRED_EXTENSIONS, CheckStatus.PASS, null, details);
            }
        }

        /** What the {@code conflict} option does with every object the target already has. */
        private void conflictStrategy(List<Creation> conflicts) {
            ConflictStrategy strategy = options.conflictOrDefault();
            String action = switch (strategy) {
                case ERROR -> "stop";
                case SKIP -> "keep";
                case REPLACE -> "replace";
                case RENAME -> "rename";
            };
            List<Map<String, Object>> items = conflicts.stream()
                    .map(c -> ordered("object", c.description(), "action", action)).toList();
            Map<String, Object> details = ordered("conflict", strategy.json(), "count", conflicts.size(), "items", items);
            if (conflicts.isEmpty()) {
                record(Check.CONFLICT_STRATEGY, CheckStatus.PASS, null, details);
                return;
            }
            List<String> names = conflicts.stream().map(Creation::description).toList();
            String list = listed(names);
            String message = switch (strategy) {
                case ERROR -> (conflicts.size() == 1 ? names.get(0) + " already exists on the target (conflict: error)"
                        : conflicts.size() + " objects already exist on the target (conflict: error): " + list)
                        + "; use conflict skip, replace or rename to proceed";
                case SKIP -> conflicts.size() + " object(s) already exist on the target and will be kept as they are, "
                        + "not cloned (conflict: skip): " + list;
                case REPLACE -> conflicts.size() + " object(s) already exist on the target and will be dropped and created "
                        + "again; the clone stops if other objects depend on them (conflict: replace): " + list;
                case RENAME -> conflicts.size() + " object(s) already exist on the target and will be renamed to "
                        + "<name>_old with the names that depend on them (conflict: rename): " + list;
            };
            record(Check.CONFLICT_STRATEGY, strategy == ConflictStrategy.ERROR ? CheckStatus.FAIL : CheckStatus.WARN,
                    message, details);
        }

        private void tablesWithoutKey(List<QualifiedName> keyless) {
            List<String> names = keyless.stream().map(QualifiedName::toString).toList();
            if (names.isEmpty()) {
                record(Check.TABLES_WITHOUT_KEY, CheckStatus.PASS, null, ordered("count", 0, "items", List.of()));
            } else {
                record(Check.TABLES_WITHOUT_KEY, CheckStatus.INFO, names.size() + " table(s) have neither a primary key nor "
                        + "a unique key, so they cannot be split into parts: each is copied whole by one task: "
                        + listed(names), ordered("count", names.size(), "items", names));
            }
        }

        /** The {@code where} option, resolved on the source as the coordinator does before a clone creates anything. */
        private void rowFilter(Connection src, List<QualifiedName> tables) throws SQLException {
            String where = options.where();
            if (where == null) {
                pass(Check.ROW_FILTER);
                return;
            }
            RowFilter filter;
            try {
                filter = WhereClauseValidator.parse(where);
            } catch (InvalidOptionException e) {
                record(Check.ROW_FILTER, CheckStatus.FAIL, "options.where: " + e.getMessage(), Map.of());
                return;
            }
            Set<String> schemas = new TreeSet<>();
            tables.forEach(t -> schemas.add(t.schema()));
            for (String schema : schemas) {
                try {
                    SnapshotSessions.inSavepoint(src, () -> {
                        RowFilterCheck.check(src, filter, schema);
                        return null;
                    });
                } catch (RowFilterRefusedException e) {
                    record(Check.ROW_FILTER, CheckStatus.FAIL, "options.where: " + e.getMessage()
                            + (schemas.size() > 1 ? " for tables of schema \"" + schema + "\"" : ""), Map.of());
                    return;
                }
            }
            pass(Check.ROW_FILTER);
        }

        /**
         * The masks' fail-closed checks ({@link MaskCheck}), for a report only: a clone (which passes its planner's
         * intent) checks them while planning, on exactly its plan, and fails before it gets here. Recorded only when
         * masks are asked for; the {@code keyed_hash} key is the coordinator's and is checked by it.
         */
        private void masks(Connection src, List<QualifiedName> tables) throws SQLException {
            if (!options.masked() || request.intent() != null) {
                return;
            }
            try {
                options.requireMaskScope(request.scope().kind());
            } catch (InvalidOptionException e) {
                record(Check.MASKS, CheckStatus.FAIL, "options." + e.getMessage(), Map.of());
                return;
            }
            try {
                MaskCheck.Outcome outcome = SnapshotSessions.inSavepoint(src, () -> {
                    MaskCatalog catalog = new MaskCatalog(src);
                    List<MaskCheck.TableFacts> facts = catalog.tables(tables,
                            request.scope() instanceof CloneScope.Table ? options.columns() : null);
                    List<MaskCheck.ForeignKey> fks = options.constraintsOrDefault()
                            ? catalog.foreignKeys(facts.stream().map(MaskCheck.TableFacts::oid).toList()) : List.of();
                    return MaskCheck.check(new MaskCheck.Request(options.mask(), options.masks(),
                            options.onMaskErrorOrDefault(), facts, fks, true, catalog::constantRefusal));
                });
                int masked = outcome.decisions().size();
                if (outcome.warnings().isEmpty()) {
                    record(Check.MASKS, CheckStatus.PASS, null, ordered("columns", masked));
                } else {
                    record(Check.MASKS, CheckStatus.WARN, String.join("; ", outcome.warnings()),
                            ordered("columns", masked, "items", outcome.warnings()));
                }
            } catch (MaskCheck.MaskRefusedException e) {
                record(Check.MASKS, CheckStatus.FAIL, "the masks cannot apply: " + String.join("; ", e.problems()),
                        ordered("items", e.problems()));
            }
        }

        private void tablePatterns(Breadth breadth, List<String> schemas, List<QualifiedName> tables, String error) {
            if (options.tables() == null && options.excludeTables() == null) {
                pass(Check.TABLE_PATTERNS);
            } else if (error != null) {
                record(Check.TABLE_PATTERNS, CheckStatus.FAIL, "a \"tables\" or \"exclude_tables\" pattern was refused by "
                        + "the source: " + error, Map.of());
            } else if (breadth == Breadth.SCHEMAS && tables.isEmpty()) {
                record(Check.TABLE_PATTERNS, CheckStatus.WARN, "the \"tables\" / \"exclude_tables\" patterns select no table "
                        + "of schema " + quoted(schemas) + ": only the other objects are cloned", Map.of("count", 0));
            } else {
                record(Check.TABLE_PATTERNS, CheckStatus.PASS, null, Map.of("count", tables.size()));
            }
        }

        /**
         * The clone holds an ACCESS SHARE lock on every table it reads until it ends (as pg_dump does); all sessions
         * share the source's lock table.
         */
        private void lockCapacity(Connection src, List<QualifiedName> tables) throws SQLException {
            int n = tables.size();
            if (request.locksHeld() || !options.consistentOrDefault()) {
                record(Check.LOCK_CAPACITY, CheckStatus.PASS, null, ordered("tables", n,
                        request.locksHeld() ? "held" : "consistent", request.locksHeld()));
                return;
            }
            ServerCatalog.LockSettings s = new ServerCatalog(src).lockSettings();
            long capacity = s.capacity();
            Map<String, Object> details = ordered("tables", n, "capacity", capacity, "max_locks_per_transaction",
                    s.maxLocksPerTransaction(), "max_connections", s.maxConnections(), "max_prepared_transactions",
                    s.maxPreparedTransactions());
            String table = "the source's lock table (max_locks_per_transaction " + s.maxLocksPerTransaction()
                    + " × (max_connections " + s.maxConnections() + " + max_prepared_transactions "
                    + s.maxPreparedTransactions() + ") = " + capacity + " locks, shared by every session)";
            if (n > capacity) {
                record(Check.LOCK_CAPACITY, CheckStatus.FAIL, "the clone locks " + n + " tables until it ends, more than "
                        + table + " holds; raise max_locks_per_transaction on the source (a restart applies it)", details);
            } else if (n > capacity / 2) {
                record(Check.LOCK_CAPACITY, CheckStatus.WARN, "the clone locks " + n + " tables until it ends, over half of "
                        + table + "; other sessions may run out of locks meanwhile: consider raising "
                        + "max_locks_per_transaction", details);
            } else {
                record(Check.LOCK_CAPACITY, CheckStatus.PASS, null, details);
            }
        }

        /**
         * Row-level security that would hide rows from the source role. pgclone copies what its policies let it see
         * and says nothing; our sessions set {@code row_security = off}, as pg_dump does, so such a table fails the
         * clone: refuse it before anything is created, naming the tables and the ways out.
         */
        private void rowSecurity(Connection src, List<QualifiedName> tables) throws SQLException {
            List<String> filtered = new PrivilegeCatalog(src).rowSecurityApplies(tables).stream()
                    .map(QualifiedName::toString).toList();
            if (filtered.isEmpty()) {
                pass(Check.ROW_SECURITY);
                return;
            }
            record(Check.ROW_SECURITY, CheckStatus.FAIL, "row-level security would hide rows of " + listed(filtered)
                    + " from the source role, so the clone would not be complete; connect as the tables' owner, a "
                    + "superuser or a role with BYPASSRLS (pg_dump refuses the same way)",
                    ordered("count", filtered.size(), "items", filtered));
        }

        /** What the target can tell about room: where the clone writes and how much is used there. */
        private void targetSpace(Connection tgt, long estimated, long databaseBytes) throws SQLException {
            ServerCatalog.Tablespace ts = new ServerCatalog(tgt).defaultTablespace();
            String where = ts.location() == null || ts.location().isEmpty() ? "the data directory" : ts.location();
            Map<String, Object> details = ordered("estimated_bytes", estimated < 0 ? null : estimated,
                    "database_bytes", databaseBytes,
                    "tablespace", ordered("name", ts.name(), "location", ts.location(), "bytes", ts.bytes()));
            record(Check.TARGET_SPACE, CheckStatus.INFO, (estimated < 0 ? "the clone's size is unknown"
                    : "the clone writes about " + bytes(estimated) + " (source size, indexes included)")
                    + " into tablespace \"" + ts.name() + "\" (" + where + "), which holds " + bytes(ts.bytes())
                    + " now; free disk space is not visible through SQL: check the file system there", details);
        }

        // ---- scope ----------------------------------------------------------------------------------------------

        private static String schemaOf(CloneScope scope) {
            if (scope instanceof CloneScope.Table t) {
                return t.schema();
            }
            if (scope instanceof CloneScope.Schema s) {
                return s.schema();
            }
            if (scope instanceof CloneScope.Functions f) {
                return f.schema();
            }
            return null;
        }

        private static List<String> schemasOf(CloneScope scope, Connection src) throws SQLException {
            String schema = schemaOf(scope);
            return schema != null ? List.of(schema) : new NamespaceCatalog(src).userSchemas();
        }

        /** The tables whose rows the clone reads; the source evaluates the patterns (an invalid one: 2201B). */
        private List<QualifiedName> tables(CloneScope scope, Connection src, List<String> schemas) throws SQLException {
            if (scope instanceof CloneScope.Functions) {
                return List.of();
            }
            if (scope instanceof CloneScope.Table t) {
                return new TableCatalog(src).relationKind(t.schema(), t.table()).filter(k -> k == 'r' || k == 'p')
                        .map(k -> List.of(new QualifiedName(t.schema(), t.table()))).orElse(List.of());
            }
            List<String> include = options.tables() == null ? List.of() : options.tables();
            List<String> exclude = options.excludeTables() == null ? List.of() : options.excludeTables();
            return SnapshotSessions.inSavepoint(src,
                    () -> new TableCatalog(src).relationsToRead(schemas, include, exclude));
        }

        /** What pre-data creates: the planner's list, else the catalog's (a table clone's table under its target name). */
        private List<Creation> creations(CloneScope scope, Connection src, CloneSelection selection) throws SQLException {
            if (request.intent() != null) {
                return request.intent().creates();
            }
            List<Creation> out = new ArrayList<>();
            for (CatalogObject o : new ScopeCatalog(src).objects(selection)) {
                if (scope instanceof CloneScope.Table t && o.kind() == CatalogObject.Kind.RELATION
                        && o.name().equals(new QualifiedName(t.schema(), t.table()))) {
                    o = new CatalogObject(o.kind(), new QualifiedName(t.schema(), t.effectiveTargetName()), null, o.detail());
                }
                out.add(new Creation(o, o.describe(), false));
            }
            return out;
        }

        // ---- recording --------------------------------------------------------------------------------------------

        private void pass(Check check) {
            record(check, CheckStatus.PASS, null, Map.of());
        }

        private void record(Check check, CheckStatus status, String message, Map<String, Object> details) {
            results.add(new CheckResult(check, status, message, details, null));
        }
    }

    // ---- formatting ---------------------------------------------------------------------------------------------

    /** A map keeping the order of its keys (pairs of key, value; a null value is kept as JSON null). */
    static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }

    static List<String> minus(List<String> all, List<String> present) {
        Set<String> out = new LinkedHashSet<>(all);
        present.forEach(out::remove);
        return List.copyOf(out);
    }

    /** {@code "a", "b"}. */
    static String quoted(List<String> names) {
        return names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", "));
    }

    /** The first few names, then how many more. */
    static String listed(List<String> names) {
        String shown = String.join(", ", names.subList(0, Math.min(LISTED, names.size())));
        return names.size() > LISTED ? shown + " and " + (names.size() - LISTED) + " more" : shown;
    }

    /** Bytes as people read them (1024-based, as pg_size_pretty). */
    static String bytes(long n) {
        String[] units = {"bytes", "kB", "MB", "GB", "TB", "PB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " bytes" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
