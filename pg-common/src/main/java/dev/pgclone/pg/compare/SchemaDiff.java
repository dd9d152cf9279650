package dev.pgclone.pg.compare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * How a schema on the target differs from the same schema on the source: a pure function of two
 * {@link SchemaSnapshot}s. Objects are matched by name (within their table for columns, constraints, triggers and
 * policies; with their argument types for routines); each category lists what only one side has and what both have
 * with different attributes, in {@code COLLATE "C"} order. Properties (identity, comments, owners, …) are compared
 * only where their object exists on both sides: an object missing on one side is reported once, in its own category.
 *
 * <p>PostgreSQL 16 deparses queries differently from 14 and 15 (it stops qualifying the columns of a single-relation
 * query), so between servers on either side of that change view bodies are compared by their columns, and SQL-standard
 * function bodies by their header; {@link #notes()} says so. Every other definition PostgreSQL prints
 * ({@code pg_get_constraintdef}, {@code pg_get_indexdef}, {@code pg_get_triggerdef}, defaults, expressions, partition
 * bounds, {@code pg_get_functiondef} of other bodies) reads the same on 14 to 18.
 *
 * @param schema             the schema compared
 * @param targetSchemaExists false when the target has no such schema (everything is then only in the source)
 * @param tables             tables present on one side, and tables whose columns differ (type, not null, default)
 * @param categories         every other category, in {@link DiffCategory} order
 * @param notes              how the comparison was made, where that is not obvious (empty when it is)
 */
public record SchemaDiff(String schema, boolean targetSchemaExists, TableDiff tables,
                         Map<DiffCategory, CategoryDiff> categories, List<String> notes) {

    /** First major whose deparser no longer qualifies the columns of a single-relation query. */
    private static final int DEPARSE_CHANGED_IN = 160000;

    private static final Comparator<Fact> FACT_ORDER = Comparator
            .comparing((Fact f) -> f.scope() == null ? "" : f.scope(), CodePointOrder.ORDER)
            .thenComparing(Fact::name, CodePointOrder.ORDER);

    public SchemaDiff {
        EnumMap<DiffCategory, CategoryDiff> copy = new EnumMap<>(DiffCategory.class);
        copy.putAll(categories);
        categories = Collections.unmodifiableMap(copy);
        notes = List.copyOf(notes);
    }

    /** One category's differences. */
    public record CategoryDiff(List<String> onlyInSource, List<String> onlyInTarget, List<Modification> modified) {

        public CategoryDiff {
            onlyInSource = List.copyOf(onlyInSource);
            onlyInTarget = List.copyOf(onlyInTarget);
            modified = List.copyOf(modified);
        }

        public int count() {
            return onlyInSource.size() + onlyInTarget.size() + modified.size();
        }
    }

    /**
     * An object both sides have with different attributes.
     *
     * @param source every attribute compared, as the source has it (in a stable order)
     * @param target the same attributes as the target has them
     */
    public record Modification(String name, Map<String, Object> source, Map<String, Object> target) {

        public Modification {
            source = Collections.unmodifiableMap(new LinkedHashMap<>(source));
            target = Collections.unmodifiableMap(new LinkedHashMap<>(target));
        }
    }

    /** A table both sides have whose columns differ (pgclone's shape). */
    public record TableDrift(String name, List<Fact> columnsOnlyInSource, List<Fact> columnsOnlyInTarget,
                             List<Modification> columnsDrift) {

        public TableDrift {
            columnsOnlyInSource = List.copyOf(columnsOnlyInSource);
            columnsOnlyInTarget = List.copyOf(columnsOnlyInTarget);
            columnsDrift = List.copyOf(columnsDrift);
        }
    }

    public record TableDiff(List<String> onlyInSource, List<String> onlyInTarget, List<TableDrift> modified) {

        public TableDiff {
            onlyInSource = List.copyOf(onlyInSource);
            onlyInTarget = List.copyOf(onlyInTarget);
            modified = List.copyOf(modified);
        }

        public int count() {
            return onlyInSource.size() + onlyInTarget.size() + modified.size();
        }
    }

    public CategoryDiff category(DiffCategory category) {
        return categories.get(category);
    }

    /** Every difference: one per object only on one side, one per modified object (a modified table counts once). */
    public int count() {
        return tables.count() + categories.values().stream().mapToInt(CategoryDiff::count).sum();
    }

    public boolean inSync() {
        return count() == 0;
    }

    /** Compares {@code target} against {@code source}. */
    public static SchemaDiff between(SchemaSnapshot source, SchemaSnapshot target) {
        boolean crossFamily = (source.serverVersionNum() >= DEPARSE_CHANGED_IN) != (target.serverVersionNum() >= DEPARSE_CHANGED_IN);
        Map<DiffCategory, CategoryDiff> categories = new EnumMap<>(DiffCategory.class);
        for (DiffCategory category : DiffCategory.values()) {
            categories.put(category, category == DiffCategory.COLUMN_ORDER
                    ? columnOrder(source, target)
                    : compare(category, source, target, crossFamily));
        }
        List<String> notes = new ArrayList<>();
        if (crossFamily && (usesCrossFamilyAttributes(source) || usesCrossFamilyAttributes(target))) {
            notes.add("PostgreSQL " + major(source.serverVersionNum()) + " and " + major(target.serverVersionNum())
                    + " deparse view and SQL-standard function bodies differently: views were compared by their columns"
                    + " and such functions by their header, not by their body text");
        }
        return new SchemaDiff(source.schema(), target.exists(), tables(source, target), categories, notes);
    }

    private static CategoryDiff compare(DiffCategory category, SchemaSnapshot source, SchemaSnapshot target,
                                        boolean crossFamily) {
        Map<Fact, Fact[]> pairs = pair(source.facts(category), target.facts(category));
        List<String> onlyInSource = new ArrayList<>();
        List<String> onlyInTarget = new ArrayList<>();
        List<Modification> modified = new ArrayList<>();
        for (Fact[] pair : pairs.values()) {
            Fact s = pair[0];
            Fact t = pair[1];
            if (t == null) {
                if (!category.property() || target.objects().contains(s.subject())) {
                    onlyInSource.add(s.displayName());
                }
            } else if (s == null) {
                if (!category.property() || source.objects().contains(t.subject())) {
                    onlyInTarget.add(t.displayName());
                }
            } else if (category.hasModified()) {
                Modification m = modification(s.displayName(), s.attributes(crossFamily), t.attributes(crossFamily));
                if (m != null) {
                    modified.add(m);
                }
            }
        }
        return new CategoryDiff(onlyInSource, onlyInTarget, modified);
    }

    private static TableDiff tables(SchemaSnapshot source, SchemaSnapshot target) {
        Map<String, Map<String, Fact>> sourceColumns = columnsByTable(source);
        Map<String, Map<String, Fact>> targetColumns = columnsByTable(target);
        List<String> onlyInSource = new ArrayList<>();
        List<String> onlyInTarget = new ArrayList<>();
        List<TableDrift> modified = new ArrayList<>();
        for (Fact[] pair : pair(source.tables(), target.tables()).values()) {
            if (pair[1] == null) {
                onlyInSource.add(pair[0].name());
            } else if (pair[0] == null) {
                onlyInTarget.add(pair[1].name());
            } else {
                String table = pair[0].name();
                Map<String, Fact> s = sourceColumns.getOrDefault(table, Map.of());
                Map<String, Fact> t = targetColumns.getOrDefault(table, Map.of());
                List<Fact> columnsOnlyInSource = s.values().stream().filter(c -> !t.containsKey(c.name())).toList();
                List<Fact> columnsOnlyInTarget = t.values().stream().filter(c -> !s.containsKey(c.name())).toList();
                List<Modification> drift = new ArrayList<>();
                for (Fact column : s.values()) {
                    Fact other = t.get(column.name());
                    if (other != null) {
                        Modification m = modification(column.name(), column.attributes(), other.attributes());
                        if (m != null) {
                            drift.add(m);
                        }
                    }
                }
                if (!columnsOnlyInSource.isEmpty() || !columnsOnlyInTarget.isEmpty() || !drift.isEmpty()) {
                    modified.add(new TableDrift(table, columnsOnlyInSource, columnsOnlyInTarget, drift));
                }
            }
        }
        return new TableDiff(onlyInSource, onlyInTarget, modified);
    }

    /** Tables both sides have whose shared columns come in another order. */
    private static CategoryDiff columnOrder(SchemaSnapshot source, SchemaSnapshot target) {
        Map<String, Map<String, Fact>> sourceColumns = columnsByTable(source);
        Map<String, Map<String, Fact>> targetColumns = columnsByTable(target);
        List<Modification> modified = new ArrayList<>();
        for (Map.Entry<String, Map<String, Fact>> table : sourceColumns.entrySet()) {
            Map<String, Fact> t = targetColumns.get(table.getKey());
            if (t == null) {
                continue;
            }
            List<String> sourceOrder = table.getValue().keySet().stream().filter(t::containsKey).toList();
            List<String> targetOrder = t.keySet().stream().filter(table.getValue()::containsKey).toList();
            if (!sourceOrder.equals(targetOrder)) {
                modified.add(new Modification(table.getKey(), Map.of("order", sourceOrder), Map.of("order", targetOrder)));
            }
        }
        return new CategoryDiff(List.of(), List.of(), modified);
    }

    /** Columns by table (sorted by table name), each table's in column order. */
    private static Map<String, Map<String, Fact>> columnsByTable(SchemaSnapshot snapshot) {
        Map<String, Map<String, Fact>> out = new TreeMap<>(CodePointOrder.ORDER);
        for (Fact column : snapshot.columns()) {
            out.computeIfAbsent(column.scope(), k -> new LinkedHashMap<>()).put(column.name(), column);
        }
        return out;
    }

    /** Facts of both sides matched by scope and name, sorted: [source, target], either may be null. */
    private static Map<Fact, Fact[]> pair(List<Fact> source, List<Fact> target) {
        Map<Fact, Fact[]> out = new TreeMap<>(FACT_ORDER);
        for (Fact f : source) {
            out.computeIfAbsent(f, k -> new Fact[2])[0] = f;
        }
        for (Fact f : target) {
            out.computeIfAbsent(f, k -> new Fact[2])[1] = f;
        }
        return out;
    }

    /** Null when every attribute agrees; otherwise all the attributes compared, as each side has them. */
    private static Modification modification(String name, Map<String, Object> source, Map<String, Object> target) {
        Set<String> keys = new LinkedHashSet<>(source.keySet());
        keys.addAll(target.keySet());
        boolean same = true;
        Map<String, Object> s = new LinkedHashMap<>();
        Map<String, Object> t = new LinkedHashMap<>();
        for (String key : keys) {
            s.put(key, source.get(key));
            t.put(key, target.get(key));
            same &= Objects.equals(source.get(key), target.get(key));
        }
        return same ? null : new Modification(name, s, t);
    }

    private static boolean usesCrossFamilyAttributes(SchemaSnapshot snapshot) {
        return snapshot.facts().values().stream().flatMap(List::stream).anyMatch(f -> f.crossFamilyAttributes() != null);
    }

    private static int major(int serverVersionNum) {
        return serverVersionNum / 10000;
    }
}
