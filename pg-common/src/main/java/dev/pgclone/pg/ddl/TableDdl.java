package dev.pgclone.pg.ddl;

import dev.pgclone.pg.Identifiers;
import dev.pgclone.pg.Quote;
import dev.pgclone.pg.catalog.Column;
import dev.pgclone.pg.catalog.Constraint;
import dev.pgclone.pg.catalog.Index;
import dev.pgclone.pg.catalog.OwnedSequence;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.catalog.Table;
import dev.pgclone.pg.catalog.Trigger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The DDL that reproduces one source table on the target, split the way a clone runs it: pre-data (owned
 * sequences and the bare table), constraints and indexes (after the data), foreign keys, triggers, and sequence
 * values. Handles a different target name ({@code targetName}): every schema-scoped name the table owns (indexes,
 * index-backed constraints, owned sequences) follows the new name, so a renamed copy can live beside its original
 * ({@code orders_pkey} → {@code orders_copy_pkey}, {@code by_customer} → {@code orders_copy_by_customer}), and
 * self-references point at the new table. Table-scoped names (check constraints, foreign keys, triggers) only
 * follow when they start with the table's name.
 *
 * <p>Honours pgclone's {@code columns} option: only the selected columns are created and copied; constraints and
 * indexes that use a column left out are dropped and reported in {@link #warnings()}.
 */
public final class TableDdl {

    private final Table table;
    private final QualifiedName target;
    private final List<Column> columns;
    private final Set<Integer> selected;
    private final Map<QualifiedName, QualifiedName> sequenceNames = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final Function<QualifiedName, Optional<Table>> parents;
    private final Set<Integer> deferredDefaults = new java.util.TreeSet<>();

    /**
     * @param table           source definition
     * @param target          target schema and name
     * @param selectedColumns pgclone's {@code columns} option, or null for all columns
     * @throws DdlException when a selected column does not exist
     */
    public TableDdl(Table table, QualifiedName target, List<String> selectedColumns) {
        this(table, target, selectedColumns, name -> Optional.empty());
    }

    /**
     * @param parents finds a parent table (partition parent, inheritance parent) among the tables being cloned,
     *                to reproduce only what a child changes of what it inherits
     */
    public TableDdl(Table table, QualifiedName target, List<String> selectedColumns,
                    Function<QualifiedName, Optional<Table>> parents) {
        this.table = table;
        this.target = target;
        this.parents = parents;
        if (selectedColumns == null) {
            this.columns = table.columns();
        } else {
            List<Column> chosen = new ArrayList<>();
            for (Column c : table.columns()) {
                if (selectedColumns.contains(c.name())) {
                    chosen.add(c);
                }
            }
            for (String name : selectedColumns) {
                if (table.column(name).isEmpty()) {
                    throw new DdlException("column \"" + name + "\" does not exist in table " + table.name());
                }
            }
            this.columns = chosen;
        }
        Set<Integer> attnums = new LinkedHashSet<>();
        columns.forEach(c -> attnums.add(c.attnum()));
        this.selected = attnums;
        for (OwnedSequence s : table.sequences()) {
            sequenceNames.put(s.name(), new QualifiedName(target.schema(), renamed(s.name().name(), true)));
        }
    }

    public QualifiedName target() {
        return target;
    }

    /**
     * Leaves this column's default out of CREATE TABLE; {@link #deferredDefaults()} sets it later. For a default
     * that calls a function which itself needs this table (a dependency cycle).
     */
    public void deferDefault(int attnum) {
        deferredDefaults.add(attnum);
    }

    /** {@code ALTER TABLE … ALTER COLUMN … SET DEFAULT …} for the deferred defaults. */
    public List<String> deferredDefaults() {
        List<String> out = new ArrayList<>();
        for (Column c : columns) {
            if (deferredDefaults.contains(c.attnum()) && c.defaultExpr() != null) {
                out.add("ALTER TABLE ONLY " + target.quoted() + " ALTER COLUMN " + Quote.ident(c.name()) + " SET DEFAULT "
                        + rewriteSequenceReferences(c.defaultExpr()));
            }
        }
        return out;
    }

    /**
     * The schema-scoped names this DDL creates besides the table's own: owned sequences, secondary indexes and the
     * indexes of primary key, unique and exclusion constraints. What must be free on the target.
     */
    public Set<QualifiedName> schemaScopedNames() {
        Set<QualifiedName> out = new LinkedHashSet<>();
        ownedSequences().forEach(s -> out.add(sequenceNames.get(s.name())));
        table.constraints().stream().filter(c -> c.type() == 'p' || c.type() == 'u' || c.type() == 'x')
                .forEach(c -> out.add(new QualifiedName(target.schema(), renamed(c.name(), true))));
        table.indexes().forEach(i -> out.add(new QualifiedName(target.schema(), renamed(i.name(), true))));
        return out;
    }

    /** Columns whose values travel through COPY, in order: every selected column that is not generated. */
    public List<String> copyColumns() {
        return columns.stream().filter(c -> !c.isGenerated()).map(Column::name).toList();
    }

    /** What was left out because of the {@code columns} option. Complete once every list was rendered. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Serial sequences, the table without secondary indexes and foreign keys, ownership and comments. */
    public List<String> preData() {
        List<String> out = new ArrayList<>();
        for (OwnedSequence s : ownedSequences()) {
            if (!s.identity()) {
                out.add("CREATE SEQUENCE " + sequenceNames.get(s.name()).quoted() + " AS " + s.dataType()
                        + sequenceOptions(s));
            }
        }
        StringBuilder create = new StringBuilder("CREATE ");
        if (table.unlogged()) {
            create.append("UNLOGGED ");
        }
        create.append("TABLE ").append(target.quoted());
        if (table.isPartition()) {
            create.append(" PARTITION OF ").append(table.partitionOf().quoted()).append(' ').append(table.partitionBound());
        } else {
            List<Column> declared = table.inherits().isEmpty() ? columns
                    : columns.stream().filter(Column::local).toList();
            create.append(" (");
            for (int i = 0; i < declared.size(); i++) {
                create.append(i == 0 ? "\n    " : ",\n    ").append(columnDefinition(declared.get(i)));
            }
            create.append(declared.isEmpty() ? ")" : "\n)");
            if (!table.inherits().isEmpty()) {
                create.append(" INHERITS (").append(String.join(", ",
                        table.inherits().stream().map(QualifiedName::quoted).toList())).append(')');
            }
        }
        if (table.partitioned()) {
            create.append(" PARTITION BY ").append(table.partitionKey());
        }
        if (!table.reloptions().isEmpty()) {
            create.append(" WITH (").append(String.join(", ", table.reloptions().stream().map(TableDdl::reloption).toList()))
                    .append(')');
        }
        out.add(create.toString());
        out.addAll(inheritedColumnChanges());
        out.addAll(columnSettings());
        for (OwnedSequence s : ownedSequences()) {
            if (!s.identity()) {
                out.add("ALTER SEQUENCE " + sequenceNames.get(s.name()).quoted() + " OWNED BY " + target.quoted() + "."
                        + Quote.ident(columnName(s.attnum())));
            }
        }
        if (table.comment() != null) {
            out.add("COMMENT ON TABLE " + target.quoted() + " IS " + Quote.literal(table.comment()));
        }
        for (Column c : columns) {
            if (c.comment() != null) {
                out.add("COMMENT ON COLUMN " + target.quoted() + "." + Quote.ident(c.name()) + " IS "
                        + Quote.literal(c.comment()));
            }
        }
        return out;
    }

    /** Primary key, unique, exclusion and check constraints, then secondary indexes (after the data). */
    public List<String> constraints() {
        List<String> out = new ArrayList<>();
        for (Constraint c : table.constraints()) {
            if (!c.isForeignKey() && keep("constraint", c.name(), c.columns())) {
                addConstraint(out, c);
            }
        }
        return out;
    }

    public List<String> indexes() {
        List<String> out = new ArrayList<>();
        for (Index index : table.indexes()) {
            if (keep("index", index.name(), index.columns())) {
                String name = renamed(index.name(), true);
                out.add(rewriteIndex(index, name));
                if (index.comment() != null) {
                    out.add("COMMENT ON INDEX " + Quote.qualified(target.schema(), name) + " IS "
                            + Quote.literal(index.comment()));
                }
            }
        }
        return out;
    }

    /**
     * {@code ALTER INDEX parent ATTACH PARTITION child} for a partition's key constraints: they join the parent's
     * after both exist (what pg_dump does). Run after every table's {@link #constraints()}.
     */
    public List<String> constraintAttachments() {
        List<String> out = new ArrayList<>();
        for (Constraint c : table.constraints()) {
            if (c.attachTo() != null && selected.containsAll(c.columns())) {
                out.add(attach(c.attachTo(), renamed(c.name(), true)));
            }
        }
        return out;
    }

    /** The same for a partition's indexes that belong to an index of its parent. Run after every {@link #indexes()}. */
    public List<String> indexAttachments() {
        List<String> out = new ArrayList<>();
        for (Index index : table.indexes()) {
            if (index.attachTo() != null && selected.containsAll(index.columns())) {
                out.add(attach(index.attachTo(), renamed(index.name(), true)));
            }
        }
        return out;
    }

    private String attach(QualifiedName parentIndex, String childIndex) {
        return "ALTER INDEX " + parentIndex.quoted() + " ATTACH PARTITION " + Quote.qualified(target.schema(), childIndex);
    }

    /** Foreign keys. A reference to the table itself follows a rename. */
    public List<String> foreignKeys() {
        List<String> out = new ArrayList<>();
        for (Constraint c : table.constraints()) {
            if (c.isForeignKey() && keep("foreign key", c.name(), c.columns())) {
                addConstraint(out, c);
            }
        }
        return out;
    }

    public List<String> triggers() {
        List<String> out = new ArrayList<>();
        for (Trigger t : table.triggers()) {
            String name = t.name();
            out.add(renameTable(t.definition(), " ON " + table.regclassText() + " ", " ON " + target.quoted() + " ",
                    "trigger " + name));
            if (t.comment() != null) {
                out.add("COMMENT ON TRIGGER " + Quote.ident(name) + " ON " + target.quoted() + " IS "
                        + Quote.literal(t.comment()));
            }
        }
        return out;
    }

    /**
     * What else pg_dump restores after the data: extended statistics, rules, and the replica identity (its index
     * must exist). Statistics and rules using a column left out by {@code columns} would fail: only kept with all
     * columns.
     */
    public List<String> extras() {
        List<String> out = new ArrayList<>();
        boolean allColumns = columns.size() == table.columns().size();
        if (allColumns && target.equals(table.name())) {
            table.statistics().forEach(def -> out.add(def));
            table.rules().forEach(def -> out.add(def));
        } else if (!table.statistics().isEmpty() || !table.rules().isEmpty()) {
            warnings.add("statistics objects and rules of " + table.name() + " skipped: the table is renamed or has fewer columns");
        }
        switch (table.replicaIdentity()) {
            case 'f' -> out.add("ALTER TABLE ONLY " + target.quoted() + " REPLICA IDENTITY FULL");
            case 'n' -> out.add("ALTER TABLE ONLY " + target.quoted() + " REPLICA IDENTITY NOTHING");
            case 'i' -> {
                if (table.replicaIndex() != null) {
                    out.add("ALTER TABLE ONLY " + target.quoted() + " REPLICA IDENTITY USING INDEX "
                            + Quote.ident(renamed(table.replicaIndex(), true)));
                }
            }
            default -> { }
        }
        return out;
    }

    /** setval() for every owned sequence, so the next insert continues where the source is. */
    public List<String> sequenceValues() {
        List<String> out = new ArrayList<>();
        for (OwnedSequence s : ownedSequences()) {
            out.add("SELECT pg_catalog.setval(" + Quote.literal(sequenceNames.get(s.name()).quoted()) + ", "
                    + s.lastValue() + ", " + s.isCalled() + ")");
        }
        return out;
    }

    private List<OwnedSequence> ownedSequences() {
        return table.sequences().stream().filter(s -> selected.contains(s.attnum())).toList();
    }

    /**
     * A partition or inheritance child declares no inherited column; what it changes of one (its own default,
     * NOT NULL) is applied after creation.
     */
    private List<String> inheritedColumnChanges() {
        List<String> out = new ArrayList<>();
        boolean child = table.isPartition() || !table.inherits().isEmpty();
        if (!child) {
            return out;
        }
        List<Table> parentTables = new ArrayList<>();
        if (table.isPartition()) {
            parents.apply(table.partitionOf()).ifPresent(parentTables::add);
        } else {
            table.inherits().forEach(p -> parents.apply(p).ifPresent(parentTables::add));
        }
        for (Column c : columns) {
            if (c.local() && !table.isPartition() || c.isGenerated() || c.isIdentity()) {
                continue;
            }
            Optional<Column> inherited = parentTables.stream().map(p -> p.column(c.name())).flatMap(Optional::stream)
                    .findFirst();
            String alter = "ALTER TABLE ONLY " + target.quoted() + " ALTER COLUMN " + Quote.ident(c.name());
            String parentDefault = inherited.map(Column::defaultExpr).orElse(null);
            if (deferredDefaults.contains(c.attnum())) {
                continue;
            }
            if (c.defaultExpr() != null && !c.defaultExpr().equals(parentDefault)) {
                out.add(alter + " SET DEFAULT " + rewriteSequenceReferences(c.defaultExpr()));
            } else if (c.defaultExpr() == null && parentDefault != null) {
                out.add(alter + " DROP DEFAULT");
            }
            if (c.notNull() && !inherited.map(Column::notNull).orElse(false)) {
                out.add(alter + " SET NOT NULL");
            }
        }
        return out;
    }

    /** Non-default storage, compression and statistics targets. */
    private List<String> columnSettings() {
        List<String> out = new ArrayList<>();
        for (Column c : columns) {
            String alter = "ALTER TABLE ONLY " + target.quoted() + " ALTER COLUMN " + Quote.ident(c.name());
            if (c.storage() != 0) {
                out.add(alter + " SET STORAGE " + switch (c.storage()) {
                    case 'p' -> "PLAIN";
                    case 'e' -> "EXTERNAL";
                    case 'm' -> "MAIN";
                    default -> "EXTENDED";
                });
            }
            if (c.compression() != 0) {
                out.add(alter + " SET COMPRESSION " + (c.compression() == 'l' ? "lz4" : "pglz"));
            }
            if (c.statistics() != null) {
                out.add(alter + " SET STATISTICS " + c.statistics());
            }
        }
        return out;
    }

    private String columnDefinition(Column c) {
        StringBuilder d = new StringBuilder(Quote.ident(c.name())).append(' ').append(c.type());
        if (c.collation() != null) {
            d.append(" COLLATE ").append(c.collation());
        }
        if (c.isGenerated()) {
            d.append(" GENERATED ALWAYS AS (").append(c.generationExpr()).append(c.generated() == 'v' ? ") VIRTUAL" : ") STORED");
        } else if (c.isIdentity()) {
            OwnedSequence s = table.sequences().stream().filter(q -> q.identity() && q.attnum() == c.attnum())
                    .findFirst().orElseThrow(() -> new DdlException("identity column " + c.name() + " has no sequence"));
            d.append(c.identity() == 'a' ? " GENERATED ALWAYS AS IDENTITY (" : " GENERATED BY DEFAULT AS IDENTITY (")
                    .append("SEQUENCE NAME ").append(sequenceNames.get(s.name()).quoted()).append(sequenceOptions(s))
                    .append(')');
        } else if (c.defaultExpr() != null && !deferredDefaults.contains(c.attnum())) {
            d.append(" DEFAULT ").append(rewriteSequenceReferences(c.defaultExpr()));
        }
        if (c.notNull()) {
            d.append(" NOT NULL");
        }
        return d.toString();
    }

    private static String sequenceOptions(OwnedSequence s) {
        return " START WITH " + s.start() + " INCREMENT BY " + s.increment() + " MINVALUE " + s.min() + " MAXVALUE "
                + s.max() + " CACHE " + s.cache() + (s.cycle() ? " CYCLE" : " NO CYCLE");
    }

    private void addConstraint(List<String> out, Constraint c) {
        String name = renamed(c.name(), c.type() == 'p' || c.type() == 'u' || c.type() == 'x');
        String definition = c.definition();
        if (c.isForeignKey() && c.referencedTable() != null && c.referencedTable().equals(table.name())) {
            definition = renameTable(definition, "REFERENCES " + table.regclassText() + "(",
                    "REFERENCES " + target.quoted() + "(", "foreign key " + c.name());
        }
        // CHECK constraints reach children (as when the source created them); ONLY is refused for a partitioned
        // table's foreign key. Everything else is this table's alone.
        boolean only = c.type() != 'c' && !(c.isForeignKey() && table.partitioned());
        out.add("ALTER TABLE " + (only ? "ONLY " : "") + target.quoted() + " ADD CONSTRAINT " + Quote.ident(name) + " "
                + definition);
        if (c.comment() != null) {
            out.add("COMMENT ON CONSTRAINT " + Quote.ident(name) + " ON " + target.quoted() + " IS "
                    + Quote.literal(c.comment()));
        }
    }

    private boolean keep(String kind, String name, List<Integer> attnums) {
        if (selected.containsAll(attnums)) {
            return true;
        }
        warnings.add(kind + " " + name + " on " + table.name() + " skipped: it uses a column not in \"columns\"");
        return false;
    }

    /** {@code CREATE [UNIQUE] INDEX name ON [ONLY] table USING …} with the new index and table names. */
    private String rewriteIndex(Index index, String newName) {
        String def = index.definition();
        if (newName.equals(index.name()) && target.equals(table.name())) {
            return def;
        }
        String head = def.startsWith("CREATE UNIQUE INDEX ") ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
        for (String only : new String[] {"", "ONLY "}) {
            String expected = head + index.quotedName() + " ON " + only + table.regclassText() + " USING ";
            if (def.startsWith(expected)) {
                return head + Quote.ident(newName) + " ON " + only + target.quoted() + " USING "
                        + def.substring(expected.length());
            }
        }
        throw new DdlException("cannot retarget index " + index.name() + ": unexpected definition shape");
    }

    private String renameTable(String definition, String from, String to, String what) {
        if (target.equals(table.name())) {
            return definition;
        }
        int at = definition.indexOf(from);
        if (at < 0) {
            throw new DdlException("cannot retarget " + what + ": unexpected definition shape");
        }
        return definition.substring(0, at) + to + definition.substring(at + from.length());
    }

    /** A serial default names its sequence as a regclass constant; point it at the renamed sequence. */
    private String rewriteSequenceReferences(String expression) {
        String out = expression;
        for (OwnedSequence s : table.sequences()) {
            QualifiedName renamed = sequenceNames.get(s.name());
            if (!renamed.equals(s.name())) {
                out = out.replace(Quote.literal(s.regclassText()) + "::regclass",
                        Quote.literal(renamed.quoted()) + "::regclass");
            }
        }
        return out;
    }

    /**
     * The name an object of the table gets on the target. Unchanged unless the table is renamed; then a name that
     * starts with the table's name takes the new one, and a schema-scoped name is prefixed with it.
     */
    private String renamed(String name, boolean schemaScoped) {
        String from = table.name().name();
        String to = target.name();
        if (to.equals(from)) {
            return name;
        }
        if (name.startsWith(from + "_")) {
            return Identifiers.truncate(to + name.substring(from.length()));
        }
        return schemaScoped ? Identifiers.truncate(to + "_" + name) : name;
    }

    private String columnName(int attnum) {
        return table.columns().stream().filter(c -> c.attnum() == attnum).findFirst().map(Column::name)
                .orElseThrow(() -> new DdlException("no column " + attnum + " in " + table.name()));
    }

    private static String reloption(String option) {
        int eq = option.indexOf('=');
        return eq < 0 ? option : option.substring(0, eq) + "=" + Quote.literal(option.substring(eq + 1));
    }
}
