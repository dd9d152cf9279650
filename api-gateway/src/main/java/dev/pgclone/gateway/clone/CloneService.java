package dev.pgclone.gateway.clone;

import dev.pgclone.contracts.Ids;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.command.StartClone;
import dev.pgclone.contracts.connection.ConnectionSpec;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.job.JobProgress;
import dev.pgclone.contracts.job.JobRequest;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.job.Phase;
import dev.pgclone.gateway.job.CommandPublisher;
import dev.pgclone.gateway.job.JobStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Turns a validated request into a job: seals its secrets, records it as PENDING, publishes the command. */
@ApplicationScoped
public class CloneService {

    static final String PRODUCER = "api-gateway";

    private final SecretSealer sealer;
    private final JobStore store;
    private final CommandPublisher commands;

    public CloneService(SecretSealer sealer, JobStore store, CommandPublisher commands) {
        this.sealer = sealer;
        this.store = store;
        this.commands = commands;
    }

    public JobView submit(CloneRequest request) throws SQLException {
        String jobId = Ids.newJobId();
        ConnectionSpec source = sealer.seal(request.source());
        ConnectionSpec target = sealer.seal(request.target());
        StartClone command = new StartClone(MessageHeader.create(jobId, PRODUCER), request.scope(), source, target,
                request.includeData(), request.options());
        JobView pending = new JobView(jobId, request.scope().kind(), JobStatus.PENDING, Phase.ACCEPTED,
                source.display(), target.display(), new JobRequest(request.scope(), request.includeData(),
                request.options()), Instant.now(), null, null, JobProgress.NONE, List.of(), List.of(), null, null, 0);
        store.upsert(pending);
        commands.publish(command);
        return pending;
    }
}
