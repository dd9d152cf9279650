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
    INDEXES("indexes", false),
    CONSTRAINTS("constraints", false),
    TRIGGERS("triggers", false),
    VIEWS("views", false),
    /** Presence only, as pgclone: no {@code modified} list. Options are in {@link #SEQUENCE_OPTIONS}. */
    SEQUENCES("sequences", false),
    // beyond pgclone
    IDENTITY("identity", true),
    GENERATED("generated", true),
    PARTITIONING("partitioning", true),
    INHERITANCE("inheritance", true),
    ROW_SECURITY("row_security", true),
    POLICIES("policies", false),
    TYPES("types", false),
    FUNCTIONS("functions", false),
    COMMENTS("comments", true),
    OWNERS("owners", true),
    COLLATIONS("collations", false),
    TABLE_OPTIONS("table_options", true),
    COLUMN_OPTIONS("column_options", true),
    /** Derived by {@link SchemaDiff} from the columns: the order of the columns both sides have. */
    COLUMN_ORDER("column_order", true),
    SEQUENCE_OPTIONS("sequence_options", true);

    private final String json;
    private final boolean property;

    DiffCategory(String json, boolean property) {
        this.json = json;
        this.property = property;
    }

    /** The key in the report and the prefix of its summary keys. */
    public String json() {
        return json;
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
