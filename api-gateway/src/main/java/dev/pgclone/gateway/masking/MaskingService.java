package dev.pgclone.gateway.masking;

import dev.pgclone.contracts.Ids;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.command.Command;
import dev.pgclone.contracts.command.CreateMaskingPolicy;
import dev.pgclone.contracts.command.DropMaskingPolicy;
import dev.pgclone.contracts.command.MaskInPlace;
import dev.pgclone.contracts.connection.ConnectionSpec;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.job.JobProgress;
import dev.pgclone.contracts.job.JobRequest;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.job.MaskingRequest;
import dev.pgclone.contracts.job.Phase;
import dev.pgclone.gateway.job.CommandPublisher;
import dev.pgclone.gateway.job.JobStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Turns a validated masking request into a job, as clones are: secrets sealed, stored PENDING, command published. */
@ApplicationScoped
public class MaskingService {

    static final String PRODUCER = "api-gateway";

    private final SecretSealer sealer;
    private final JobStore store;
    private final CommandPublisher commands;

    public MaskingService(SecretSealer sealer, JobStore store, CommandPublisher commands) {
        this.sealer = sealer;
        this.store = store;
        this.commands = commands;
    }

    public JobView submit(MaskingRequestReader.Submission submission) throws SQLException {
        String jobId = Ids.newJobId();
        ConnectionSpec target = sealer.seal(submission.target());
        MaskingRequest r = submission.request();
        MessageHeader header = MessageHeader.create(jobId, PRODUCER);
        Command command = switch (submission.kind()) {
            case "mask-in-place" -> new MaskInPlace(header, target, r.schema(), r.table(), r.mask());
            case "create-masking-policy" -> new CreateMaskingPolicy(header, target, r.schema(), r.table(), r.mask(),
                    r.privilegedRole());
            default -> new DropMaskingPolicy(header, target, r.schema(), r.table());
        };
        JobView pending = new JobView(jobId, submission.kind(), JobStatus.PENDING, Phase.ACCEPTED, null,
                target.display(), JobRequest.masking(r), Instant.now(), null, null, JobProgress.NONE, List.of(),
                List.of(), null, null, 0, List.of(), null);
        store.upsert(pending);
        commands.publish(command);
        return pending;
    }
}
