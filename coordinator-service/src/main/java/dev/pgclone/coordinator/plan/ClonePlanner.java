package dev.pgclone.coordinator.plan;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.command.CloneScope;
import dev.pgclone.contracts.command.StartClone;
import dev.pgclone.contracts.filter.RowFilter;
import dev.pgclone.contracts.options.CloneOptions;
import dev.pgclone.contracts.options.WhereClauseValidator;
import dev.pgclone.pg.catalog.Dependency;
import dev.pgclone.pg.catalog.DependencyCatalog;
import dev.pgclone.pg.catalog.ExtensionDef;
import dev.pgclone.pg.catalog.LargeObjectCatalog;
import dev.pgclone.pg.catalog.NamespaceCatalog;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.catalog.RelationCatalog;
import dev.pgclone.pg.catalog.RoutineCatalog;
import dev.pgclone.pg.catalog.RoutineDef;
import dev.pgclone.pg.catalog.SchemaDef;
import dev.pgclone.pg.catalog.Table;
import dev.pgclone.pg.catalog.TableCatalog;
import dev.pgclone.pg.catalog.TypeCatalog;
import dev.pgclone.pg.catalog.TypeDef;
import dev.pgclone.pg.catalog.CollationDef;
import dev.pgclone.pg.ddl.DdlException;
import dev.pgclone.pg.ddl.TableDdl;
import dev.pgclone.pg.filter.RowFilterCheck;
import dev.pgclone.pg.filter.RowFilterRefusedException;
import dev.pgclone.pg.mask.MaskCheck;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns a clone request into a plan by reading the source catalog (the caller holds the snapshot): which objects,
 * in which order, what is left out and why.
 */
@ApplicationScoped
public class ClonePlanner {

    public ClonePlan plan(StartClone command, Connection source) throws SQLException {
        return plan(command, source, false);
    }

    /**
     * @param maskKeyConfigured whether the coordinator has a {@code keyed_hash} key (without one, such a mask fails
     *                          closed)
     */
    public ClonePlan plan(StartClone command, Connection source, boolean maskKeyConfigured) throws SQLException {
        ClonePlan plan = planObjects(command, source);
        checkRowFilter(command.options().where(), plan, source);
        if (command.options().masked()) {
            plan = plan.withMasking(PlanMasks.check(command.options(), plan, source, maskKeyConfigured));
        }
        if (!command.includeData() || plan.tables().isEmpty()) {
            return plan;
        }
        // A masked column's values never leave the source: neither do the large objects they name.
        MaskCheck.Outcome masking = plan.masking();
        return plan.with(new LargeObjectCatalog(source).referencedBy(plan.tables().stream().map(PlannedTable::source).toList(),
                (table, column) -> masking.byTable().getOrDefault(table.oid(), List.of()).stream()
                        .noneMatch(d -> d.column().equals(column.name()))));
    }

    /**
     * The {@code where} option applies to every table of the clone: resolve its names on the source once per schema
     * holding a planned table (unqualified names resolve there after pg_catalog, as in the worker's COPY), and refuse
     * the job before anything is created on the target if the filter could do more than read rows.
     */
    private static void checkRowFilter(String where, ClonePlan plan, Connection source) throws SQLException {
        if (where == null) {
            return;
        }
        RowFilter filter = WhereClauseValidator.parse(where);
        Set<String> schemas = new TreeSet<>();
        plan.tables().forEach(t -> schemas.add(t.source().name().schema()));
        for (String schema : schemas) {
            try {
                RowFilterCheck.check(source, filter, schema);
            } catch (RowFilterRefusedException e) {
                throw new PlanException(ErrorCode.INVALID_WHERE, "options.where: " + e.getMessage()
                        + (schemas.size() > 1 ? " for tables of schema \"" + schema + "\"" : ""));
            }
        }
    }

    private ClonePlan planObjects(StartClone command, Connection source) throws SQLException {
        CloneOptions options = command.options();
        NamespaceCatalog namespaces = new NamespaceCatalog(source);
        CloneScope scope = command.scope();
        if (scope instanceof CloneScope.Table table) {
            return planTable(command, table, source);
        }
        if (scope instanceof CloneScope.Functions functions) {
            List<String> schemas = existingSchemas(namespaces, List.of(functions.schema()));
            SourceModel model = SourceModel.load(source, schemas, List.of(), List.of(), SourceModel.Reach.ROUTINES_ONLY);
            return assemble(namespaces.schemas(schemas), List.of(), model, options, false, Set.of());
        }
        List<String> schemas = scope instanceof CloneScope.Schema schema
                ? existingSchemas(namespaces, List.of(schema.schema()))
                : namespaces.userSchemas();
        SourceModel model = load(source, schemas, options);
        List<ExtensionDef> extensions = scope instanceof CloneScope.Schema
                ? namespaces.extensionsIn(schemas) : namespaces.allExtensions();
        ClonePlan plan = assemble(namespaces.schemas(schemas), merge(extensions, namespaces, model), model, options,
                true, Set.of());
        return scope instanceof CloneScope.DatabaseCreate ? plan.into(namespaces.currentDatabase()) : plan;
    }

    private static SourceModel load(Connection source, List<String> schemas, CloneOptions options) throws SQLException {
        try {
            return SourceModel.load(source, schemas, orEmpty(options.tables()), orEmpty(options.excludeTables()),
                    SourceModel.Reach.ALL);
        } catch (SQLException e) {
            throw regexRefused(e);
        }
    }

    /**
     * The relations this clone reads, to lock before its snapshot is taken: the table of a table clone (when it
     * exists; a missing one is reported by planning), the selected tables and the materialized views of a schema or
     * database clone, nothing for a functions clone.
     */
    public List<QualifiedName> relationsToRead(StartClone command, Connection source) throws SQLException {
        CloneScope scope = command.scope();
        TableCatalog tables = new TableCatalog(source);
        if (scope instanceof CloneScope.Functions) {
            return List.of();
        }
        if (scope instanceof CloneScope.Table table) {
            // Catalog rows only: reading a definition would call functions that wait for the very locks at stake.
            return tables.relationKind(table.schema(), table.table()).filter(k -> k == 'r' || k == 'p')
                    .map(k -> List.of(new QualifiedName(table.schema(), table.table()))).orElse(List.of());
        }
        List<String> schemas = scope instanceof CloneScope.Schema schema ? List.of(schema.schema())
                : new NamespaceCatalog(source).userSchemas();
        CloneOptions options = command.options();
        try {
            return tables.relationsToRead(schemas, orEmpty(options.tables()), orEmpty(options.excludeTables()));
        } catch (SQLException e) {
            throw regexRefused(e);
        }
    }

    /** An invalid {@code tables} / {@code exclude_tables} pattern is the user's, and the source says why. */
    private static SQLException regexRefused(SQLException e) {
        if ("2201B".equals(e.getSQLState())) {
            throw new PlanException(ErrorCode.INVALID_REGEX, "a \"tables\" or \"exclude_tables\" pattern was refused by the "
                    + "source: " + dev.pgclone.pg.failure.PgFailures.describe(e));
        }
        return e;
    }

    private static List<String> existingSchemas(NamespaceCatalog namespaces, List<String> names) throws SQLException {
        List<SchemaDef> found = namespaces.schemas(names);
        for (String name : names) {
            if (found.stream().noneMatch(s -> s.name().equals(name))) {
                throw new PlanException(ErrorCode.SCHEMA_NOT_FOUND, "schema \"" + name + "\" does not exist on the source");
            }
        }
        return names;
    }

    /**
     * One table, plus what it needs that may be missing on the target: the types, collations and functions its
     * columns and defaults use (created only when absent).
     */
    private ClonePlan planTable(StartClone command, CloneScope.Table scope, Connection source) throws SQLException {
        NamespaceCatalog namespaces = new NamespaceCatalog(source);
        existingSchemas(namespaces, List.of(scope.schema()));
        TableCatalog tables = new TableCatalog(source);
        Table table = tables.table(scope.schema(), scope.table()).orElseThrow(() -> new PlanException(
                ErrorCode.TABLE_NOT_FOUND, "table \"" + scope.schema() + "\".\"" + scope.table() + "\" does not exist on the source"));
        if (table.partitioned()) {
            throw new PlanException(ErrorCode.UNSUPPORTED_OBJECT, "table " + table.name() + " is partitioned; clone its schema to "
                    + "get the partitioned table with its partitions");
        }
        if (table.isPartition() || !table.inherits().isEmpty()) {
            throw new PlanException(ErrorCode.UNSUPPORTED_OBJECT, "table " + table.name() + " is a partition or inherits from "
                    + "another table; clone its schema to keep the hierarchy");
        }
        DependencyCatalog dependencies = new DependencyCatalog(source);
        List<Dependency> direct = dependencies.dependencies(List.of(table.oid()), List.of(), List.of());
        List<String> schemas = new ArrayList<>(List.of(scope.schema()));
        for (String s : namespaces.schemasOf(refs(direct, "pg_type"), refs(direct, "pg_proc"), refs(direct, "pg_collation"))) {
            if (!schemas.contains(s)) {
                schemas.add(s);
            }
        }
        TypeCatalog typeCatalog = new TypeCatalog(source);
        List<TypeDef> types = typeCatalog.types(schemas);
        List<CollationDef> collations = typeCatalog.collations(schemas);
        List<RoutineDef> routines = new RoutineCatalog(source).routines(schemas);
        List<Dependency> deps = new ArrayList<>(direct);
        deps.addAll(dependencies.dependencies(List.of(), routines.stream().map(RoutineDef::oid).toList(),
                types.stream().map(TypeDef::oid).toList()));
        SourceModel model = new SourceModel(List.of(table), Set.of(), List.of(), routines, types, collations, List.of(),
                new RelationCatalog(source).policies(List.of(table.oid())), deps, List.of());
        QualifiedName target = new QualifiedName(scope.schema(), scope.effectiveTargetName());
        Set<String> needed = reachable(model, PlannedObject.relationKey(table.oid()));
        SourceModel trimmed = new SourceModel(model.tables(), Set.of(), List.of(),
                routines.stream().filter(r -> needed.contains("f:" + r.oid())).toList(),
                types.stream().filter(t -> needed.contains("t:" + t.oid())).toList(),
                collations.stream().filter(c -> needed.contains("c:" + c.oid())).toList(), List.of(), model.policies(), deps,
                List.of());
        Set<String> supporting = new HashSet<>(needed);
        supporting.remove(PlannedObject.relationKey(table.oid()));
        List<ExtensionDef> extensions = namespaces.extensions(extensionOids(deps));
        ClonePlan plan = assemble(namespaces.schemas(List.of(scope.schema())), extensions, trimmed, command.options(),
                true, supporting, Map.of(table.oid(), target));
        return plan;
    }

    private ClonePlan assemble(List<SchemaDef> schemas, List<ExtensionDef> extensions, SourceModel model,
                               CloneOptions options, boolean withRelations, Set<String> supporting) {
        return assemble(schemas, extensions, model, options, withRelations, supporting, Map.of());
    }

    /** Builds the objects, orders them by their dependencies and decides what is left out. */
    private ClonePlan assemble(List<SchemaDef> schemas, List<ExtensionDef> extensions, SourceModel model,
                               CloneOptions options, boolean withRelations, Set<String> supporting,
                               Map<Long, QualifiedName> renames) {
        List<String> warnings = new ArrayList<>();
        model.unsupported().forEach(u -> warnings.add(u + " not cloned: " + (u.startsWith("foreign table")
                ? "foreign servers and user mappings are outside a clone" : "this kind of object is not cloned yet")));
        Map<String, PlannedObject> objects = new LinkedHashMap<>();
        Map<QualifiedName, Table> tablesByName = new HashMap<>();
        model.tables().forEach(t -> tablesByName.put(t.name(), t));
        Keys keys = new Keys(model.types());
        model.types().forEach(t -> objects.put("t:" + t.oid(), new PlannedType(t)));
        model.collations().forEach(c -> objects.put("c:" + c.oid(), new PlannedCollation(c)));
        model.routines().forEach(r -> objects.put("f:" + r.oid(), new PlannedRoutine(r)));
        if (withRelations) {
            model.sequences().forEach(s -> objects.put(PlannedObject.relationKey(s.oid()), new PlannedSequence(s)));
            for (Table t : model.tables()) {
                QualifiedName target = renames.getOrDefault(t.oid(), t.name());
                try {
                    TableDdl ddl = new TableDdl(t, target, options.columns(), n -> Optional.ofNullable(tablesByName.get(n)));
                    objects.put(PlannedObject.relationKey(t.oid()), new PlannedTable(t, ddl));
                } catch (DdlException e) {
                    throw new PlanException(ErrorCode.INVALID_COLUMNS, e.getMessage());
                }
            }
            for (var v : model.views()) {
                if (v.materialized() && !options.matviewsOrDefault()) {
                    warnings.add("materialized view " + v.name() + " not cloned (matviews: false)");
                    continue;
                }
                objects.put(PlannedObject.relationKey(v.oid()), new PlannedView(v));
            }
        }
        // Edges: catalog dependencies (a plain default's edge is breakable), and child tables after their parents.
        Map<String, Map<String, String>> needs = new HashMap<>();
        for (Dependency d : model.dependencies()) {
            String to = keys.ref(d);
            if (to != null) {
                needs.computeIfAbsent(keys.of(d), k -> new HashMap<>()).merge(to,
                        d.defaultColumn() > 0 ? "default:" + d.oid() + ":" + d.defaultColumn() : "", ClonePlanner::strongest);
            }
        }
        for (Table t : model.tables()) {
            String child = PlannedObject.relationKey(t.oid());
            for (QualifiedName p : t.isPartition() ? List.of(t.partitionOf()) : t.inherits()) {
                Table parent = tablesByName.get(p);
                if (parent != null) {
                    needs.computeIfAbsent(child, k -> new HashMap<>()).put(PlannedObject.relationKey(parent.oid()), "");
                } else if (t.isPartition() && objects.remove(child) != null) {
                    warnings.add("partition " + t.name() + " skipped: its parent " + p + " is not part of the clone");
                }
            }
        }
        dropWhatNeedsLeftOut(objects, needs, model.leftOutTables(), warnings);
        ObjectGraph<PlannedObject> graph = new ObjectGraph<>(Comparator.comparingInt(PlannedObject::rank)
                .thenComparing(o -> o.name().schema()).thenComparing(o -> o.name().name()).thenComparing(PlannedObject::key));
        objects.forEach(graph::add);
        needs.forEach((from, tos) -> tos.forEach((to, token) -> graph.dependsOn(from, to, token.isEmpty() ? null : token)));
        ObjectGraph.Order<PlannedObject> order = graph.sort(PlannedObject::describe);
        for (String token : order.broken()) {
            String[] parts = token.split(":");
            if (objects.get(PlannedObject.relationKey(Long.parseLong(parts[1]))) instanceof PlannedTable t) {
                t.ddl().deferDefault(Integer.parseInt(parts[2]));
            }
        }
        Set<QualifiedName> createdTables = new HashSet<>();
        order.objects().stream().filter(o -> o instanceof PlannedTable).forEach(o -> createdTables.add(((PlannedTable) o).source().name()));
        return new ClonePlan(schemas, extensions, order.objects(),
                model.policies().stream().filter(p -> createdTables.contains(p.table())).toList(), supporting, warnings, null, List.of(),
                null);
    }

    /** An edge that is breakable only if every dependency behind it is (any hard reason keeps it). */
    private static String strongest(String a, String b) {
        return a.isEmpty() || b.isEmpty() ? "" : a;
    }

    /** Graph keys of dependencies; a composite type's relation stands for the type. */
    private static final class Keys {
        private final Map<Long, Long> typeOfRelation = new HashMap<>();

        Keys(List<TypeDef> types) {
            types.stream().filter(t -> t.relid() != 0).forEach(t -> typeOfRelation.put(t.relid(), t.oid()));
        }

        String of(Dependency d) {
            return switch (d.kind()) {
                case 'f' -> "f:" + d.oid();
                case 't' -> "t:" + d.oid();
                default -> relation(d.oid());
            };
        }

        String ref(Dependency d) {
            return switch (d.refClass()) {
                case "pg_class" -> relation(d.refOid());
                case "pg_type" -> d.refTypeRelid() != null ? relation(d.refTypeRelid()) : "t:" + d.refOid();
                case "pg_proc" -> "f:" + d.refOid();
                case "pg_collation" -> "c:" + d.refOid();
                default -> null;
            };
        }

        private String relation(long oid) {
            Long type = typeOfRelation.get(oid);
            return type != null ? "t:" + type : PlannedObject.relationKey(oid);
        }
    }

    /** Objects that need a table the filters left out cannot be created: leave them out too, and say so. */
    private static void dropWhatNeedsLeftOut(Map<String, PlannedObject> objects, Map<String, Map<String, String>> needs,
                                             Set<Long> leftOutTables, List<String> warnings) {
        Set<String> missing = new HashSet<>();
        leftOutTables.forEach(oid -> missing.add(PlannedObject.relationKey(oid)));
        boolean changed = true;
        while (changed) {
            changed = false;
            for (var entry : new ArrayList<>(objects.entrySet())) {
                Set<String> wanted = needs.getOrDefault(entry.getKey(), Map.of()).keySet();
                Optional<String> gone = wanted.stream().filter(missing::contains).findFirst();
                if (gone.isPresent()) {
                    objects.remove(entry.getKey());
                    missing.add(entry.getKey());
                    warnings.add(entry.getValue().describe() + " skipped: it needs an object left out of the clone");
                    changed = true;
                }
            }
        }
    }

    /** Keys reachable from {@code start} over the model's dependencies. */
    private static Set<String> reachable(SourceModel model, String start) {
        Keys keys = new Keys(model.types());
        Map<String, Set<String>> needs = new HashMap<>();
        for (Dependency d : model.dependencies()) {
            String to = keys.ref(d);
            if (to != null) {
                needs.computeIfAbsent(keys.of(d), k -> new HashSet<>()).add(to);
            }
        }
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(List.of(start));
        while (!todo.isEmpty()) {
            String k = todo.remove(todo.size() - 1);
            if (seen.add(k)) {
                todo.addAll(needs.getOrDefault(k, Set.of()));
            }
        }
        return seen;
    }

    private static List<Long> refs(List<Dependency> deps, String refClass) {
        return deps.stream().filter(d -> d.refClass().equals(refClass)).map(Dependency::refOid).distinct().toList();
    }

    private static List<Long> extensionOids(List<Dependency> deps) {
        return deps.stream().filter(d -> d.extension() != null).map(Dependency::extension).distinct().toList();
    }

    /** Extensions explicitly in scope plus those whose objects the cloned objects use. */
    private static List<ExtensionDef> merge(List<ExtensionDef> base, NamespaceCatalog namespaces, SourceModel model)
            throws SQLException {
        Map<String, ExtensionDef> byName = new TreeMap<>();
        base.forEach(e -> byName.put(e.name(), e));
        namespaces.extensions(extensionOids(model.dependencies())).forEach(e -> byName.putIfAbsent(e.name(), e));
        byName.remove("plpgsql");
        return new ArrayList<>(byName.values());
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
