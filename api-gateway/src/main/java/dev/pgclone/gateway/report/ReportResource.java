package dev.pgclone.gateway.report;

import dev.pgclone.contracts.Ids;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.contracts.report.ReportStatus;
import dev.pgclone.contracts.report.ReportView;
import dev.pgclone.gateway.clone.WaitParameter;
import dev.pgclone.gateway.config.GatewayConfig;
import dev.pgclone.gateway.problem.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reports: {@code POST /api/v1/reports/{diff|preflight|verify|discover-sensitive|masking-report}} publishes a report request and
 * answers 202 with the report and its Location (with {@code ?wait=}: 200 once it ended, 202 when the wait ran out);
 * {@code GET /api/v1/reports/{id}[?wait=]}; {@code GET /api/v1/reports[?kind=&status=&limit=]}, newest first. Reads
 * wait for the start-up catch-up of report events ({@code pgclone.gateway.catch-up-wait}), then answer 503.
 */
@Path("/api/v1/reports")
@Produces(MediaType.APPLICATION_JSON)
public class ReportResource {

    private final ReportService reports;
    private final ReportStore store;
    private final ReportWatch watch;
    private final GatewayConfig config;
    private final ReportEventCatchUp catchUp;

    public ReportResource(ReportService reports, ReportStore store, ReportWatch watch, GatewayConfig config,
                          ReportEventCatchUp catchUp) {
        this.reports = reports;
        this.store = store;
        this.watch = watch;
        this.config = config;
        this.catchUp = catchUp;
    }

    @POST
    @Path("/{kind}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response request(@PathParam("kind") String kind, @QueryParam("wait") String wait, String body)
            throws Exception {
        ReportSubmission submission = ReportRequestReader.read(kind, body);
        Duration waitFor = WaitParameter.parse(wait, config.gateway().maxWait());
        ReportView report = reports.submit(submission);
        if (!waitFor.isZero()) {
            report = watch.awaitEnd(report.id(), waitFor).orElse(report);
        }
        return Response.status(report.status().terminal() ? Response.Status.OK : Response.Status.ACCEPTED)
                // A relative reference (RFC 9110 allows it): valid behind any proxy or host name.
                .header(HttpHeaders.LOCATION, "/api/v1/reports/" + report.id()).entity(report).build();
    }

    @GET
    @Path("/{id}")
    public ReportView get(@PathParam("id") String id, @QueryParam("wait") String wait) throws Exception {
        if (!Ids.isUuid(id)) {
            throw ApiException.notFound("no report " + id + " (report ids are UUIDs)");
        }
        Duration waitFor = WaitParameter.parse(wait, config.gateway().maxWait());
        catchUp.requireCaughtUp(config.gateway().catchUpWait());
        ReportView report = store.find(id).orElseThrow(() -> ApiException.notFound("no report " + id));
        if (!waitFor.isZero() && !report.status().terminal()) {
            report = watch.awaitEnd(id, waitFor).orElse(report);
        }
        return report;
    }

    @GET
    public List<ReportView> list(@QueryParam("kind") String kind, @QueryParam("status") String status,
                                 @QueryParam("limit") Integer limit) throws Exception {
        int max = config.gateway().listLimit();
        if (limit != null && (limit < 1 || limit > max)) {
            throw ApiException.invalid("limit", "query parameter \"limit\" must be between 1 and " + max);
        }
        ReportKind onlyKind = kind == null || kind.isBlank() ? null : ReportKind.of(kind.strip()).orElseThrow(() ->
                ApiException.invalid("kind", "query parameter \"kind\" must be one of "
                        + ReportKind.names()));
        ReportStatus onlyStatus = parseStatus(status);
        catchUp.requireCaughtUp(config.gateway().catchUpWait());
        return store.list(onlyKind, onlyStatus, limit == null ? max : limit);
    }

    private static ReportStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return ReportStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("status", "query parameter \"status\" must be one of "
                    + String.join(", ", Arrays.stream(ReportStatus.values()).map(Enum::name).toList()));
        }
    }
}
