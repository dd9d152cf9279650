package dev.pgclone.gateway.masking;

import dev.pgclone.contracts.job.JobView;
import dev.pgclone.gateway.clone.WaitParameter;
import dev.pgclone.gateway.config.GatewayConfig;
import dev.pgclone.gateway.job.JobWatch;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/**
 * Masking jobs on a target, run by the coordinator (the inspector only reads): {@code POST /api/v1/masking/in-place}
 * (pgclone {@code mask_in_place}), {@code POST /api/v1/masking/policies} ({@code create_masking_policy}) and
 * {@code POST /api/v1/masking/policies/drop} ({@code drop_masking_policy}; a POST, not a DELETE, because the request
 * carries the target's conninfo, which belongs in a body, never in a URL). Answers as clones do: 202 with the job and
 * its Location; with {@code ?wait=} 200 once it ended, 202 when the wait ran out.
 */
@Path("/api/v1/masking")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MaskingResource {

    private final MaskingService masking;
    private final JobWatch watch;
    private final GatewayConfig config;

    public MaskingResource(MaskingService masking, JobWatch watch, GatewayConfig config) {
        this.masking = masking;
        this.watch = watch;
        this.config = config;
    }

    @POST
    @Path("/in-place")
    public Response inPlace(@QueryParam("wait") String wait, String body) throws Exception {
        return submit(wait, () -> MaskingRequestReader.inPlace(body));
    }

    @POST
    @Path("/policies")
    public Response createPolicy(@QueryParam("wait") String wait, String body) throws Exception {
        return submit(wait, () -> MaskingRequestReader.createPolicy(body));
    }

    @POST
    @Path("/policies/drop")
    public Response dropPolicy(@QueryParam("wait") String wait, String body) throws Exception {
        return submit(wait, () -> MaskingRequestReader.dropPolicy(body));
    }

    private Response submit(String wait, java.util.function.Supplier<MaskingRequestReader.Submission> read)
            throws Exception {
        Duration waitFor = WaitParameter.parse(wait, config.gateway().maxWait());
        JobView job = masking.submit(read.get());
        if (!waitFor.isZero()) {
            job = watch.awaitEnd(job.id(), waitFor).orElse(job);
        }
        return Response.status(job.status().terminal() ? Response.Status.OK : Response.Status.ACCEPTED)
                .header(HttpHeaders.LOCATION, "/api/v1/jobs/" + job.id()).entity(job).build();
    }
}
