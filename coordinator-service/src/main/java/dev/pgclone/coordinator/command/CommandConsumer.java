package dev.pgclone.coordinator.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.MalformedMessageException;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.command.CancelJob;
import dev.pgclone.contracts.command.Command;
import dev.pgclone.contracts.command.StartClone;
import dev.pgclone.contracts.event.ErrorInfo;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.job.JobProgress;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.job.Phase;
import dev.pgclone.coordinator.dispatch.MessagePublisher;
import dev.pgclone.coordinator.job.JobService;
import dev.pgclone.coordinator.masking.MaskingJobService;
import dev.pgclone.messaging.UnreadableRecords;
import dev.pgclone.messaging.UntilDone;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Reads commands from any producer (the gateway or another system). A command that cannot be read goes to the
 * dead-letter topic; when it names a job id it is also answered with a {@code job-rejected} event, so its producer
 * learns why (the payload, which may hold sealed secrets, is never logged). Report requests ({@code request-report})
 * are the inspector's, readable or not: skipped here. A failure that may pass (the state database or the broker
 * unavailable) is not the command's fault: the command is tried again until it is handled.
 */
@ApplicationScoped
public class CommandConsumer {

    static final String CHANNEL = "commands";
    private static final Logger LOG = Logger.getLogger(CommandConsumer.class);

    private final JobService jobs;
    private final MaskingJobService masking;
    private final MessagePublisher publisher;
    private final UnreadableRecords unreadable;
    private final UntilDone untilDone = new UntilDone(LOG);

    public CommandConsumer(JobService jobs, MaskingJobService masking, MessagePublisher publisher,
                           UnreadableRecords unreadable) {
        this.jobs = jobs;
        this.masking = masking;
        this.publisher = publisher;
        this.unreadable = unreadable;
    }

    void stop(@Observes ShutdownEvent event) {
        untilDone.stop();
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onCommand(Message<String> record) {
        String payload = record.getPayload();
        Command command;
        try {
            command = Json.read(payload, Command.class);
        } catch (MalformedMessageException e) {
            if (isReportRequest(payload)) {
                return record.ack(); // the inspector answers it (report-failed); a job-rejected would be a wrong answer
            }
            String why = e.getMessage();
            try {
                untilDone.run("answering an unreadable command", () -> rejectUnreadable(payload, why));
            } catch (UntilDone.Stopped stopped) {
                return CompletableFuture.completedFuture(null); // not acknowledged: read again after the restart
            }
            return unreadable.deadLetter(record, CHANNEL, e);
        }
        MDC.put("jobId", command.jobId());
        try {
            untilDone.run("handling a " + command.getClass().getSimpleName() + " command", () -> {
                if (command instanceof StartClone start) {
                    jobs.start(start);
                } else if (MaskingJobService.handles(command)) {
                    masking.start(command);
                } else if (command instanceof CancelJob cancel && !masking.cancel(cancel)) {
                    jobs.cancel(cancel);
                }
            });
        } catch (UntilDone.Stopped stopped) {
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            LOG.errorf(e, "command of job %s could not be handled; sent to the dead-letter topic", command.jobId());
            return unreadable.deadLetter(record, CHANNEL, e);
        } finally {
            MDC.clear();
        }
        return record.ack();
    }

    private static boolean isReportRequest(String payload) {
        try {
            return "request-report".equals(Json.mapper().readTree(payload).path("type").asText(null));
        } catch (Exception notJson) {
            return false;
        }
    }

    private void rejectUnreadable(String payload, String reason) {
        String jobId = null;
        try {
            JsonNode id = Json.mapper().readTree(payload).path("header").path("jobId");
            jobId = id.isTextual() ? id.textValue() : null;
        } catch (Exception ignored) {
            // not even JSON: nobody to answer
        }
        if (jobId == null) {
            LOG.errorf("unreadable command without a job id sent to the dead-letter topic: %s", reason);
            return;
        }
        LOG.warnf("job %s: unreadable command rejected and sent to the dead-letter topic: %s", jobId, reason);
        Instant now = Instant.now();
        JobView view = new JobView(jobId, null, JobStatus.FAILED, Phase.ACCEPTED, null, null, null, now, null, now,
                JobProgress.NONE, List.of(), List.of(), "the command was rejected: " + reason, null, 1);
        publisher.publish(new JobEvent.JobRejected(MessageHeader.create(jobId, "coordinator"), view,
                new ErrorInfo(ErrorCode.INVALID_COMMAND, view.error(), false, null)));
    }
}
