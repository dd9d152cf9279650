package dev.pgclone.inspector.info;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** What this inspector serves. Reports (diff, preflight, verify, discovery, masking) arrive with their issues. */
@Path("/api/v1/inspector")
public class InfoResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> info() {
        return Map.of("service", "pgclone-inspector", "reports", List.of());
    }
}
