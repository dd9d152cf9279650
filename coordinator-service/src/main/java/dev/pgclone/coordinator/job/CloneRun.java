package dev.pgclone.coordinator.job;

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
import dev.pgclone.contracts.job.Phase;
import dev.pgclone.contracts.job.PhaseSummary;
import dev.pgclone.contracts.options.CloneOptions;
import dev.pgclone.contracts.task.CopyLargeObjectsTask;
import dev.pgclone.contracts.task.CopySpec;
import dev.pgclone.contracts.task.CopyTableTask;
import dev.pgclone.contracts.task.TableRef;
import dev.pgclone.coordinator.plan.ClonePlan;
import dev.pgclone.coordinator.plan.PlanException;
import dev.pgclone.coordinator.plan.PlannedObject;
import dev.pgclone.coordinator.plan.PlannedTable;
import dev.pgclone.coordinator.snapshot.SnapshotKeeper;
import dev.pgclone.coordinator.target.ConflictException;
import dev.pgclone.coordinator.target.OwnershipSteps;
import dev.pgclone.coordinator.target.PostDataSteps;
import dev.pgclone.coordinator.target.TargetDatabases;
import dev.pgclone.coordinator.target.TargetWriter;
import dev.pgclone.pg.catalog.SchemaDef;
import dev.pgclone.pg.connect.SessionRole;
import dev.pgclone.pg.failure.PgFailure;
import dev.pgclone.pg.failure.PgFailures;
import dev.pgclone.pg.ledger.TaskLedger;
import dev.pgclone.pg.snapshot.SnapshotSessions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
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

    private JobStatus status = JobStatus.PENDING;
    private Phase phase = Phase.ACCEPTED;
    private final Instant submittedAt = Instant.now();
    private Instant startedAt;
    private Instant finishedAt;
    private String error;
    private String snapshotId;
    private long version;
    private final List<PhaseSummary> summary = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private SnapshotKeeper keeper;
    private ClonePlan plan;
    private List<PlannedObject> created = List.of();
    private List<PlannedTable> tables = List.of();
    private boolean ledgerCreated;
    private CopyScheduler copies = new CopyScheduler("", List.of(), List.of(), 1);
    private long phaseStartNanos = System.nanoTime();
    private int phaseObjects;
    private long lastProgressNanos;

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
        return new JobView(id, command.scope().kind(), status, phase, command.source().display(),
                command.target().display(), new JobRequest(command.scope(), command.includeData(), options),
                submittedAt, startedAt, finishedAt, progress(), summary, warnings, error, snapshotId, version);
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
            onThread(() -> fail("snapshot-lost", "the snapshot keeper's connection to the source was lost (" + problem
                    + "); likely causes: the source restarted, a firewall or NAT dropped the connection, or "
                    + "idle_in_transaction_session_timeout or an administrator ended the session. Run the clone again, "
                    + "or pass \"consistent\": false to clone without a shared snapshot", false));
        }
    }

    /** Stops the job because the coordinator is going away. */
    void abandon(String reason) {
        onThread(() -> fail("coordinator-stopped", reason, false));
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
            warnings.addAll(plan.warnings());
            phaseObjects = plan.objects().size();
            enter(Phase.PRE_DATA);
            if (command.scope() instanceof CloneScope.DatabaseCreate create) {
                useCreatedDatabase(create.targetDatabase());
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

    private void openSnapshot() throws SQLException {
        CloneOptions options = command.options();
        if (options.snapshotId() != null) {
            snapshotId = options.snapshotId();
            warnings.add("using the caller's snapshot " + snapshotId + "; it must stay exported until the job ends");
        } else if (options.consistentOrDefault()) {
            keeper = wrap("source", () -> SnapshotKeeper.open(id, source, ctx.connector()));
            snapshotId = keeper.snapshotId();
        } else {
            warnings.add("consistent: false: tables are read at different moments, cross-table consistency is not guaranteed");
        }
    }

    private ClonePlan readPlan() throws SQLException {
        try (Connection catalog = wrap("source", () -> ctx.connector().open(source, SessionRole.SOURCE))) {
            SnapshotSessions.beginReadOnly(catalog, snapshotId);
            ClonePlan plan = ctx.planner().plan(command, catalog);
            SnapshotSessions.end(catalog);
            return plan;
        }
    }

    /** database-create: make the database when missing, then every target session and task goes there. */
    private void useCreatedDatabase(String name) throws SQLException {
        try (Connection maintenance = wrap("target", () -> ctx.connector().open(target, SessionRole.TARGET))) {
            String note = TargetDatabases.ensure(maintenance, name, plan.database());
            if (note != null && !note.isEmpty()) {
                warnings.add(note);
            }
            LOG.infof("target database %s %s", name, note == null ? "exists" : "created");
        }
        target = target.withDbname(name);
        targetSpec = new ConnectionSpec(Conninfo.parse(command.target().conninfo()).withDbname(name).render(),
                command.target().sealedSecrets());
    }

    private void createTargetObjects(ClonePlan plan) throws SQLException {
        try (Connection tgt = wrap("target", () -> ctx.connector().open(target, SessionRole.TARGET))) {
            TargetWriter.PreDataResult result = ctx.writer().applyPreData(tgt, plan, command.options());
            created = result.created();
            tables = result.tables();
            warnings.addAll(result.warnings());
            phaseObjects = result.statements();
            if (command.includeData() && (tables.stream().anyMatch(PlannedTable::holdsRows) || !plan.largeObjects().isEmpty())) {
                new TaskLedger(id).create(tgt);
                ledgerCreated = true;
            }
        }
    }

    /** Publishes a task's current attempt (the scheduler decides which and when). */
    private void publishTask(TaskRun task) {
        if (task.largeObjects != null) {
            ctx.publisher().publish(new CopyLargeObjectsTask(header(), task.taskId, task.attempt, snapshotId,
                    command.source(), targetSpec, task.largeObjects, command.options().conflictOrDefault()));
        } else {
            PlannedTable table = task.table;
            TableRef from = new TableRef(table.source().name().schema(), table.source().name().name());
            TableRef to = new TableRef(table.ddl().target().schema(), table.ddl().target().name());
            CopySpec spec = new CopySpec(from, to, table.ddl().copyColumns(), command.options().where(), task.part,
                    !table.source().partitioned(), snapshotId == null ? lockWait().toMillis() : null);
            ctx.publisher().publish(new CopyTableTask(header(), task.taskId, task.attempt, snapshotId, command.source(),
                    targetSpec, spec));
        }
        LOG.infof("dispatched %s (attempt %d)", task.tableName(), task.attempt);
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
        int max = ctx.config().coordinator().maxTaskAttempts();
        if (cause.retriable() && task.attempt < max) {
            long base = ctx.config().coordinator().retryBackoff().toMillis() << Math.min(task.attempt - 1, 5);
            long delay = Math.min(30_000, base + ThreadLocalRandom.current().nextLong(base / 2 + 1));
            LOG.warnf("copy of %s failed (attempt %d of %d, retrying in %d ms): %s", task.tableName(), task.attempt,
                    max, delay, cause.message());
            ctx.scheduler().schedule(() -> onThread(() -> {
                if (!status.terminal()) {
                    copies.dispatch(task, this::publishTask);
                }
            }), delay, TimeUnit.MILLISECONDS);
            return;
        }
        fail(cause.code(), "copy of " + task.tableName() + " failed" + (task.attempt > 1 ? " after " + task.attempt + " attempts" : "")
                + ": " + cause.message(), false);
    }

    private void finishAfterData() throws SQLException {
        enter(Phase.POST_DATA);
        try (Connection tgt = wrap("target", () -> ctx.connector().open(target, SessionRole.TARGET))) {
            for (PostDataSteps.Step step : PostDataSteps.postData(created, command.options(), command.includeData())) {
                phaseObjects += ctx.writer().apply(tgt, step.sql(), step.tolerated(), step.what(), warnings);
            }
            enter(Phase.FINALIZE);
            for (PostDataSteps.Step step : PostDataSteps.finish(created, plan)) {
                phaseObjects += ctx.writer().apply(tgt, step.sql(), step.tolerated(), step.what(), warnings);
            }
            // A single-table clone leaves the schema as it is; wider clones make it the source's, from what it has now.
            List<SchemaDef> schemas = command.scope() instanceof CloneScope.Table ? List.of() : plan.schemas();
            OwnershipSteps.Result ownership = OwnershipSteps.of(schemas,
                    ctx.writer().schemas(tgt, schemas.stream().map(SchemaDef::name).toList()), created,
                    command.includeData() ? plan.largeObjects() : List.of(), ctx.writer().currentUser(tgt),
                    ctx.writer().roles(tgt));
            for (PostDataSteps.Step step : ownership.steps()) {
                phaseObjects += ctx.writer().apply(tgt, step.sql(), step.tolerated(), step.what(), warnings);
            }
            if (ownership.warning() != null) {
                warnings.add(ownership.warning());
            }
            tables.forEach(t -> warnings.addAll(t.ddl().warnings()));
        }
        end(JobStatus.COMPLETED, null, h -> new JobEvent.JobCompleted(h, view()));
        LOG.infof("job completed: %d objects, %d tables, %d rows", created.size(), tables.size(), progress().rowsCopied());
    }

    // ---- failure and end --------------------------------------------------------------------------------------

    private void failFrom(Exception e) {
        if (e instanceof PlanException plan) {
            fail(plan.code(), plan.getMessage(), false);
        } else if (e instanceof ConflictException conflict) {
            fail("target-conflict", conflict.getMessage(), false);
        } else if (e instanceof SideException side) {
            PgFailure failure = PgFailures.classify(side.getCause());
            fail(side.side + "-unavailable", "could not connect to the " + side.side + ": " + failure.message(),
                    failure.retriable());
        } else {
            PgFailure failure = PgFailures.classify(e);
            LOG.errorf("job failed in %s: %s", phase, failure.message());
            fail(phase.name().toLowerCase().replace('_', '-') + "-failed",
                    "failed during " + phase.name().toLowerCase().replace('_', ' ') + ": " + failure.message(),
                    failure.retriable());
        }
    }

    private void fail(String code, String message, boolean retriable) {
        if (status.terminal()) {
            return;
        }
        LOG.warnf("job failed: %s", message);
        if (phase.compareTo(Phase.PRE_DATA) > 0) {
            warnings.add("the target keeps what was applied before the failure: " + appliedSoFar());
        }
        end(JobStatus.FAILED, message, h -> new JobEvent.JobFailed(h, view(), new ErrorInfo(code, message, retriable, null)));
    }

    private String appliedSoFar() {
        return tables.size() + " table(s) created, " + copies.committedSoFar() + ", phases "
                + summary.stream().map(s -> s.phase().name()).toList() + " completed";
    }

    /**
     * Ends the job: closes the phase, announces the end, releases the snapshot and drops the ledger, stops the job's
     * thread. A cancelled or failed job is announced first, so workers roll back their running copies at once (the
     * ledger cannot be dropped while a copy holds it); a completed one after the clean-up, so whoever sees COMPLETED
     * finds the target without the ledger. A clean-up problem is announced again as a warning.
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
            publish(event);
            if (!cleanUp()) {
                publish(event);
            }
        }
        thread.shutdown();
    }

    /** @return whether everything was released */
    private boolean cleanUp() {
        if (keeper != null) {
            keeper.release();
        }
        if (ledgerCreated) {
            try (Connection tgt = ctx.connector().open(target, SessionRole.TARGET)) {
                new TaskLedger(id).drop(tgt);
            } catch (SQLException e) {
                String warning = "could not remove the task ledger " + TaskLedger.SCHEMA + ".ledger_" + id
                        + " from the target (drop it by hand): " + PgFailures.describe(e);
                LOG.warn(warning);
                warnings.add(warning);
                return false;
            }
        }
        return true;
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

    private void onThread(ThrowingRunnable work) {
        if (thread.isShutdown()) {
            return;
        }
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
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private interface SqlSupplier<T> {
        T get() throws SQLException;
    }

    /** Tags connection failures with the side they happened on. */
    private static <T> T wrap(String side, SqlSupplier<T> open) throws SideException {
        try {
            return open.get();
        } catch (SQLException e) {
            throw new SideException(side, e);
        }
    }

    private static final class SideException extends SQLException {
        final String side;

        SideException(String side, SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause);
            this.side = side;
        }
    }
}
