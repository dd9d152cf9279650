package dev.pgclone.cli.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgclone.cli.CliException;
import dev.pgclone.cli.ExitCode;
import dev.pgclone.cli.Secrets;
import dev.pgclone.cli.WaitDuration;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.job.JobView;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The gateway's REST API as the CLI uses it. Every failure becomes a {@link CliException} with the exit code the
 * user sees: a 4xx problem is {@link ExitCode#USAGE} with the problem's detail, a 5xx or an unreachable gateway is
 * {@link ExitCode#UNAVAILABLE}.
 */
public final class GatewayClient {

    /** Longest single blocking request; longer waits are made of several (the gateway caps ?wait=, default 1h). */
    public static final Duration MAX_WAIT_PER_REQUEST = Duration.ofMinutes(5);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final URI base;
    private final HttpClient http;

    GatewayClient(URI base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    /** A client for the gateway at {@code url} (http or https, no query). */
    public static GatewayClient forUrl(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw CliException.usage("--gateway is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw CliException.usage("--gateway must be an http:// or https:// URL such as http://127.0.0.1:8080");
        }
        String s = uri.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
        return new GatewayClient(URI.create(s), http);
    }

    public URI base() {
        return base;
    }

    /** {@code POST /api/v1/clones/{kind}}; with a wait, the answer comes when the job ended or the wait ran out. */
    public JsonNode submit(String kind, ObjectNode body, Duration wait) {
        String path = "/api/v1/clones/" + kind + (wait == null ? "" : "?wait=" + WaitDuration.query(wait));
        HttpRequest request = request(path, wait).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8)).build();
        return send(request);
    }

    /**
     * {@code POST /api/v1/masking/{in-place|policies|policies/drop}}: a masking job on the target, answered as a clone
     * is.
     */
    public JsonNode submitMasking(String path, ObjectNode body, Duration wait) {
        String uri = "/api/v1/masking/" + path + (wait == null ? "" : "?wait=" + WaitDuration.query(wait));
        HttpRequest request = request(uri, wait).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8)).build();
        return send(request);
    }

    /** {@code GET /api/v1/jobs/{id}}, optionally waiting up to {@code wait} for the job to end. */
    public JsonNode job(String id, Duration wait) {
        String path = "/api/v1/jobs/" + jobId(id) + (wait == null ? "" : "?wait=" + WaitDuration.query(wait));
        return send(request(path, wait).GET().build());
    }

    /** {@code GET /api/v1/jobs}, newest first. */
    public JsonNode jobs(String status, Integer limit) {
        List<String> query = new ArrayList<>();
        if (status != null) {
            query.add("status=" + status);
        }
        if (limit != null) {
            query.add("limit=" + limit);
        }
        String path = "/api/v1/jobs" + (query.isEmpty() ? "" : "?" + String.join("&", query));
        return send(request(path, null).GET().build());
    }

    /** {@code POST /api/v1/reports/{kind}}; with a wait, the answer comes when the report ended or the wait ran out. */
    public JsonNode requestReport(String kind, ObjectNode body, Duration wait) {
        String path = "/api/v1/reports/" + kind + (wait == null ? "" : "?wait=" + WaitDuration.query(wait));
        HttpRequest request = request(path, wait).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8)).build();
        return send(request);
    }

    /** {@code GET /api/v1/reports/{id}}, optionally waiting up to {@code wait} for the report to end. */
    public JsonNode report(String id, Duration wait) {
        String path = "/api/v1/reports/" + id(id, "report") + (wait == null ? "" : "?wait=" + WaitDuration.query(wait));
        return send(request(path, wait).GET().build());
    }

    /** {@code GET /api/v1/reports}, newest first. */
    public JsonNode reports(String kind, String status, Integer limit) {
        List<String> query = new ArrayList<>();
        if (kind != null) {
            query.add("kind=" + kind);
        }
        if (status != null) {
            query.add("status=" + status);
        }
        if (limit != null) {
            query.add("limit=" + limit);
        }
        return send(request("/api/v1/reports" + (query.isEmpty() ? "" : "?" + String.join("&", query)), null).GET()
                .build());
    }

    /** {@code POST /api/v1/jobs/{id}/cancel}. */
    public JsonNode cancel(String id) {
        String path = "/api/v1/jobs/" + jobId(id) + "/cancel";
        return send(request(path, null).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /**
     * Waits for the job to end, in requests of at most {@link #MAX_WAIT_PER_REQUEST}, until {@code wait} has passed.
     * Returns the job as last seen (ended, or not when the wait ran out).
     */
    public JsonNode awaitEnd(JsonNode job, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        JsonNode current = job;
        while (!toJob(current).status().terminal()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Duration chunk = Duration.ofNanos(left);
            if (chunk.compareTo(MAX_WAIT_PER_REQUEST) > 0) {
                chunk = MAX_WAIT_PER_REQUEST;
            }
            if (chunk.toMillis() < 1) {
                break;
            }
            current = job(toJob(current).id(), Duration.ofMillis(chunk.toMillis()));
        }
        return current;
    }

    /** A job answer as the contracts' record. */
    public static JobView toJob(JsonNode json) {
        try {
            JobView job = Json.mapper().treeToValue(json, JobView.class);
            if (job == null || job.id() == null || job.status() == null) {
                throw CliException.unavailable("the gateway answered with something that is not a job");
            }
            return job;
        } catch (JsonProcessingException | RuntimeException e) {
            if (e instanceof CliException c) {
                throw c;
            }
            throw CliException.unavailable("the gateway answered with a job this pgclone cannot read ("
                    + e.getClass().getSimpleName() + "); is the CLI older than the gateway?");
        }
    }

    private HttpRequest.Builder request(String path, Duration wait) {
        Duration timeout = wait == null ? REQUEST_TIMEOUT : wait.plus(REQUEST_TIMEOUT);
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("connection timed out");
        } catch (HttpTimeoutException e) {
            throw CliException.unavailable("the gateway at " + base + " did not answer in time");
        } catch (ConnectException e) {
            throw unreachable("connection refused");
        } catch (IOException e) {
            throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.unavailable("interrupted");
        }
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (status >= 200 && status < 300) {
            if (body == null) {
                throw CliException.unavailable("the gateway answered HTTP " + status + " without a JSON body");
            }
            return body;
        }
        throw new CliException(ExitCode.forHttpStatus(status), problemMessage(status, body));
    }

    private CliException unreachable(String why) {
        return CliException.unavailable("cannot reach the gateway at " + base + " (" + why
                + "); is it running? (deploy/local/stack up, or set --gateway / PGCLONE_GATEWAY)");
    }

    /** One line from an RFC 9457 problem: its detail, else its title, else the status. */
    static String problemMessage(int status, JsonNode problem) {
        String text = null;
        if (problem != null && problem.isObject()) {
            text = textOf(problem, "detail");
            if (text == null) {
                text = textOf(problem, "title");
            }
        }
        if (text == null) {
            text = "HTTP " + status;
        }
        text = Secrets.redact(text.replaceAll("\\s+", " ").strip());
        return status >= 500 ? "gateway error (HTTP " + status + "): " + text : text;
    }

    private static String textOf(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.textValue().isBlank() ? v.textValue() : null;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String jobId(String id) {
        return id(id, "job");
    }

    private static String id(String id, String what) {
        if (id == null || !JOB_ID.matcher(id).matches()) {
            String shown = id == null || Secrets.mayBeConninfo(id) ? "that" : "\"" + id + "\"";
            throw CliException.usage(shown + " is not a " + what + " id (" + what
                    + " ids look like 0197361e-3fad-71d8-b495-bd504501cb37)");
        }
        return id;
    }
}
