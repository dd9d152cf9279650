package dev.pgclone.pg.preflight;

import dev.pgclone.contracts.ErrorCode;

/**
 * Every pre-flight check, in report order: pgclone's sixteen first (same names, shapes and severities), then the ones
 * pgclone lacks. A failing check refuses the clone with its {@link #refusal} code.
 */
public enum Check {
    SOURCE_CONNECTION("source_connection", ErrorCode.SOURCE_UNAVAILABLE, false),
    TARGET_CONNECTION("target_connection", ErrorCode.TARGET_UNAVAILABLE, false),
    SOURCE_VERSION("source_version", null, false),
    TARGET_VERSION("target_version", null, false),
    /** The only pgclone warning a job keeps: nothing later in a clone says it. */
    VERSION_COMPAT("version_compat", null, true),
    SCHEMA_EXISTS_SOURCE("schema_exists_source", ErrorCode.SCHEMA_NOT_FOUND, false),
    SCHEMA_EXISTS_TARGET("schema_exists_target", null, false),
    SOURCE_PERMISSIONS("source_permissions", ErrorCode.INSUFFICIENT_PRIVILEGE, false),
    TARGET_PERMISSIONS("target_permissions", ErrorCode.INSUFFICIENT_PRIVILEGE, false),
    ESTIMATED_SIZE("estimated_size", null, false),
    TARGET_DATABASE_SIZE("target_database_size", null, false),
    OBJECT_COUNTS("object_counts", null, false),
    /** A job reports what it did with each conflicting object as it does it (pre-data), so not this. */
    NAME_CONFLICTS("name_conflicts", null, false),
    /** Database-wide; what a clone needs is {@link #REQUIRED_EXTENSIONS}. */
    MISSING_EXTENSIONS("missing_extensions", null, false),
    /** A job lists the roles it could not use when it sets owners and privileges (finalize), so not this. */
    MISSING_ROLES("missing_roles", null, false),
    MISSING_TABLESPACES("missing_tablespaces", null, true),

    REQUIRED_EXTENSIONS("required_extensions", ErrorCode.EXTENSION_UNAVAILABLE, false),
    CONFLICT_STRATEGY("conflict_strategy", ErrorCode.TARGET_CONFLICT, false),
    TABLES_WITHOUT_KEY("tables_without_key", null, false),
    ROW_FILTER("row_filter", ErrorCode.INVALID_WHERE, false),
    TABLE_PATTERNS("table_patterns", ErrorCode.INVALID_REGEX, true),
    LOCK_CAPACITY("lock_capacity", ErrorCode.PREFLIGHT_FAILED, true),
    TARGET_SPACE("target_space", null, false),
    ROW_SECURITY("row_security", ErrorCode.INSUFFICIENT_PRIVILEGE, false),
    /** The {@code mask} / {@code masks} options (reports only: a clone checks its masks when it plans). */
    MASKS("masks", ErrorCode.MASK_INVALID, false);

    private final String json;
    private final ErrorCode refusal;
    private final boolean jobWarning;

    Check(String json, ErrorCode refusal, boolean jobWarning) {
        this.json = json;
        this.refusal = refusal;
        this.jobWarning = jobWarning;
    }

    /** The check's key in {@code checks}. */
    public String json() {
        return json;
    }

    /** The code of a clone this check refuses. */
    public ErrorCode refusal() {
        return refusal == null ? ErrorCode.PREFLIGHT_FAILED : refusal;
    }

    /** Whether a clone job copies this check's warning into its own (false when the job reports it later itself). */
    public boolean jobWarning() {
        return jobWarning;
    }

    /** Whether pgclone's {@code preflight()} has it. */
    public boolean pgclone() {
        return ordinal() <= MISSING_TABLESPACES.ordinal();
    }
}
