package dev.pgclone.coordinator.plan;

import dev.pgclone.pg.catalog.CollationDef;
import dev.pgclone.pg.catalog.Dependency;
import dev.pgclone.pg.catalog.DependencyCatalog;
import dev.pgclone.pg.catalog.PolicyDef;
import dev.pgclone.pg.catalog.RelationCatalog;
import dev.pgclone.pg.catalog.RoutineCatalog;
import dev.pgclone.pg.catalog.SequenceDef;
import dev.pgclone.pg.catalog.Table;
import dev.pgclone.pg.catalog.TableCatalog;
import dev.pgclone.pg.catalog.TypeCatalog;
import dev.pgclone.pg.catalog.TypeDef;
import dev.pgclone.pg.catalog.RoutineDef;
import dev.pgclone.pg.catalog.ViewDef;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a clone reads from the source catalog for some schemas, in a few bulk queries, under the job's
 * snapshot.
 *
 * @param tables         the tables selected by {@code tables} / {@code exclude_tables}
 * @param leftOutTables  tables of these schemas the filters left out (objects needing them are skipped)
 * @param unsupported    objects of these schemas a clone does not reproduce ({@code kind name}), reported
 */
record SourceModel(List<Table> tables, Set<Long> leftOutTables, List<ViewDef> views, List<RoutineDef> routines,
                   List<TypeDef> types, List<CollationDef> collations, List<SequenceDef> sequences,
                   List<PolicyDef> policies, List<Dependency> dependencies, List<String> unsupported) {

    /** What to read besides routines (a functions-only clone reads nothing else). */
    enum Reach { ROUTINES_ONLY, ALL }

    static SourceModel load(Connection source, List<String> schemas, List<String> include, List<String> exclude,
                            Reach reach) throws SQLException {
        TableCatalog tableCatalog = new TableCatalog(source);
        RelationCatalog relations = new RelationCatalog(source);
        List<RoutineDef> routines = new RoutineCatalog(source).routines(schemas);
        if (reach == Reach.ROUTINES_ONLY) {
            List<Dependency> deps = new DependencyCatalog(source).dependencies(List.of(),
                    routines.stream().map(RoutineDef::oid).toList(), List.of());
            return new SourceModel(List.of(), Set.of(), List.of(), routines, List.of(), List.of(), List.of(), List.of(), deps,
                    List.of());
        }
        List<Long> selected = new ArrayList<>();
        Set<Long> leftOut = new HashSet<>();
        for (String schema : schemas) {
            List<Long> chosen = tableCatalog.tableOids(schema, include, exclude);
            selected.addAll(chosen);
            if (!include.isEmpty() || !exclude.isEmpty()) {
                leftOut.addAll(tableCatalog.tableOids(schema, List.of(), List.of()));
            }
        }
        leftOut.removeAll(selected);
        List<Table> tables = tableCatalog.tables(selected);
        List<ViewDef> views = relations.views(schemas);
        TypeCatalog typeCatalog = new TypeCatalog(source);
        List<TypeDef> types = typeCatalog.types(schemas);
        List<CollationDef> collations = typeCatalog.collations(schemas);
        List<SequenceDef> sequences = relations.sequences(schemas, selected);
        List<PolicyDef> policies = relations.policies(selected);
        List<Long> relationOids = new ArrayList<>(selected);
        views.forEach(v -> relationOids.add(v.oid()));
        sequences.forEach(s -> relationOids.add(s.oid()));
        types.stream().filter(t -> t.relid() != 0).forEach(t -> relationOids.add(t.relid()));
        List<Dependency> deps = new DependencyCatalog(source).dependencies(relationOids,
                routines.stream().map(RoutineDef::oid).toList(), types.stream().map(TypeDef::oid).toList());
        return new SourceModel(tables, leftOut, views, routines, types, collations, sequences, policies, deps,
                relations.unsupported(schemas));
    }
}
