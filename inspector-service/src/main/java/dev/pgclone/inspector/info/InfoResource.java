package dev.pgclone.inspector.info;

import dev.pgclone.inspector.report.ReportDispatcher;
import dev.pgclone.inspector.report.ReportHandlers;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * What this inspector serves: the report kinds it has handlers for, and how many reports it runs and holds. Reports
 * themselves are requested on Kafka ({@code request-report}) or through the gateway, never here.
 */
@Path("/api/v1/inspector")
public class InfoResource {

    private final ReportHandlers handlers;
    private final ReportDispatcher dispatcher;

    public InfoResource(ReportHandlers handlers, ReportDispatcher dispatcher) {
        this.handlers = handlers;
        this.dispatcher = dispatcher;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> info() {
        return Map.of("service", "pgclone-inspector", "reports", List.copyOf(handlers.kinds()),
                "concurrency", dispatcher.concurrency(), "running", dispatcher.running(), "queued", dispatcher.queued());
    }
}
