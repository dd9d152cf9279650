package dev.pgclone.coordinator.masking;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.Ids;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.command.CancelJob;
import dev.pgclone.contracts.command.Command;
import dev.pgclone.contracts.command.CreateMaskingPolicy;
import dev.pgclone.contracts.command.DropMaskingPolicy;
import dev.pgclone.contracts.command.MaskInPlace;
import dev.pgclone.contracts.connection.ConnectionSpec;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.connection.InvalidConninfoException;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.event.ErrorInfo;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.job.JobProgress;
import dev.pgclone.contracts.job.JobRequest;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.job.MaskedColumn;
import dev.pgclone.contracts.job.MaskingRequest;
import dev.pgclone.contracts.job.Phase;
import dev.pgclone.contracts.mask.ColumnMasks;
import dev.pgclone.contracts.mask.MaskRule;
import dev.pgclone.coordinator.config.Beans;
import dev.pgclone.coordinator.config.CoordinatorConfig;
import dev.pgclone.coordinator.dispatch.MessagePublisher;
import dev.pgclone.coordinator.store.JobStore;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.connect.SessionRole;
import dev.pgclone.pg.failure.CloneFailure;
import dev.pgclone.pg.failure.PgFailure;
import dev.pgclone.pg.failure.PgFailures;
import dev.pgclone.pg.mask.InPlaceMasking;
import dev.pgclone.pg.mask.MaskKey;
import dev.pgclone.pg.mask.MaskingPolicies;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Masking jobs on a target: {@code mask-in-place} (batched, continued after the last committed batch of a stopped run
 * of the same masks) and masking policies (one target transaction each). Like clones they are jobs with events, and a
 * command whose job id is known starts nothing new. They run on their own threads, so the command consumer is never
 * held by a big table.
 */
@ApplicationScoped
public class MaskingJobService {

    public static final String MASK_IN_PLACE = "mask-in-place";
    public static final String CREATE_POLICY = "create-masking-policy";
    public static final String DROP_POLICY = "drop-masking-policy";
    private static final Logger LOG = Logger.getLogger(MaskingJobService.class);

    private final Map<String, MaskingRun> running = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "masking-job");
        t.setDaemon(true);
        return t;
    });
    private final JobStore store;
    private final MessagePublisher publisher;
    private final SecretSealer sealer;
    private final PgConnector connector;
    private final CoordinatorConfig config;
    private final String producer;
    private final MaskKey maskKey;

    public MaskingJobService(JobStore store, MessagePublisher publisher, SecretSealer sealer, PgConnector connector,
                             CoordinatorConfig config, Beans.Identity identity) {
        this.store = store;
        this.publisher = publisher;
        this.sealer = sealer;
        this.connector = connector;
        this.config = config;
        this.producer = identity.name();
        this.maskKey = config.masking().key().map(MaskKey::of).orElse(null);
    }

    void stop(@Observes ShutdownEvent event) {
        running.values().forEach(r -> r.cancel("the coordinator stopped"));
        pool.shutdown();
    }

    /** Whether the command is one of these jobs' (the consumer routes it here). */
    public static boolean handles(Command command) {
        return command instanceof MaskInPlace || command instanceof CreateMaskingPolicy
                || command instanceof DropMaskingPolicy;
    }

    public void start(Command command) throws SQLException {
        String jobId = command.jobId();
        ConnectionSpec spec = targetOf(command);
        MaskingRequest what = request(command);
        String kind = kindOf(command);
        if (!Ids.isUuid(jobId)) {
            reject(command, kind, what, ErrorCode.INVALID_JOB_ID, "job id \"" + jobId + "\" is not a UUID");
            return;
        }
        Conninfo target;
        try {
            target = sealer.open(spec);
        } catch (InvalidConninfoException e) {
            reject(command, kind, what, ErrorCode.INVALID_CONNECTION, "a connection cannot be used: " + e.getMessage());
            return;
        }
        MaskingRun run = new MaskingRun(jobId, kind, spec.display(), JobRequest.masking(what),
                what.schema() + "." + what.table(), store, publisher, producer,
                config.coordinator().progressInterval());
        if (!store.insert(command, run.view())) {
            reReport(jobId, kind);
            return;
        }
        running.put(jobId, run);
        run.accepted();
        pool.execute(() -> {
            try {
                execute(command, target, run);
            } finally {
                running.remove(jobId);
            }
        });
    }

    /**
     * A redelivered (or repeated) command of a known job starts nothing new; a completed job is announced again as it
     * is (same version: readers that have it keep it), so whoever sent it again learns the result.
     */
    private void reReport(String jobId, String kind) throws SQLException {
        JobView known = store.view(jobId).orElse(null);
        if (known != null && known.status() == JobStatus.COMPLETED && kind.equals(known.kind())) {
            LOG.infof("job %s: known id, %s command only re-reported", jobId, kind);
            publisher.publish(new JobEvent.JobCompleted(MessageHeader.create(jobId, producer), known));
        } else {
            LOG.infof("job %s: known id, %s command ignored (a redelivery starts nothing new)", jobId, kind);
        }
    }

    /** Cancels a masking job running here; false when none is (the clone jobs are asked next). */
    public boolean cancel(CancelJob command) {
        MaskingRun run = running.get(command.jobId());
        if (run == null) {
            return false;
        }
        run.cancel(command.reason());
        return true;
    }

    private void execute(Command command, Conninfo target, MaskingRun run) {
        try (Connection c = connector.open(target, SessionRole.TARGET)) {
            if (command instanceof MaskInPlace m) {
                maskInPlace(c, m, run);
            } else {
                policy(c, command, run);
            }
        } catch (CloneFailure e) {
            LOG.warnf("job %s failed: %s", run.id(), e.getMessage());
            run.failed(e.code(), e.getMessage(), e.retriable(), e);
        } catch (SQLException | RuntimeException e) {
            PgFailure f = PgFailures.classify(e);
            String message = "the masks could not be applied on the target: " + f.message();
            LOG.warnf("job %s failed: %s", run.id(), message);
            run.failed(f.retriable() && PgFailures.sqlState(e) != null && PgFailures.sqlState(e).startsWith("08")
                    ? ErrorCode.TARGET_UNAVAILABLE : ErrorCode.MASK_FAILED, message, f.retriable(), e);
        }
    }

    private void maskInPlace(Connection c, MaskInPlace command, MaskingRun run) throws SQLException {
        ColumnMasks mask = command.mask();
        c.setAutoCommit(false);
        InPlaceMasking.Target t;
        try {
            t = InPlaceMasking.describe(c, command.schema(), command.table(), new HashSet<>(mask.columns().keySet()));
            InPlaceMasking.check(c, t, mask, maskKey != null);
        } finally {
            c.rollback(); // the checks change nothing; a constant's cast ran in a savepoint
        }
        InPlaceMasking.Start start = InPlaceMasking.begin(c, run.id(), t, mask, keyIdFor(mask));
        if (start.continuedFrom() != null) {
            run.warn("continued the stopped run of job " + start.continuedFrom() + " on " + t.name() + " after its "
                    + "last committed batch (" + start.progress().rows() + " rows masked by it): those rows are not "
                    + "masked again");
        }
        if (start.superseded() != null) {
            run.warn("job " + start.superseded() + " stopped part way through " + t.name() + " with other masks (or "
                    + "another key or batch key); its committed batches stay as they are and this run masks every row");
        }
        if (t.keyColumn() == null) {
            run.warn(t.name() + " has no unique NOT NULL integer key: masked in ranges of heap blocks (rows added "
                    + "behind a batch while the job runs are not masked)");
        }
        long batch = Math.max(1, config.masking().inPlaceBatchRows());
        InPlaceMasking.Progress end = InPlaceMasking.run(c, run.id(), t, mask, maskKey, start, batch, run::progressed,
                run::cancelRequested);
        if (!end.finished()) {
            run.warn(end.rows() + " rows of " + t.name() + " are masked in the batches committed before the cancel;"
                    + " submit the same masks again to continue after them");
            run.cancelledNow(end.rows());
            return;
        }
        List<MaskedColumn> evidence = new ArrayList<>();
        for (Map.Entry<String, MaskRule> e : mask.columns().entrySet()) {
            evidence.add(new MaskedColumn(t.name().toString(), e.getKey(), e.getValue().strategy().json(),
                    e.getValue().parameters(), end.rows(), MaskedColumn.Status.MASKED, null));
        }
        String result = InPlaceMasking.result(t, mask, end.rows());
        LOG.infof("job %s: %s", run.id(), result);
        run.completed(result, end.rows(), evidence);
    }

    private String keyIdFor(ColumnMasks mask) {
        boolean keyed = mask.columns().values().stream()
                .anyMatch(r -> r.strategy() == dev.pgclone.contracts.mask.MaskStrategy.KEYED_HASH);
        return keyed && maskKey != null ? maskKey.id() : null;
    }

    private void policy(Connection c, Command command, MaskingRun run) throws SQLException {
        c.setAutoCommit(false);
        MaskingPolicies.Outcome outcome;
        try {
            if (command instanceof CreateMaskingPolicy p) {
                outcome = MaskingPolicies.create(c, run.id(), p.schema(), p.table(), p.mask(), p.privilegedRole());
            } else {
                DropMaskingPolicy d = (DropMaskingPolicy) command;
                outcome = MaskingPolicies.drop(c, d.schema(), d.table());
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
        outcome.warnings().forEach(run::warn);
        LOG.infof("job %s: %s", run.id(), outcome.message());
        run.completed(outcome.message(), 0, List.of());
    }

    private void reject(Command command, String kind, MaskingRequest what, ErrorCode code, String message) {
        LOG.warnf("job %s rejected: %s", command.jobId(), message);
        Instant now = Instant.now();
        ConnectionSpec spec = targetOf(command);
        JobView view = new JobView(command.jobId(), kind, JobStatus.FAILED, Phase.ACCEPTED, null,
                spec == null ? null : spec.display(), JobRequest.masking(what), now, null, now, JobProgress.NONE,
                List.of(), List.of(), message, null, 1, List.of(), null);
        publisher.publish(new JobEvent.JobRejected(MessageHeader.create(command.jobId(), producer), view,
                new ErrorInfo(code, message, false, null)));
    }

    static String kindOf(Command command) {
        if (command instanceof MaskInPlace) {
            return MASK_IN_PLACE;
        }
        return command instanceof CreateMaskingPolicy ? CREATE_POLICY : DROP_POLICY;
    }

    private static ConnectionSpec targetOf(Command command) {
        if (command instanceof MaskInPlace m) {
            return m.target();
        }
        if (command instanceof CreateMaskingPolicy p) {
            return p.target();
        }
        return ((DropMaskingPolicy) command).target();
    }

    private static MaskingRequest request(Command command) {
        if (command instanceof MaskInPlace m) {
            return new MaskingRequest(m.schema(), m.table(), m.mask(), null);
        }
        if (command instanceof CreateMaskingPolicy p) {
            return new MaskingRequest(p.schema(), p.table(), p.mask(), p.privilegedRole());
        }
        DropMaskingPolicy d = (DropMaskingPolicy) command;
        return new MaskingRequest(d.schema(), d.table(), null, null);
    }
}
