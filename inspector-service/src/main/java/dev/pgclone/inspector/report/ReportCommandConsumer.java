package dev.pgclone.inspector.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.command.Command;
import dev.pgclone.contracts.command.RequestReport;
import dev.pgclone.contracts.event.ErrorInfo;
import dev.pgclone.contracts.options.InvalidOptionException;
import dev.pgclone.contracts.report.ReportKind;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Reads {@code request-report} commands from {@code pgclone.commands.v1} (group {@code pgclone-inspector-commands});
 * every other command is the coordinator's and is skipped. A report request that cannot be read is answered with a
 * {@code report-failed} naming the problem when it names its report id; one that names none cannot be answered and
 * goes to the dead-letter topic (failure strategy {@code dead-letter-queue}). A state database that is away is waited
 * for (a minute at most) before the record is given up to the dead-letter topic, so no request is lost silently.
 */
@ApplicationScoped
public class ReportCommandConsumer {

    private static final Logger LOG = Logger.getLogger(ReportCommandConsumer.class);
    static final String TYPE = "request-report";
    private static final Duration STATE_DATABASE_PATIENCE = Duration.ofMinutes(1);

    private final ReportService reports;

    public ReportCommandConsumer(ReportService reports) {
        this.reports = reports;
    }

    /** A report request nobody can be told about; its record goes to the dead-letter topic with this reason. */
    static final class UnanswerableRequestException extends RuntimeException {
        UnanswerableRequestException(String reason) {
            super(reason, null, false, false);
        }
    }

    @Incoming("commands")
    @Blocking
    public void onCommand(String payload) throws InterruptedException {
        JsonNode tree;
        try {
            tree = payload == null ? null : Json.mapper().readTree(payload);
        } catch (JsonProcessingException e) {
            return; // not JSON: no command of ours (the coordinator, which owns the topic's other commands, says so)
        }
        if (tree == null || !TYPE.equals(tree.path("type").asText(null))) {
            return;
        }
        JsonNode id = tree.path("header").path("jobId");
        String reportId = id.isTextual() && !id.textValue().isBlank() ? id.textValue() : null;
        RequestReport request;
        try {
            request = (RequestReport) Json.mapper().treeToValue(tree, Command.class);
        } catch (JsonProcessingException | RuntimeException e) {
            ErrorInfo error = unreadable(e);
            if (reportId == null) {
                LOG.errorf("a report request without a report id could not be read (%s); sent to the dead-letter topic",
                        error.message());
                throw new UnanswerableRequestException(error.message());
            }
            ReportKind kind = ReportKind.of(tree.path("kind").asText("")).orElse(null);
            withStateDatabase(reportId, () -> reports.refuseUnreadable(reportId, kind, error));
            return;
        }
        withStateDatabase(reportId, () -> reports.accept(request));
    }

    private interface StateWork {
        void run() throws SQLException;
    }

    /** Runs the work, trying again with backoff while the state database is away; then gives the record up. */
    private static void withStateDatabase(String reportId, StateWork work) throws InterruptedException {
        MDC.put("reportId", reportId);
        long deadline = System.nanoTime() + STATE_DATABASE_PATIENCE.toNanos();
        long backoff = 250;
        try {
            while (true) {
                try {
                    work.run();
                    return;
                } catch (SQLException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the state database was unavailable for "
                                + STATE_DATABASE_PATIENCE.toSeconds() + " s: " + e.getMessage());
                    }
                    LOG.warnf("report %s: the state database is unavailable (%s); trying again in %d ms", reportId,
                            e.getMessage(), backoff);
                    Thread.sleep(backoff);
                    backoff = Math.min(backoff * 2, 5000);
                }
            }
        } finally {
            MDC.remove("reportId");
        }
    }

    /**
     * Why the request could not be read, for its submitter: the parameter or field at fault and what is wrong, never
     * a value from the payload (Jackson's own messages may quote one, and the payload may hold a secret).
     */
    static ErrorInfo unreadable(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidOptionException option) {
                return refused(ErrorCode.INVALID_REQUEST, "parameters." + option.getMessage());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            if (field.equals("kind")) {
                return refused(ErrorCode.INVALID_REQUEST, "kind: unknown report kind (known: "
                        + ReportKind.names() + ")");
            }
            return refused(ErrorCode.INVALID_COMMAND, field + ": missing, of the wrong type or not acceptable");
        }
        return refused(ErrorCode.INVALID_COMMAND, "the command is not a readable request-report ("
                + e.getClass().getSimpleName() + ")");
    }

    private static ErrorInfo refused(ErrorCode code, String reason) {
        return new ErrorInfo(code, "the request was refused: " + reason, false, null);
    }
}
