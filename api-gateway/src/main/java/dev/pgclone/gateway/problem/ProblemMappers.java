package dev.pgclone.gateway.problem;

import dev.pgclone.contracts.ErrorCode;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as problem+json; no stack trace ever reaches a client. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        Problem problem = Problem.of(e.status(), e.code(), e.title(), e.getMessage(), path(uri), e.field());
        if (e.retryAfterSeconds() == null) {
            return respond(problem);
        }
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem)
                .header("Retry-After", e.retryAfterSeconds()).build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return respond(Problem.of(404, ErrorCode.NOT_FOUND, "Not found", "no such resource: " + path(uri), path(uri), null));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        return respond(Problem.of(405, ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed",
                "this resource does not support that method", path(uri), null));
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e, UriInfo uri) {
        return respond(Problem.of(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
                "send the request body as application/json", path(uri), null));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        return respond(Problem.of(status, codeOf(status), Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), "the request could not be served", path(uri), null));
    }

    /** Quarkus maps Jackson's definition errors itself; keep them problem+json like every other failure. */
    @ServerExceptionMapper
    public Response jsonDefinition(com.fasterxml.jackson.databind.exc.InvalidDefinitionException e, UriInfo uri) {
        return unexpected(e, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.errorf(e, "unexpected error serving %s", path(uri));
        return respond(Problem.of(500, ErrorCode.INTERNAL_ERROR, "Internal error",
                "pgclone could not complete the request; the gateway log has the details", path(uri), null));
    }

    /** The stable code of a status JAX-RS raised by itself. */
    static ErrorCode codeOf(int status) {
        return switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.INVALID_REQUEST;
        };
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }
}
