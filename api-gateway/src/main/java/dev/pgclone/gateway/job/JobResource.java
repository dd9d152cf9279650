package dev.pgclone.gateway.job;

import dev.pgclone.contracts.ErrorCode;

import dev.pgclone.contracts.Ids;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.command.CancelJob;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.job.MaskedColumn;
import dev.pgclone.gateway.clone.WaitParameter;
import dev.pgclone.gateway.config.GatewayConfig;
import dev.pgclone.gateway.problem.ApiException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Jobs: read one (optionally waiting for its end), list them, cancel one. While the start-up catch-up of job events
 * runs, the store may be stale: every read here waits for it ({@code pgclone.gateway.catch-up-wait}) and then answers
 * 503 with {@code Retry-After} rather than an outdated job.
 */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private final JobStore store;
    private final JobWatch watch;
    private final CommandPublisher commands;
    private final GatewayConfig config;
    private final JobEventCatchUp catchUp;

    public JobResource(JobStore store, JobWatch watch, CommandPublisher commands, GatewayConfig config,
                       JobEventCatchUp catchUp) {
        this.store = store;
        this.watch = watch;
        this.commands = commands;
        this.config = config;
        this.catchUp = catchUp;
    }

    @GET
    @Path("/{id}")
    public JobView get(@PathParam("id") String id, @QueryParam("wait") String wait) throws Exception {
        requireJobId(id);
        Duration waitFor = WaitParameter.parse(wait, config.gateway().maxWait());
        awaitCurrentStore();
        JobView job = store.find(id).orElseThrow(() -> ApiException.notFound("no job " + id));
        if (!waitFor.isZero() && !job.status().terminal()) {
            job = watch.awaitEnd(id, waitFor).orElse(job);
        }
        return job;
    }

    /**
     * The job's masking evidence: per masked column the rule, its parameters (never a key), the rows it covered and
     * whether the column was masked or cloned as NULL ({@code on_mask_error: skip}). Empty for a job without masks.
     */
    @GET
    @Path("/{id}/masking")
    public List<MaskedColumn> masking(@PathParam("id") String id) throws Exception {
        requireJobId(id);
        awaitCurrentStore();
        return store.find(id).orElseThrow(() -> ApiException.notFound("no job " + id)).masking();
    }

    @GET
    public List<JobView> list(@QueryParam("status") String status, @QueryParam("limit") String limit) throws Exception {
        int max = config.gateway().listLimit();
        int rows = parseLimit(limit, max);
        JobStatus only = parseStatus(status);
        awaitCurrentStore();
        return store.list(only, rows);
    }

    /** Read here, not by JAX-RS: a malformed number is the client's 400, not a 404 for a resource that exists. */
    private static int parseLimit(String limit, int max) {
        if (limit == null || limit.isBlank()) {
            return max;
        }
        int value;
        try {
            value = Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 1 || value > max) {
            throw ApiException.invalid("limit", "query parameter \"limit\" must be a whole number between 1 and " + max);
        }
        return value;
    }

    @POST
    @Path("/{id}/cancel")
    public Response cancel(@PathParam("id") String id) throws Exception {
        requireJobId(id);
        awaitCurrentStore();
        JobView job = store.find(id).orElseThrow(() -> ApiException.notFound("no job " + id));
        if (job.status().terminal()) {
            throw new ApiException(409, ErrorCode.JOB_ENDED, "Job already ended",
                    "job " + id + " already ended with status " + job.status(), null);
        }
        commands.publish(new CancelJob(MessageHeader.create(id, "api-gateway"), "cancelled through the REST API"));
        return Response.accepted(job).build();
    }

    /** Waits (bounded) for the start-up catch-up, so no answer comes from a store that is behind the topic. */
    private void awaitCurrentStore() throws InterruptedException {
        catchUp.requireCaughtUp(config.gateway().catchUpWait());
    }

    private static void requireJobId(String id) {
        if (!Ids.isUuid(id)) {
            throw ApiException.notFound("no job " + id + " (job ids are UUIDs)");
        }
    }

    private static JobStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return JobStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("status", "query parameter \"status\" must be one of PENDING, RUNNING, COMPLETED, FAILED, CANCELLED");
        }
    }
}
