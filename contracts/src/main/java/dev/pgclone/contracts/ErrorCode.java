package dev.pgclone.contracts;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every stable error code pgclone publishes: in {@code ErrorInfo.code} of job and task events and in the {@code code}
 * of problem+json answers. The wire carries {@link #code()}; a code is never renamed or reused for another meaning.
 */
public enum ErrorCode {

    // ---- requests and commands --------------------------------------------------------------------------------
    /** A REST request or a command field is not acceptable (the field is named). */
    INVALID_REQUEST("invalid-request"),
    /** A command on Kafka could not be read. */
    INVALID_COMMAND("invalid-command"),
    INVALID_JOB_ID("invalid-job-id"),
    INVALID_CONNECTION("invalid-connection"),
    INVALID_DATABASE_NAME("invalid-database-name"),
    NOT_FOUND("not-found"),
    METHOD_NOT_ALLOWED("method-not-allowed"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type"),
    JOB_ENDED("job-ended"),
    BROKER_UNAVAILABLE("broker-unavailable"),
    NOT_ACCEPTABLE("not-acceptable"),
    PAYLOAD_TOO_LARGE("payload-too-large"),
    /** The gateway is still reading the job events it missed before it started; try again shortly. */
    CATCHING_UP("catching-up"),
    INTERNAL_ERROR("internal-error"),

    // ---- planning: what the source holds does not fit the request -----------------------------------------------
    SCHEMA_NOT_FOUND("schema-not-found"),
    TABLE_NOT_FOUND("table-not-found"),
    UNSUPPORTED_OBJECT("unsupported-object"),
    INVALID_REGEX("invalid-regex"),
    INVALID_COLUMNS("invalid-columns"),
    INVALID_WHERE("invalid-where"),
    DEPENDENCY_CYCLE("dependency-cycle"),
    /**
     * A mask cannot apply to its column (unknown table or column, a type the strategy cannot fill, NULL into NOT NULL,
     * a non-unique output on a key, a foreign key masked on one side only): the job failed before any data moved.
     */
    MASK_INVALID("mask-invalid"),
    /** {@code keyed_hash} was asked for and the service (coordinator or worker) has no key configured. */
    MASK_KEY_MISSING("mask-key-missing"),
    /** A worker's {@code keyed_hash} key is not the one the job was planned with: nothing was copied. */
    MASK_KEY_MISMATCH("mask-key-mismatch"),

    // ---- servers -----------------------------------------------------------------------------------------------
    SOURCE_UNAVAILABLE("source-unavailable"),
    TARGET_UNAVAILABLE("target-unavailable"),
    /** An object to create exists on the target and the conflict strategy does not allow replacing it. */
    TARGET_CONFLICT("target-conflict"),
    /** The clone needs an extension the target cannot create. */
    EXTENSION_UNAVAILABLE("extension-unavailable"),
    /** A role lacks a privilege the clone needs (USAGE or SELECT on the source, CREATE on the target). */
    INSUFFICIENT_PRIVILEGE("insufficient-privilege"),
    /** A pre-flight check found the clone would fail, for a reason none of the other codes names. */
    PREFLIGHT_FAILED("preflight-failed"),
    /** A table lock was not granted within {@code lock_wait_timeout}. */
    LOCK_TIMEOUT("lock-timeout"),
    /**
     * A task's table cannot be read by a new session while DDL waits behind the job's own locks; the coordinator
     * reads it through the snapshot keeper instead.
     */
    LOCK_QUEUED("lock-queued"),
    SNAPSHOT_LOST("snapshot-lost"),
    /** What the snapshot sees of a table was destroyed after it was taken (TRUNCATE, VACUUM FULL, …). */
    SNAPSHOT_INVALIDATED("snapshot-invalidated"),

    // ---- phases and tasks --------------------------------------------------------------------------------------
    SNAPSHOT_FAILED("snapshot-failed"),
    CATALOG_FAILED("catalog-failed"),
    PRE_DATA_FAILED("pre-data-failed"),
    COPY_FAILED("copy-failed"),
    POST_DATA_FAILED("post-data-failed"),
    FINALIZE_FAILED("finalize-failed"),
    /**
     * An in-place mask or a masking policy could not be applied on the target after its checks passed (a trigger or a
     * constraint refused a batch, a lost connection): the batches committed before stay masked and are the run's
     * recorded progress, which the next job with the same masks continues.
     */
    MASK_FAILED("mask-failed"),
    /** A report could not be computed for a reason that is not one of the above. */
    REPORT_FAILED("report-failed"),
    /**
     * The inspector that ran a report stopped (or stopped renewing it) before the report ended; nothing was changed
     * anywhere, reports only read: ask again.
     */
    INSPECTOR_STOPPED("inspector-stopped"),
    COORDINATOR_STOPPED("coordinator-stopped"),
    COORDINATOR_RESTARTED("coordinator-restarted");

    private static final Map<String, ErrorCode> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ErrorCode::code, Function.identity()));

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    /** The code as it travels. */
    public String code() {
        return code;
    }

    /** The code of a received message; empty for a code this version does not know. */
    public static Optional<ErrorCode> of(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    @Override
    public String toString() {
        return code;
    }
}
