package dev.pgclone.coordinator.job;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.command.CloneScope;
import dev.pgclone.contracts.command.StartClone;
import dev.pgclone.contracts.connection.ConnectionSpec;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.event.ErrorInfo;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.event.TaskEvent;
import dev.pgclone.contracts.job.JobProgress;
import dev.pgclone.contracts.job.JobRequest;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.job.MaskedColumn;
import dev.pgclone.contracts.job.Phase;
import dev.pgclone.contracts.job.PhaseSummary;
import dev.pgclone.contracts.mask.ColumnMask;
import dev.pgclone.contracts.mask.MaskStrategy;
import dev.pgclone.contracts.options.CloneOptions;
import dev.pgclone.contracts.task.CopyLargeObjectsTask;
import dev.pgclone.contracts.task.CopySpec;
import dev.pgclone.contracts.task.CopyTableTask;
import dev.pgclone.contracts.task.TableRef;
import dev.pgclone.contracts.task.Task;
import dev.pgclone.coordinator.applied.AppliedReport;
import dev.pgclone.coordinator.applied.AppliedState;
import dev.pgclone.coordinator.plan.ClonePlan;
import dev.pgclone.coordinator.plan.PlanPreflight;
import dev.pgclone.coordinator.plan.PlannedObject;
import dev.pgclone.coordinator.plan.PlannedTable;
import dev.pgclone.coordinator.snapshot.KeeperState;
import dev.pgclone.coordinator.snapshot.SnapshotKeeper;
import dev.pgclone.coordinator.target.OwnershipSteps;
import dev.pgclone.coordinator.target.PostDataSteps;
import dev.pgclone.coordinator.target.TargetDatabases;
import dev.pgclone.coordinator.target.TargetWriter;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.catalog.SchemaDef;
import dev.pgclone.pg.connect.SessionRole;
import dev.pgclone.pg.copy.CopyOutcome;
import dev.pgclone.pg.failure.CloneFailure;
import dev.pgclone.pg.failure.FatalFailure;
import dev.pgclone.pg.failure.PgFailures;
import dev.pgclone.pg.failure.RetriableFailure;
import dev.pgclone.pg.ledger.TaskLedger;
import dev.pgclone.pg.mask.MaskCheck;
import dev.pgclone.pg.mask.MaskingRecord;
import dev.pgclone.pg.preflight.PreflightReport;
import dev.pgclone.pg.snapshot.SnapshotSessions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One clone job's state machine. Every transition happens on the job's own thread (commands and task events
 * are handed to it), is stored and is published as a job event. Phases run in {@link Phase} order; the snapshot
 * keeper is held from SNAPSHOT until the job ends, whichever way it ends.
 */
final class CloneRun {

    private static final Logger LOG = Logger.getLogger(CloneRun.class);

    private final String id;
    private final StartClone command;
    private final Conninfo source;
    /** The target database; for database-create it changes to the created database once it exists. */
    private Conninfo target;
    private ConnectionSpec targetSpec;
    private final RunContext ctx;
    private final Consumer<CloneRun> onEnd;
    private final ExecutorService thread;

    /** Read by keeper copies on their own thread to stop once the job has ended. */
    private volatile JobStatus status = JobStatus.PENDING;
    private Phase phase = Phase.ACCEPTED;
    private final Instant submittedAt = Instant.now();
    private Instant startedAt;
    private Instant finishedAt;
    private String error;
    private String snapshotId;
    private long version;
    private final List<PhaseSummary> summary = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    /** What the target keeps, for a job that ends without completing (replaced when the account gets exact). */
    private List<String> appliedWarnings = List.of();
    private AppliedState applied = AppliedState.NOTHING;

    private SnapshotKeeper keeper;
    private ClonePlan plan;
    private List<PlannedObject> created = List.of();
    private List<PlannedTable> tables = List.of();
    private CopyScheduler copies = new CopyScheduler("", List.of(), List.of(), 1);
    private long phaseStartNanos = System.nanoTime();
    private int phaseObjects;
    private long lastProgressNanos;
    private long lastAppliedSaveNanos;

    CloneRun(StartClone command, Conninfo source, Conninfo target, RunContext ctx, Consumer<CloneRun> onEnd) {
        this.id = command.jobId();
        this.command = command;
        this.source = source;
        this.target = target;
        this.targetSpec = command.target();
        this.ctx = ctx;
        this.onEnd = onEnd;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "job-" + id.substring(Math.max(0, id.length() - 12)));
            t.setDaemon(true);
            return t;
        });
    }

    String id() {
        return id;
    }

    /** The job as it is now; {@code version} is bumped by {@link #publish}. */
    JobView view() {
        CloneOptions options = command.options();
        List<String> all = new ArrayList<>(warnings);
        all.addAll(appliedWarnings);
        return new JobView(id, command.scope().kind(), status, phase, command.source().display(),
                command.target().display(), new JobRequest(command.scope(), command.includeData(), options),
                submittedAt, startedAt, finishedAt, progress(), summary, all, error, snapshotId, version, masking());
    }

    /** The masking evidence: every masked column with the rows its table has loaded so far. */
    private List<MaskedColumn> masking() {
        if (plan == null || plan.masking().isEmpty() || !command.includeData()) {
            return List.of(); // checked all the same, but a clone without data masked nothing
        }
        List<MaskedColumn> out = new ArrayList<>();
        for (PlannedTable t : plan.tables()) {
            if (!t.holdsRows()) {
                continue; // a partitioned table's rows are its partitions', each listed
            }
            long rows = copies.rowsOf(t.source().oid());
            for (MaskCheck.Decision d : plan.masking().byTable().getOrDefault(t.source().oid(), List.of())) {
                out.add(new MaskedColumn(t.ddl().target().toString(), d.column(), d.requested().strategy().json(),
                        d.requested().parameters(), rows, d.nulled() == null ? MaskedColumn.Status.MASKED
                        : MaskedColumn.Status.NULLED, d.nulled()));
            }
        }
        return out;
    }

    /** Publishes the accepted job, then runs it. */
    void start() {
        onThread(() -> {
            publish(h -> new JobEvent.JobAccepted(h, view()));
            runPhases();
        });
    }

    void onTaskEvent(TaskEvent event) {
        onThread(() -> handle(event));
    }

    void cancel(String reason) {
        onThread(() -> {
            if (status.terminal()) {
                return;
            }
            String why = reason == null || reason.isBlank() ? "cancelled on request" : reason;
            end(JobStatus.CANCELLED, null, h -> new JobEvent.JobCancelled(h, view(), why));
        });
    }

    /** Called by the keeper watch (any thread). */
    void pingKeeper() {
        SnapshotKeeper k = keeper;
        if (k == null) {
            return;
        }
        String problem = k.ping();
        if (problem != null) {
            onThread(() -> failSnapshotLost(problem));
        }
    }

    private void failSnapshotLost(String problem) {
        fail(ErrorCode.SNAPSHOT_LOST, "the snapshot keeper's connection to the source was lost (" + problem
                + "); likely causes: the source restarted, a firewall or NAT dropped the connection, or "
                + "idle_in_transaction_session_timeout or an administrator ended the session. Run the clone again, "
                + "or pass \"consistent\": false to clone without a shared snapshot", false);
    }

    /**
     * Before a task's failure ends the job: when the keeper is gone, that is the cause, whatever the task saw (a copy
     * dispatched after the keeper died fails with only "invalid snapshot identifier"). Fails the job as snapshot-lost
     * then; returns whether it did.
     */
    private boolean failedBecauseTheKeeperIsLost() {
        SnapshotKeeper k = keeper;
        if (k == null) {
            return false;
        }
        String problem = k.ping();
        if (problem == null && k.state() != KeeperState.LOST) {
            return false;
        }
        failSnapshotLost(problem == null ? "found when a copy task failed" : problem);
        return true;
    }

    /** Stops the job because the coordinator is going away. */
    void abandon(String reason) {
        onThread(() -> fail(ErrorCode.COORDINATOR_STOPPED, reason, false));
    }

    // ---- phases -----------------------------------------------------------------------------------------------

    private void runPhases() {
        status = JobStatus.RUNNING;
        startedAt = Instant.now();
        try {
            enter(Phase.SNAPSHOT);
            openSnapshot();
            enter(Phase.CATALOG);
            plan = readPlan();
            if (keeper != null) {
                keeper.lockMore(plan.tables().stream().map(t -> t.source().name()).toList());
            }
            warnings.addAll(plan.warnings());
            phaseObjects = plan.objects().size();
            if (!(command.scope() instanceof CloneScope.DatabaseCreate)) {
                preflight("Nothing was changed");
            }
            enter(Phase.PRE_DATA);
            if (command.scope() instanceof CloneScope.DatabaseCreate create) {
                useCreatedDatabase(create.targetDatabase());
                preflight("Nothing was created in database \"" + create.targetDatabase() + "\"");
            }
            createTargetObjects(plan);
            if (command.includeData() && (tables.stream().anyMatch(PlannedTable::holdsRows) || !plan.largeObjects().isEmpty())) {
                enter(Phase.COPY_DATA);
                copies = new CopyScheduler(id, tables,
                        plan.largeObjects().stream().map(dev.pgclone.pg.catalog.LargeObjectDef::oid).toList(),
                        command.options().parallelOrDefault());
                copies.dispatchMore(this::publishTask);
            } else {
                finishAfterData();
            }
        } catch (Exception e) {
            failFrom(e);
        }
    }

    /**
     * Holds the job's snapshot and the ACCESS SHARE locks on every relation it reads until the job ends (a keeper of
     * the caller's snapshot for {@code snapshot_id}); without a snapshot each worker locks its own table.
     */
    private void openSnapshot() throws SQLException {
        CloneOptions options = command.options();
        SnapshotKeeper.ReadSet readSet = c -> ctx.planner().relationsToRead(command, c);
        if (options.snapshotId() != null) {
            keeper = SnapshotKeeper.importing(id, source, ctx.connector(), options.snapshotId(), readSet, lockWait());
            snapshotId = options.snapshotId();
            warnings.add("using the caller's snapshot " + snapshotId + "; it must stay exported until the job ends");
        } else if (options.consistentOrDefault()) {
            keeper = SnapshotKeeper.open(id, source, ctx.connector(), readSet, lockWait());
            snapshotId = keeper.snapshotId();
        } else {
            warnings.add("consistent: false: tables are read at different moments, cross-table consistency is not guaranteed");
        }
    }

    /**
     * Reads the catalog under the snapshot: on the keeper's own session when there is one (it holds the locks, so
     * functions that lock what they describe never queue behind DDL waiting for the job), else on a session of its own.
     */
    private ClonePlan readPlan() throws SQLException {
        return readSource(session -> ctx.planner().plan(command, session, ctx.maskKey() != null));
    }

    private <T> T readSource(SnapshotKeeper.Work<T> work) throws SQLException {
        if (keeper != null) {
            return keeper.read(work);
        }
        try (Connection catalog = ctx.connector().open(source, SessionRole.SOURCE)) {
            SnapshotSessions.beginReadOnly(catalog, snapshotId);
            T result = work.run(catalog);
            SnapshotSessions.end(catalog);
            return result;
        }
    }

    /**
     * The shared pre-flight checks for what the plan creates, read-only on both sides (the source under the job's
     * snapshot): an error fails the job before anything is created, ending the message with {@code outcome}; the
     * warnings nothing later reports join the job's.
     */
    private void preflight(String outcome) throws SQLException, InterruptedException {
        PreflightReport report = retrying("pre-flight checks", () -> {
            try (Connection tgt = ctx.connector().open(target, SessionRole.TARGET)) {
                SnapshotSessions.beginReadOnly(tgt, null);
                try {
                    return readSource(src -> PlanPreflight.run(command, plan, src, tgt, keeper != null));
                } finally {
                    SnapshotSessions.end(tgt);
                }
            }
        });
        warnings.addAll(report.jobWarnings());
        Optional<FatalFailure> refusal = report.refusal(outcome);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
    }

    /** database-create: make the database when missing, then every target session and task goes there. */
    private void useCreatedDatabase(String name) throws SQLException {
        try (Connection maintenance = ctx.connector().open(target, SessionRole.TARGET)) {
            String note = TargetDatabases.ensure(maintenance, name, plan.database());
            if (note != null && !note.isEmpty()) {
                warnings.add(note);
            }
            LOG.infof("target database %s %s", name, note == null ? "exists" : "created");
        }
        target = target.withDbname(name);
        targetSpec = new ConnectionSpec(Conninfo.parse(command.target().conninfo()).withDbname(name).render(),
                command.target().sealedSecrets());
        record(applied.withTargetDatabase(name));
    }

    /**
     * Pre-data, then the task ledger. Pre-data is one transaction, so a connection lost in the middle left nothing
     * and it is simply run again (up to the task attempt limit, with backoff).
     */
    private void createTargetObjects(ClonePlan plan) throws SQLException, InterruptedException {
        TargetWriter.PreDataResult result = retrying("pre-data", () -> {
            try (Connection tgt = ctx.connector().open(target, SessionRole.TARGET)) {
                return ctx.writer().applyPreData(tgt, plan, command.options());
            }
        });
        created = result.created();
        tables = result.tables();
        warnings.addAll(result.warnings());
        phaseObjects = result.statements();
        List<String> tableNames = tables.stream().map(t -> t.ddl().target().toString()).toList();
        record(applied.withPreData(created.size(), tableNames, false));
        if (command.includeData() && (tables.stream().anyMatch(PlannedTable::holdsRows) || !plan.largeObjects().isEmpty())) {
            retrying("task ledger creation", () -> {
                try (Connection tgt = ctx.connector().open(target, SessionRole.TARGET)) {
                    new TaskLedger(id).create(tgt);
                }
                return null;
            });
            record(applied.withPreData(created.size(), tableNames, true));
        }
    }

    private interface SqlStep<T> {
        T run() throws SQLException;
    }

    /** Runs an idempotent or all-or-nothing step again after retriable failures (connection lost, server restart). */
    private <T> T retrying(String what, SqlStep<T> step) throws SQLException, InterruptedException {
        int max = ctx.config().coordinator().maxTaskAttempts();
        for (int attempt = 1; ; attempt++) {
            try {
                return step.run();
            } catch (SQLException | RetriableFailure e) {
                CloneFailure failure = CloneFailure.of(phaseCode(), "failed during " + phaseName() + ": "
                        + PgFailures.describe(e), e);
                if (!failure.retriable() || attempt >= max) {
                    throw failure;
                }
                long delay = backoff(attempt);
                LOG.warnf("%s failed (attempt %d of %d, retrying in %d ms): %s", what, attempt, max, delay,
                        failure.getMessage());
                Thread.sleep(delay);
            }
        }
    }

    private long backoff(int attempt) {
        long base = ctx.config().coordinator().retryBackoff().toMillis() << Math.min(attempt - 1, 5);
        return Math.min(30_000, base + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }

    /** Publishes a task's current attempt (the scheduler decides which and when). */
    private void publishTask(TaskRun task) {
        ctx.publisher().publish(taskMessage(task));
        LOG.infof("dispatched %s (attempt %d)", task.tableName(), task.attempt);
    }

    /** The task's current attempt as workers receive it. */
    private Task taskMessage(TaskRun task) {
        if (task.largeObjects != null) {
            return new CopyLargeObjectsTask(header(), task.taskId, task.attempt, snapshotId, command.source(), targetSpec,
                    task.largeObjects, command.options().conflictOrDefault());
        }
        PlannedTable table = task.table;
        TableRef from = new TableRef(table.source().name().schema(), table.source().name().name());
        TableRef to = new TableRef(table.ddl().target().schema(), table.ddl().target().name());
        // Masked columns travel only as masks: never among the raw columns, on every path (parts, retries, keeper).
        List<ColumnMask> masks = plan.masking().masks(table.source().oid());
        List<String> raw = table.ddl().copyColumns().stream()
                .filter(c -> masks.stream().noneMatch(m -> m.column().equals(c))).toList();
        boolean keyed = masks.stream().anyMatch(m -> m.rule().strategy() == MaskStrategy.KEYED_HASH);
        CopySpec spec = new CopySpec(from, to, raw, command.options().where(), task.part,
                !table.source().partitioned(), lockWait().toMillis(), masks, keyed ? ctx.maskKey().id() : null);
        return new CopyTableTask(header(), task.taskId, task.attempt, snapshotId, command.source(), targetSpec, spec);
    }

    /**
     * DDL waits behind the keeper's lock on this table, and PostgreSQL queues every new session's read behind that
     * DDL: only the keeper, which holds the lock, can still read it. The copy streams through the keeper's session
     * (one at a time, off the job's thread); its outcome comes back as the task's events.
     */
    private void copyThroughKeeper(TaskRun task) {
        CopyTableTask message = (CopyTableTask) taskMessage(task);
        LOG.infof("%s waits behind DDL queued for the job's locks: reading it through the snapshot keeper",
                task.tableName());
        ctx.keeperCopies().execute(() -> {
            String by = ctx.producer() + " (snapshot keeper)";
            onThread(() -> handle(new TaskEvent.TaskStarted(header(), task.taskId, message.attempt(), by)));
            long started = System.nanoTime();
            try {
                CopyOutcome outcome = keeper.read(session -> ctx.keeperCopier().copyThrough(message, session, target,
                        (rows, bytes) -> onThread(() -> handle(new TaskEvent.TaskProgressed(header(), task.taskId,
                                message.attempt(), by, rows, bytes))),
                        status::terminal));
                long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
                onThread(() -> handle(new TaskEvent.TaskCompleted(header(), task.taskId, message.attempt(), by,
                        outcome.rows(), outcome.bytes(), ms, outcome.alreadyApplied())));
            } catch (Exception e) {
                CloneFailure failure = CloneFailure.of(ErrorCode.COPY_FAILED, PgFailures.describe(e), e);
                onThread(() -> handle(new TaskEvent.TaskFailed(header(), task.taskId, message.attempt(), by,
                        failure.toErrorInfo())));
            }
        });
    }

    private void handle(TaskEvent event) {
        if (status.terminal()) {
            return;
        }
        Optional<TaskRun> current = copies.current(event);
        if (current.isEmpty()) {
            return; // an older attempt, a duplicate, or a task already done
        }
        TaskRun task = current.get();
        try {
            if (event instanceof TaskEvent.TaskStarted) {
                copies.started(task);
            } else if (event instanceof TaskEvent.TaskProgressed p) {
                copies.progressed(task, p.rows(), p.bytes());
                publishProgress(false);
            } else if (event instanceof TaskEvent.TaskCompleted done) {
                boolean allDone = copies.completed(task, done.rows(), done.bytes());
                publishProgress(true);
                if (allDone) {
                    finishAfterData();
                } else {
                    copies.dispatchMore(this::publishTask);
                }
            } else if (event instanceof TaskEvent.TaskFailed failed) {
                onTaskFailed(task, failed.error());
            }
        } catch (Exception e) {
            failFrom(e);
        }
    }

    private void onTaskFailed(TaskRun task, ErrorInfo cause) {
        copies.failed(task);
        if (ErrorCode.LOCK_QUEUED.code().equals(cause.code()) && keeper != null && task.table != null) {
            copies.dispatch(task, this::copyThroughKeeper);
            return;
        }
        int max = ctx.config().coordinator().maxTaskAttempts();
        if (cause.retriable() && task.attempt < max) {
            long delay = backoff(task.attempt);
            LOG.warnf("copy of %s failed (attempt %d of %d, retrying in %d ms): %s", task.tableName(), task.attempt,
                    max, delay, cause.message());
            ctx.scheduler().schedule(() -> onThread(() -> {
                if (!status.terminal()) {
                    copies.dispatch(task, this::publishTask);
                }
            }), delay, TimeUnit.MILLISECONDS);
            return;
        }
        if (failedBecauseTheKeeperIsLost()) {
            return;
        }
        fail(ErrorCode.of(cause.code()).orElse(ErrorCode.COPY_FAILED), "copy of " + task.tableName() + " failed" + (task.attempt > 1 ? " after " + task.attempt + " attempts" : "")
                + ": " + cause.message(), false);
    }

    private void finishAfterData() throws SQLException {
        enter(Phase.POST_DATA);
        try (Connection tgt = ctx.connector().open(target, SessionRole.TARGET)) {
            List<PostDataSteps.Step> postData = PostDataSteps.postData(created, command.options(), command.includeData());
            List<PostDataSteps.Step> finish = new ArrayList<>(PostDataSteps.finish(created, plan));
            // A single-table clone leaves the schema as it is; wider clones make it the source's, from what it has now.
            List<SchemaDef> schemas = command.scope() instanceof CloneScope.Table ? List.of() : plan.schemas();
            OwnershipSteps.Result ownership = OwnershipSteps.of(schemas,
                    ctx.writer().schemas(tgt, schemas.stream().map(SchemaDef::name).toList()), created,
                    command.includeData() ? plan.largeObjects() : List.of(), ctx.writer().currentUser(tgt),
                    ctx.writer().roles(tgt));
            finish.addAll(ownership.steps());
            int total = statements(postData) + statements(finish);
            int[] done = {0};
            record(applied.withPostData(total, 0));
            for (PostDataSteps.Step step : postData) {
                phaseObjects += apply(tgt, step, total, done);
            }
            enter(Phase.FINALIZE);
            for (PostDataSteps.Step step : finish) {
                phaseObjects += apply(tgt, step, total, done);
            }
            if (ownership.warning() != null) {
                warnings.add(ownership.warning());
            }
            tables.forEach(t -> warnings.addAll(t.ddl().warnings()));
        }
        recordMasking();
        end(JobStatus.COMPLETED, null, h -> new JobEvent.JobCompleted(h, view()));
        LOG.infof("job completed: %d objects, %d tables, %d rows", created.size(), tables.size(), progress().rowsCopied());
    }

    /**
     * The service's record of the masked columns on the target ({@link MaskingRecord}, read by masking-report and
     * verify), in one transaction: what the job's evidence says, with the rows each table loaded.
     */
    private void recordMasking() throws SQLException {
        if (!command.includeData() || plan.masking().isEmpty()) {
            return;
        }
        List<MaskingRecord.Entry> entries = new ArrayList<>();
        for (PlannedTable t : plan.tables()) {
            if (!t.holdsRows()) {
                continue;
            }
            long rows = copies.rowsOf(t.source().oid());
            for (MaskCheck.Decision d : plan.masking().byTable().getOrDefault(t.source().oid(), List.of())) {
                entries.add(new MaskingRecord.Entry(t.ddl().target().schema(), t.ddl().target().name(), d.column(),
                        MaskingRecord.Method.CLONE, d.mask().rule(), id, rows));
            }
        }
        try (Connection tgt = ctx.connector().open(target, SessionRole.TARGET)) {
            tgt.setAutoCommit(false);
            MaskingRecord.record(tgt, entries);
            tgt.commit();
        }
    }

    private int apply(Connection tgt, PostDataSteps.Step step, int total, int[] done) throws SQLException {
        int ok = ctx.writer().apply(tgt, step.sql(), step.tolerated(), step.what(), warnings);
        done[0] += step.sql().size();
        applied = applied.withPostData(total, done[0]);
        long now = System.nanoTime();
        if (now - lastAppliedSaveNanos >= ctx.config().coordinator().progressInterval().toNanos()) {
            lastAppliedSaveNanos = now;
            record(applied); // at a bounded rate: thousands of statements must not mean thousands of writes
        }
        return ok;
    }

    private static int statements(List<PostDataSteps.Step> steps) {
        return steps.stream().mapToInt(s -> s.sql().size()).sum();
    }

    /** Keeps {@link #applied} and stores it, so a coordinator that dies now still leaves an exact account. */
    private void record(AppliedState state) {
        applied = state;
        try {
            ctx.store().saveApplied(id, state);
        } catch (SQLException e) {
            LOG.errorf("could not store what job %s applied: %s", id, PgFailures.describe(e));
        }
    }

    // ---- failure and end --------------------------------------------------------------------------------------

    private void failFrom(Exception e) {
        CloneFailure failure = CloneFailure.of(phaseCode(), "failed during " + phaseName() + ": "
                + PgFailures.describe(e), e);
        if (!(e instanceof CloneFailure)) {
            LOG.errorf("job failed in %s: %s", phase, failure.getMessage());
        }
        fail(failure.code(), failure.getMessage(), failure.retriable());
    }

    private ErrorCode phaseCode() {
        return switch (phase) {
            case ACCEPTED, SNAPSHOT -> ErrorCode.SNAPSHOT_FAILED;
            case CATALOG -> ErrorCode.CATALOG_FAILED;
            case PRE_DATA -> ErrorCode.PRE_DATA_FAILED;
            case COPY_DATA -> ErrorCode.COPY_FAILED;
            case POST_DATA -> ErrorCode.POST_DATA_FAILED;
            case FINALIZE, DONE -> ErrorCode.FINALIZE_FAILED;
        };
    }

    private String phaseName() {
        return phase.name().toLowerCase().replace('_', ' ');
    }

    private void fail(ErrorCode code, String message, boolean retriable) {
        if (status.terminal()) {
            return;
        }
        LOG.warnf("job failed: %s", message);
        end(JobStatus.FAILED, message, h -> new JobEvent.JobFailed(h, view(), new ErrorInfo(code, message, retriable, null)));
    }

    /**
     * Ends the job: closes the phase, announces the end, releases the snapshot and drops the ledger, stops the job's
     * thread. A cancelled or failed job is announced first, so workers roll back their running copies at once (the
     * ledger cannot be dropped while a copy holds it), then announced again with the exact account of what the
     * target keeps, read from the ledger as it is dropped; a completed one after the clean-up, so whoever sees
     * COMPLETED finds the target without the ledger.
     */
    private void end(JobStatus finalStatus, String message, Function<MessageHeader, JobEvent> event) {
        closePhase();
        status = finalStatus;
        error = message;
        finishedAt = Instant.now();
        phase = finalStatus == JobStatus.COMPLETED ? Phase.DONE : phase;
        onEnd.accept(this);
        if (finalStatus == JobStatus.COMPLETED) {
            cleanUp();
            publish(event);
        } else {
            copies.settle();
            appliedWarnings = AppliedReport.pending(applied);
            publish(event);
            List<String> before = appliedWarnings;
            cleanUp();
            if (!appliedWarnings.equals(before)) {
                publish(event);
            }
        }
        thread.shutdown();
    }

    /** Releases the snapshot and drops the ledger; for a job ending early, settles its account from the ledger. */
    private void cleanUp() {
        if (keeper != null) {
            keeper.release();
        }
        if (!applied.ledger()) {
            return;
        }
        TaskLedger ledger = new TaskLedger(id);
        Optional<List<TaskLedger.Entry>> loaded = Optional.empty();
        String problem = null;
        try (Connection tgt = ctx.connector().open(target, SessionRole.TARGET)) {
            loaded = ledger.drop(tgt);
        } catch (SQLException | RuntimeException e) {
            problem = PgFailures.describe(e);
            LOG.warnf("could not remove the task ledger %s: %s", ledger.name(), problem);
        }
        if (status != JobStatus.COMPLETED) {
            appliedWarnings = AppliedReport.warnings(applied, loaded, problem, ledger.name());
        } else if (problem != null) {
            warnings.add(AppliedReport.ledgerLeft(ledger.name(), problem));
        }
    }

    // ---- phases, progress, publishing -------------------------------------------------------------------------

    private void enter(Phase next) {
        Phase from = phase;
        closePhase();
        phase = next;
        phaseStartNanos = System.nanoTime();
        phaseObjects = 0;
        LOG.infof("phase %s", next);
        publish(h -> new JobEvent.JobPhaseChanged(h, view(), from, next));
    }

    private void closePhase() {
        if (phase == Phase.ACCEPTED || phase == Phase.DONE || summary.stream().anyMatch(s -> s.phase() == phase)) {
            return;
        }
        long ms = Duration.ofNanos(System.nanoTime() - phaseStartNanos).toMillis();
        JobProgress p = progress();
        boolean data = phase == Phase.COPY_DATA;
        summary.add(new PhaseSummary(phase, ms, data ? p.tablesCompleted() : phaseObjects, data ? p.rowsCopied() : 0,
                data ? p.bytesCopied() : 0));
    }

    private JobProgress progress() {
        return copies.progress();
    }

    private void publishProgress(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastProgressNanos < ctx.config().coordinator().progressInterval().toNanos()) {
            return;
        }
        lastProgressNanos = now;
        publish(h -> new JobEvent.JobProgressed(h, view()));
    }

    private void publish(Function<MessageHeader, JobEvent> event) {
        version++;
        JobEvent e = event.apply(header());
        try {
            ctx.store().save(e.job());
        } catch (SQLException ex) {
            LOG.errorf("could not store job %s: %s", id, PgFailures.describe(ex));
        }
        try {
            ctx.publisher().publish(e);
        } catch (RuntimeException ex) {
            LOG.errorf("could not publish a job event of %s: %s", id, ex.getMessage());
        }
    }

    private Duration lockWait() {
        return command.options().lockWaitTimeoutOr(ctx.config().coordinator().lockWaitTimeout());
    }

    private MessageHeader header() {
        return MessageHeader.create(id, ctx.producer());
    }

    /** Runs work on the job's thread; once the job has ended (its thread stopped) there is nothing left to do. */
    private void onThread(ThrowingRunnable work) {
        if (thread.isShutdown()) {
            return;
        }
        try {
            thread.execute(() -> {
                MDC.put("jobId", id);
                try {
                    work.run();
                } catch (Exception e) {
                    failFrom(e);
                } finally {
                    MDC.clear();
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debugf("job %s has ended: work for it is dropped", id);
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

}
