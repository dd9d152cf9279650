package dev.pgclone.gateway.clone;

import dev.pgclone.contracts.job.JobView;
import dev.pgclone.gateway.config.GatewayConfig;
import dev.pgclone.gateway.job.JobWatch;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/**
 * {@code POST /api/v1/clones/{table|schema|database|database-create|functions}}: 202 with the job and its
 * Location; with {@code ?wait=} the answer comes when the job has ended (200) or the wait ran out (202).
 */
@Path("/api/v1/clones")
public class CloneResource {

    private final CloneService clones;
    private final JobWatch watch;
    private final GatewayConfig config;

    public CloneResource(CloneService clones, JobWatch watch, GatewayConfig config) {
        this.clones = clones;
        this.watch = watch;
        this.config = config;
    }

    @POST
    @Path("/{kind}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response clone(@PathParam("kind") String kind, @QueryParam("wait") String wait, String body) throws Exception {
        Duration waitFor = WaitParameter.parse(wait, config.gateway().maxWait());
        CloneRequest request = CloneRequestReader.read(kind, body);
        JobView job = clones.submit(request);
        if (!waitFor.isZero()) {
            job = watch.awaitEnd(job.id(), waitFor).orElse(job);
        }
        return Response.status(job.status().terminal() ? Response.Status.OK : Response.Status.ACCEPTED)
                // A relative reference (RFC 9110 allows it): valid behind any proxy or host name.
                .header(HttpHeaders.LOCATION, "/api/v1/jobs/" + job.id()).entity(job).build();
    }
}
