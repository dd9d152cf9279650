package dev.pgclone.coordinator.job;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.Ids;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.command.CancelJob;
import dev.pgclone.contracts.command.CloneScope;
import dev.pgclone.contracts.command.StartClone;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.connection.InvalidConninfoException;
import dev.pgclone.contracts.options.InvalidOptionException;
import dev.pgclone.pg.mask.MaskKey;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.event.ErrorInfo;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.event.TaskEvent;
import dev.pgclone.contracts.job.JobProgress;
import dev.pgclone.contracts.job.JobRequest;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.job.Phase;
import dev.pgclone.coordinator.config.Beans;
import dev.pgclone.coordinator.config.CoordinatorConfig;
import dev.pgclone.coordinator.dispatch.MessagePublisher;
import dev.pgclone.coordinator.plan.ClonePlanner;
import dev.pgclone.coordinator.store.JobStore;
import dev.pgclone.coordinator.target.TargetWriter;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.copy.TableCopier;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Routes commands and task events to the running jobs, starts and ends them, and watches their snapshot keepers.
 * At-least-once input, exactly-once effect: a start command whose job id is known starts nothing new.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup // created at start-up: a bad masking key stops the service then, not at the first job
public class JobService {

    private static final Logger LOG = Logger.getLogger(JobService.class);

    private final Map<String, CloneRun> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "coordinator-scheduler");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService keeperCopies = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "keeper-copy");
        t.setDaemon(true);
        return t;
    });
    private final RunContext ctx;
    private final JobStore store;
    private final MessagePublisher publisher;
    private final SecretSealer sealer;

    public JobService(ClonePlanner planner, TargetWriter writer, MessagePublisher publisher, JobStore store,
                      PgConnector connector, SecretSealer sealer, CoordinatorConfig config, Beans.Identity identity) {
        this.store = store;
        this.publisher = publisher;
        this.sealer = sealer;
        MaskKey maskKey = config.masking().key().map(MaskKey::of).orElse(null);
        this.ctx = new RunContext(planner, writer, publisher, store, connector, config, scheduler, identity.name(),
                keeperCopies, new TableCopier(connector, config.coordinator().progressInterval(), maskKey), maskKey);
        if (maskKey != null) {
            LOG.infof("keyed_hash masks use the key with id %s", maskKey.id());
        }
        long ping = config.coordinator().keeperPingInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::pingKeepers, ping, ping, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        running.values().forEach(run -> run.abandon("the coordinator stopped while the job was running; submit it again"));
        scheduler.shutdown();
        keeperCopies.shutdown();
    }

    public void start(StartClone command) throws SQLException {
        String jobId = command.jobId();
        Conninfo source;
        Conninfo target;
        try {
            source = sealer.open(command.source());
            target = sealer.open(command.target());
        } catch (InvalidConninfoException e) {
            reject(command, ErrorCode.INVALID_CONNECTION, "a connection cannot be used: " + e.getMessage());
            return;
        }
        if (!Ids.isUuid(jobId)) {
            reject(command, ErrorCode.INVALID_JOB_ID, "job id \"" + jobId + "\" is not a UUID");
            return;
        }
        if (command.scope() instanceof CloneScope.DatabaseCreate create
                && CloneScope.DatabaseCreate.invalidName(create.targetDatabase()) != null) {
            reject(command, ErrorCode.INVALID_DATABASE_NAME, "targetDatabase "
                    + CloneScope.DatabaseCreate.invalidName(create.targetDatabase()));
            return;
        }
        try {
            command.options().requireMaskScope(command.scope().kind());
        } catch (InvalidOptionException e) {
            reject(command, ErrorCode.INVALID_REQUEST, "options." + e.getMessage());
            return;
        }
        CloneRun run = new CloneRun(command, source, target, ctx, r -> running.remove(r.id()));
        if (!store.insert(command, run.view())) {
            Optional<StartClone> known = store.command(jobId);
            if (known.isPresent() && sameRequest(known.get(), command)) {
                LOG.infof("job %s: duplicate start command ignored", jobId);
            } else {
                LOG.warnf("job %s: id already used by a different request; command ignored", jobId);
            }
            return;
        }
        running.put(jobId, run);
        run.start();
    }

    public void cancel(CancelJob command) {
        CloneRun run = running.get(command.jobId());
        if (run == null) {
            LOG.infof("job %s: cancel ignored, the job is not running here", command.jobId());
            return;
        }
        run.cancel(command.reason());
    }

    public void onTaskEvent(TaskEvent event) {
        CloneRun run = running.get(event.jobId());
        if (run != null) {
            run.onTaskEvent(event);
        }
    }

    private void pingKeepers() {
        for (CloneRun run : running.values()) {
            try {
                run.pingKeeper();
            } catch (RuntimeException e) {
                LOG.warnf("keeper ping of job %s failed: %s", run.id(), e.getMessage());
            }
        }
    }

    /** A command that cannot become a job still gets an answer its submitter can see. */
    private void reject(StartClone command, ErrorCode code, String message) {
        LOG.warnf("job %s rejected: %s", command.jobId(), message);
        Instant now = Instant.now();
        JobView view = new JobView(command.jobId(), command.scope() == null ? null : command.scope().kind(),
                JobStatus.FAILED, Phase.ACCEPTED, safeDisplay(command, true), safeDisplay(command, false),
                new JobRequest(command.scope(), command.includeData(), command.options()), now, null, now,
                JobProgress.NONE, List.of(), List.of(), message, null, 1);
        publisher.publish(new JobEvent.JobRejected(MessageHeader.create(command.jobId(), ctx.producer()), view,
                new ErrorInfo(code, message, false, null)));
    }

    private static String safeDisplay(StartClone command, boolean source) {
        var spec = source ? command.source() : command.target();
        return spec == null ? null : spec.display();
    }

    private static boolean sameRequest(StartClone a, StartClone b) {
        return a.scope().equals(b.scope()) && a.includeData() == b.includeData() && a.options().equals(b.options())
                && a.source().conninfo().equals(b.source().conninfo()) && a.target().conninfo().equals(b.target().conninfo());
    }
}
