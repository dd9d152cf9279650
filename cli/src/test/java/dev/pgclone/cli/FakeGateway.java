package dev.pgclone.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** A JDK HttpServer that answers queued canned responses and records the requests it got. */
final class FakeGateway implements AutoCloseable {

    record Answer(int status, String contentType, String body) {
    }

    record Request(String method, String uri, String body) {
    }

    private final HttpServer server;
    private final Deque<Answer> answers = new ArrayDeque<>();
    final List<Request> requests = new ArrayList<>();

    FakeGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Map<String, String> env() {
        return Map.of("PGCLONE_GATEWAY", url());
    }

    FakeGateway answer(int status, String json) {
        answers.add(new Answer(status, status >= 400 ? "application/problem+json" : "application/json", json));
        return this;
    }

    /** Forgets the queued answers and the requests seen so far. */
    synchronized FakeGateway reset() {
        answers.clear();
        requests.clear();
        return this;
    }

    static String problem(int status, String detail) {
        return "{\"type\":\"https://pgclone.dev/problems/x\",\"title\":\"Bad\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\",\"code\":\"x\"}";
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), body));
        Answer a = answers.size() > 1 ? answers.poll() : answers.peek();
        if (a == null) {
            a = new Answer(500, "text/plain", "no answer queued");
        }
        byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", a.contentType());
        exchange.sendResponseHeaders(a.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
