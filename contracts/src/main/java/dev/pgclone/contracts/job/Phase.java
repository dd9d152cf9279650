package dev.pgclone.contracts.job;

/** Clone phases in execution order. */
public enum Phase {
    /** Command accepted, nothing done yet. */
    ACCEPTED,
    /** Snapshot keeper opened and snapshot exported (or imported / skipped). */
    SNAPSHOT,
    /** Source catalog read under the snapshot and the plan made; target checked for conflicts. */
    CATALOG,
    /** Schemas, types, functions, sequences and tables created on the target (no secondary indexes, no FKs). */
    PRE_DATA,
    /** Rows copied by workers. */
    COPY_DATA,
    /** Constraints, indexes, foreign keys, views, materialized views, triggers. */
    POST_DATA,
    /** Sequence values, comments, policies, grants; clean-up and snapshot release. */
    FINALIZE,
    /** Nothing left to do. */
    DONE
}
