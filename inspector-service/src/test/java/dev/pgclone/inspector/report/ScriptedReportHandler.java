package dev.pgclone.inspector.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.contracts.report.ReportProgress;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.connect.SessionRole;
import dev.pgclone.pg.failure.CloneFailure;
import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The plumbing tests' stand-in for a real kind (it replaces the verify handler, as a CDI alternative, only under the
 * {@value ReportPlumbingProfile#PROFILE} profile). What it does is chosen by the request's schema name:
 * {@code echo} (or none) answers at once, {@code progress} reports ten steps, {@code hold} waits for {@link #HOLD},
 * {@code boom} fails with an unexpected exception whose message holds a password, {@code missing} with a typed
 * failure, {@code connect} opens the source.
 */
@ApplicationScoped
@Alternative
@Priority(1)
@IfBuildProfile(ReportPlumbingProfile.PROFILE)
public class ScriptedReportHandler implements ReportHandler {

    /** Released by the test: every {@code hold} report waits for it. */
    static volatile CountDownLatch HOLD = new CountDownLatch(1);

    private final PgConnector connector;

    public ScriptedReportHandler(PgConnector connector) {
        this.connector = connector;
    }

    @Override
    public ReportKind kind() {
        return ReportKind.VERIFY;
    }

    @Override
    public JsonNode run(ReportRequest request, ReportProgressSink progress) throws Exception {
        String script = request.schema() == null ? "echo" : request.schema();
        switch (script) {
            case "progress" -> {
                for (int i = 1; i <= 10; i++) {
                    progress.update(new ReportProgress(i, 10, i * 1000L, "public.t" + i));
                    Thread.sleep(100);
                }
            }
            case "hold" -> {
                if (!HOLD.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            }
            case "boom" -> throw new IllegalStateException("boom: could not use host=db password=hunter2-in-a-message");
            case "missing" -> throw CloneFailure.of(ErrorCode.SCHEMA_NOT_FOUND,
                    "schema \"missing\" does not exist on the source", new SQLException("no schema", "3F000"));
            case "connect" -> {
                try (Connection ignored = connector.open(request.source(), SessionRole.SOURCE)) {
                    throw new IllegalStateException("the source was expected to be unreachable");
                }
            }
            default -> progress.update(new ReportProgress(1, 1, 0, null));
        }
        ObjectNode result = Json.mapper().createObjectNode();
        result.put("script", script);
        result.put("kind", request.kind().json());
        result.put("sourceUser", request.source().user());
        result.put("hasTarget", request.target() != null);
        return result;
    }
}
