package dev.pgclone.e2e;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.job.JobView;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A thin HTTP client of the gateway's REST API, as a script would use it. */
final class GatewayClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    GatewayClient(String base) {
        this.base = base;
    }

    HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    JobView job(String id) {
        return Json.read(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/" + id)).GET().build()).body(),
                JobView.class);
    }

    JobView awaitEnd(String id, Duration wait) {
        return Json.read(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/" + id + "?wait=" + wait.toSeconds() + "s"))
                .timeout(wait.plusSeconds(30)).GET().build()).body(), JobView.class);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("gateway request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
