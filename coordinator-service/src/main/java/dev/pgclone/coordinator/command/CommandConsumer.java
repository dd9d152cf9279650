package dev.pgclone.coordinator.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.Json;
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
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Reads commands from any producer (the gateway or another system). A command that cannot be read but names a
 * job id is answered with a {@code job-rejected} event, so its producer learns why; without a job id it is only
 * logged (without its payload, which may hold sealed secrets). Report requests ({@code request-report}) are the
 * inspector's, readable or not: skipped here.
 */
@ApplicationScoped
public class CommandConsumer {

    private static final Logger LOG = Logger.getLogger(CommandConsumer.class);

    private final JobService jobs;
    private final MessagePublisher publisher;

    public CommandConsumer(JobService jobs, MessagePublisher publisher) {
        this.jobs = jobs;
        this.publisher = publisher;
    }

    @Incoming("commands")
    @Blocking
    public void onCommand(String payload) throws Exception {
        Command command;
        try {
            command = Json.mapper().readValue(payload, Command.class);
        } catch (Exception e) {
            if (isReportRequest(payload)) {
                return; // the inspector answers it (report-failed); a job-rejected would be a second, wrong answer
            }
            rejectUnreadable(payload, e);
            return;
        }
        MDC.put("jobId", command.jobId());
        try {
            if (command instanceof StartClone start) {
                jobs.start(start);
            } else if (command instanceof CancelJob cancel) {
                jobs.cancel(cancel);
            }
        } finally {
            MDC.clear();
        }
    }

    private static boolean isReportRequest(String payload) {
        try {
            return "request-report".equals(Json.mapper().readTree(payload).path("type").asText(null));
        } catch (Exception notJson) {
            return false;
        }
    }

    private void rejectUnreadable(String payload, Exception cause) {
        String reason = readableReason(cause);
        String jobId = null;
        try {
            JsonNode id = Json.mapper().readTree(payload).path("header").path("jobId");
            jobId = id.isTextual() ? id.textValue() : null;
        } catch (Exception ignored) {
            // not even JSON: nobody to answer
        }
        if (jobId == null) {
            LOG.errorf("unreadable command without a job id ignored: %s", reason);
            return;
        }
        LOG.warnf("job %s: unreadable command rejected: %s", jobId, reason);
        Instant now = Instant.now();
        JobView view = new JobView(jobId, null, JobStatus.FAILED, Phase.ACCEPTED, null, null, null, now, null, now,
                JobProgress.NONE, List.of(), List.of(), "the command was rejected: " + reason, null, 1);
        publisher.publish(new JobEvent.JobRejected(MessageHeader.create(jobId, "coordinator"), view,
                new ErrorInfo(ErrorCode.INVALID_COMMAND, view.error(), false, null)));
    }

    /** The first useful line of a parse error (option errors name their key). Never includes the payload. */
    private static String readableReason(Exception e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (t instanceof com.fasterxml.jackson.core.JsonProcessingException jpe) {
            message = jpe.getOriginalMessage();
        }
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : message;
    }
}
