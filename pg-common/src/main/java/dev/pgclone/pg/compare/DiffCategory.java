package dev.pgclone.pg.compare;

/**
 * What a schema diff compares besides tables and their columns, in report order: pgclone's categories first, then
 * what pgclone misses. An <em>object</em> category reports objects present on one side only and objects whose
 * attributes differ; a <em>property</em> category compares something that belongs to another object (a column's
 * identity, a table's comment) only where that object exists on both sides, since a missing object is already
 * reported in its own category.
 */
public enum DiffCategory {
    // pgclone's (tables are reported apart, with their columns)
    INDEXES("indexes", true, false),
    CONSTRAINTS("constraints", true, false),
    TRIGGERS("triggers", true, false),
    VIEWS("views", true, false),
    /** Presence only, as pgclone: no {@code modified} list. Options are in {@link #SEQUENCE_OPTIONS}. */
    SEQUENCES("sequences", true, false),
    // beyond pgclone
    IDENTITY("identity", false, true),
    GENERATED("generated", false, true),
    PARTITIONING("partitioning", false, true),
    INHERITANCE("inheritance", false, true),
    ROW_SECURITY("row_security", false, true),
    POLICIES("policies", false, false),
    TYPES("types", false, false),
    FUNCTIONS("functions", false, false),
    COMMENTS("comments", false, true),
    OWNERS("owners", false, true),
    COLLATIONS("collations", false, false),
    TABLE_OPTIONS("table_options", false, true),
    COLUMN_OPTIONS("column_options", false, true),
    /** Derived by {@link SchemaDiff} from the columns: the order of the columns both sides have. */
    COLUMN_ORDER("column_order", false, true),
    SEQUENCE_OPTIONS("sequence_options", false, true);

    private final String json;
    private final boolean pgclone;
    private final boolean property;

    DiffCategory(String json, boolean pgclone, boolean property) {
        this.json = json;
        this.pgclone = pgclone;
        this.property = property;
    }

    /** The key in the report and the prefix of its summary keys. */
    public String json() {
        return json;
    }

    /** One of pgclone's own categories (as opposed to the extras). */
    public boolean pgclone() {
        return pgclone;
    }

    /** Compared only where the object it belongs to exists on both sides. */
    public boolean property() {
        return property;
    }

    /** Whether the category reports modifications (sequences are presence only, as in pgclone). */
    public boolean hasModified() {
        return this != SEQUENCES;
    }
}
