package dev.pgclone.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Requests a careless or malicious client sends the gateway: malformed, huge and deeply nested JSON, wrong types,
 * unknown fields, NUL bytes, overlong identifiers, hostile {@code where} filters, conninfos with injection attempts,
 * path traversal in job ids, bad {@code ?wait=}, wrong methods and media types, huge headers, raw HTTP garbage. Each
 * answer is checked: never 5xx; an error is problem+json with a stable {@code code}; no stack trace, class name or
 * password in it.
 */
final class HostileRequests {

    /** A password every hostile conninfo carries: it must never come back. */
    static final String PASSWORD = "Hostile-Secret-7f3a";
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9-]*");
    private static final List<Pattern> LEAKS = List.of(Pattern.compile("\\tat "), Pattern.compile("\\.java:\\d+"),
            Pattern.compile("Exception"), Pattern.compile("dev\\.pgclone\\."), Pattern.compile("com\\.fasterxml"),
            Pattern.compile(Pattern.quote(PASSWORD)));

    /** One request and what came back. */
    record Answer(String name, int status, String contentType, String body, String problem) {
    }

    private final String base;
    private final int port;
    /** HTTP/1.1, as most clients speak it (no h2c upgrade, which the server answers with GOAWAY on refusal). */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String goodSource;
    private final String goodTarget;

    HostileRequests(String base, int port, String goodSource, String goodTarget) {
        this.base = base;
        this.port = port;
        this.goodSource = goodSource;
        this.goodTarget = goodTarget;
    }

    /** Sends every request; returns each answer with the problem found in it (null when it is fine). */
    List<Answer> run() {
        List<Answer> answers = new ArrayList<>();
        for (Map.Entry<String, Supplier<Raw>> r : requests()) {
            Raw raw;
            try {
                raw = r.getValue().get();
            } catch (RuntimeException e) {
                answers.add(new Answer(r.getKey(), -1, null, "", "no answer: " + e));
                continue;
            }
            answers.add(new Answer(r.getKey(), raw.status, raw.contentType, raw.body, check(raw)));
        }
        return answers;
    }

    private record Raw(int status, String contentType, String body) {
    }

    /**
     * What the HTTP layer refuses before a request exists (a request line or headers too long, bytes that are not
     * HTTP): a bare status and an empty body, with nothing in it to leak. Everything that parses as HTTP gets a problem.
     */
    static final java.util.Set<Integer> TRANSPORT_REFUSALS = java.util.Set.of(400, 413, 414, 431);

    static boolean refusedByTheHttpLayer(Answer a) {
        return TRANSPORT_REFUSALS.contains(a.status()) && a.body().isEmpty() && a.contentType() == null;
    }

    private static String check(Raw raw) {
        if (raw.status >= 500) {
            return "answered " + raw.status;
        }
        if (refusedByTheHttpLayer(new Answer(null, raw.status, raw.contentType, raw.body, null))) {
            return null;
        }
        for (Pattern leak : LEAKS) {
            if (leak.matcher(raw.body).find()) {
                return "the answer leaks " + leak.pattern() + ": " + abbreviate(raw.body);
            }
        }
        if (raw.status < 400) {
            return null;
        }
        if (raw.contentType == null || !raw.contentType.startsWith("application/problem+json")) {
            return "error " + raw.status + " is not problem+json (" + raw.contentType + "): " + abbreviate(raw.body);
        }
        JsonNode problem;
        try {
            problem = Json.mapper().readTree(raw.body);
        } catch (IOException e) {
            return "unreadable problem body: " + abbreviate(raw.body);
        }
        String code = problem.path("code").asText("");
        if (!CODE.matcher(code).matches()) {
            return "no stable code: " + abbreviate(raw.body);
        }
        if (problem.path("status").asInt() != raw.status) {
            return "problem status " + problem.path("status") + " differs from " + raw.status;
        }
        return null;
    }

    static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    // ---- the requests ----------------------------------------------------------------------------------------------

    private List<Map.Entry<String, Supplier<Raw>>> requests() {
        List<Map.Entry<String, Supplier<Raw>>> r = new ArrayList<>();
        String table = "\"schema\":\"public\",\"table\":\"t\"";
        String conn = ",\"source\":" + Json.write(goodSource) + ",\"target\":" + Json.write(goodTarget);
        // malformed and hostile JSON
        r.add(post("empty body", "/api/v1/clones/table", ""));
        r.add(post("not JSON", "/api/v1/clones/table", "hello"));
        r.add(post("truncated JSON", "/api/v1/clones/table", "{\"source\":\"host=x"));
        r.add(post("JSON array", "/api/v1/clones/table", "[1,2,3]"));
        r.add(post("JSON string", "/api/v1/clones/table", "\"a string\""));
        r.add(post("JSON null", "/api/v1/clones/table", "null"));
        r.add(post("trailing garbage", "/api/v1/clones/table", "{" + table + conn + "} trailing"));
        r.add(post("deeply nested arrays (100k)", "/api/v1/clones/table", "[".repeat(100_000) + "]".repeat(100_000)));
        r.add(post("deeply nested objects (10k)", "/api/v1/clones/table",
                "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)));
        r.add(post("deeply nested options", "/api/v1/clones/table",
                "{" + table + conn + ",\"options\":" + "{\"x\":".repeat(5_000) + "1" + "}".repeat(5_000) + "}"));
        r.add(post("huge string field (5 MB)", "/api/v1/clones/table",
                "{" + table + conn + ",\"targetName\":\"" + "x".repeat(5_000_000) + "\"}"));
        r.add(post("huge body (12 MB)", "/api/v1/clones/table", "{\"pad\":\"" + "y".repeat(12_000_000) + "\"}"));
        r.add(post("huge number", "/api/v1/clones/table",
                "{" + table + conn + ",\"options\":{\"parallel\":" + "9".repeat(5000) + "}}"));
        r.add(post("NUL byte in a name", "/api/v1/clones/table",
                "{\"schema\":\"pub\\u0000lic\",\"table\":\"t\"" + conn + "}"));
        r.add(post("raw NUL byte in the body", "/api/v1/clones/table", "{\"schema\":\"p\u0000\",\"table\":\"t\"" + conn + "}"));
        r.add(post("invalid UTF-8", "/api/v1/clones/table", new byte[] {'{', '"', 's', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                "application/json"));
        r.add(post("lone surrogate escape", "/api/v1/clones/table", "{\"schema\":\"\\ud800\",\"table\":\"t\"" + conn + "}"));
        r.add(post("duplicate keys", "/api/v1/clones/table", "{\"schema\":\"a\",\"schema\":\"b\",\"table\":\"t\"" + conn + "}"));
        // wrong types, unknown and missing fields
        r.add(post("schema is a number", "/api/v1/clones/table", "{\"schema\":1,\"table\":\"t\"" + conn + "}"));
        r.add(post("table is an object", "/api/v1/clones/table", "{\"schema\":\"s\",\"table\":{}" + conn + "}"));
        r.add(post("includeData is a string", "/api/v1/clones/table", "{" + table + conn + ",\"includeData\":\"yes\"}"));
        r.add(post("options is an array", "/api/v1/clones/table", "{" + table + conn + ",\"options\":[]}"));
        r.add(post("parallel is a string", "/api/v1/clones/table", "{" + table + conn + ",\"options\":{\"parallel\":\"4\"}}"));
        r.add(post("parallel out of range", "/api/v1/clones/table", "{" + table + conn + ",\"options\":{\"parallel\":100000}}"));
        r.add(post("parallel negative", "/api/v1/clones/table", "{" + table + conn + ",\"options\":{\"parallel\":-1}}"));
        r.add(post("parallel fractional", "/api/v1/clones/table", "{" + table + conn + ",\"options\":{\"parallel\":1.5}}"));
        r.add(post("unknown field", "/api/v1/clones/table", "{" + table + conn + ",\"evil\":true}"));
        r.add(post("unknown option", "/api/v1/clones/table", "{" + table + conn + ",\"options\":{\"rm -rf\":1}}"));
        r.add(post("missing source", "/api/v1/clones/table", "{" + table + ",\"target\":" + Json.write(goodTarget) + "}"));
        r.add(post("source is null", "/api/v1/clones/table", "{" + table + ",\"source\":null,\"target\":" + Json.write(goodTarget) + "}"));
        r.add(post("columns with a non-string", "/api/v1/clones/table", "{" + table + conn + ",\"options\":{\"columns\":[1,{}]}}"));
        // identifiers
        r.add(post("overlong schema name (64 bytes)", "/api/v1/clones/table",
                "{\"schema\":\"" + "s".repeat(64) + "\",\"table\":\"t\"" + conn + "}"));
        r.add(post("overlong multibyte table name", "/api/v1/clones/table",
                "{\"schema\":\"s\",\"table\":\"" + "é".repeat(40) + "\"" + conn + "}"));
        r.add(post("empty table name", "/api/v1/clones/table", "{\"schema\":\"s\",\"table\":\"\"" + conn + "}"));
        r.add(post("SQL in a table name", "/api/v1/clones/table",
                "{\"schema\":\"s\",\"table\":\"t\\\"; DROP TABLE x; --\"" + conn + "}"));
        r.add(post("database-create with a path", "/api/v1/clones/database-create",
                "{\"targetDatabase\":\"../../etc\"" + conn + "}"));
        r.add(post("database-create with a quote", "/api/v1/clones/database-create",
                "{\"targetDatabase\":\"x\\\"; DROP DATABASE postgres; --\"" + conn + "}"));
        // where filters
        for (String where : List.of("1=1; DROP TABLE t", "true) OR (select pg_sleep(100)) IS NULL OR (true",
                "id IN (SELECT lo_import('/etc/passwd'))", "pg_read_file('/etc/passwd') IS NOT NULL",
                "/* comment */ true", "$$x$$ = 'x'", "(((", "id = 1 -- tail",
                "(SELECT dblink_exec('host=evil', 'DROP TABLE t')) IS NULL")) {
            r.add(post("where: " + where, "/api/v1/clones/table",
                    "{" + table + conn + ",\"options\":{\"where\":" + Json.write(where) + "}}"));
        }
        // conninfos
        for (String conninfo : List.of("host=127.0.0.1 port=1 dbname=x user=u password=" + PASSWORD + " options='-c log_statement=all'",
                "host=127.0.0.1 port=1 dbname=x user=u password=" + PASSWORD + " sslmode=disable' OR '1'='1",
                "host=/var/run/postgresql dbname=x user=u password=" + PASSWORD,
                "postgresql://u:" + PASSWORD + "@127.0.0.1:1/x?options=-csearch_path%3Devil",
                "postgresql://u:" + PASSWORD + "@[::1:1/x",
                "host=127.0.0.1 port=99999999 dbname=x user=u password=" + PASSWORD,
                "host=127.0.0.1 port=1 dbname=x user=u password=" + PASSWORD + " service=evil",
                "host=127.0.0.1 port=1 dbname=x password=" + PASSWORD,
                "host=127.0.0.1\u0000 port=1 dbname=x user=u password=" + PASSWORD,
                "=" + PASSWORD)) {
            r.add(post("conninfo: " + conninfo.replace(PASSWORD, "***"), "/api/v1/clones/table",
                    "{" + table + ",\"source\":" + Json.write(conninfo) + ",\"target\":" + Json.write(goodTarget) + "}"));
        }
        // paths, job ids, query parameters
        r.add(get("job id with path traversal", "/api/v1/jobs/..%2F..%2F..%2Fetc%2Fpasswd"));
        r.add(get("job id with dot segments", "/api/v1/jobs/../../q/health"));
        r.add(get("job id with a NUL", "/api/v1/jobs/%00"));
        r.add(get("job id with SQL", "/api/v1/jobs/1'%20OR%20'1'='1"));
        r.add(get("overlong job id", "/api/v1/jobs/" + "a".repeat(4000)));
        r.add(get("unknown job (valid UUID)", "/api/v1/jobs/00000000-0000-4000-8000-000000000000"));
        r.add(post("cancel an unknown job", "/api/v1/jobs/00000000-0000-4000-8000-000000000000/cancel", ""));
        r.add(post("cancel with traversal", "/api/v1/jobs/..%2F..%2Fq%2Fhealth/cancel", ""));
        r.add(get("wait is not a duration", "/api/v1/jobs/00000000-0000-4000-8000-000000000000?wait=forever"));
        r.add(get("wait is negative", "/api/v1/jobs/00000000-0000-4000-8000-000000000000?wait=-5s"));
        r.add(get("wait is enormous", "/api/v1/jobs/00000000-0000-4000-8000-000000000000?wait=99999999999999999999h"));
        r.add(get("wait overflows", "/api/v1/jobs/00000000-0000-4000-8000-000000000000?wait=PT9223372036854775807S"));
        r.add(post("post with a bad wait", "/api/v1/clones/table?wait=%00", "{" + table + conn + "}"));
        r.add(get("limit is not a number", "/api/v1/jobs?limit=abc"));
        r.add(get("limit is huge", "/api/v1/jobs?limit=99999999999999"));
        r.add(get("limit is negative", "/api/v1/jobs?limit=-1"));
        r.add(get("status is unknown", "/api/v1/jobs?status=DROP"));
        r.add(post("unknown clone kind", "/api/v1/clones/everything", "{}"));
        r.add(post("clone kind with traversal", "/api/v1/clones/..%2F..%2Fjobs", "{}"));
        // methods, media types, headers
        r.add(send("DELETE a job", "DELETE", "/api/v1/jobs/00000000-0000-4000-8000-000000000000", null, null));
        r.add(send("PUT a clone", "PUT", "/api/v1/clones/table", "{}", "application/json"));
        r.add(send("PATCH the job list", "PATCH", "/api/v1/jobs", "{}", "application/json"));
        r.add(send("GET a clone kind", "GET", "/api/v1/clones/table", null, null));
        r.add(post("text/plain body", "/api/v1/clones/table", ("{" + table + conn + "}").getBytes(StandardCharsets.UTF_8), "text/plain"));
        r.add(post("XML body", "/api/v1/clones/table", "<clone/>".getBytes(StandardCharsets.UTF_8), "application/xml"));
        r.add(post("no content type", "/api/v1/clones/table", ("{" + table + conn + "}").getBytes(StandardCharsets.UTF_8), null));
        r.add(post("JSON as UTF-16", "/api/v1/clones/table", ("{" + table + conn + "}").getBytes(StandardCharsets.UTF_16),
                "application/json; charset=UTF-16"));
        r.add(post("unknown charset", "/api/v1/clones/table", ("{" + table + conn + "}").getBytes(StandardCharsets.UTF_8),
                "application/json; charset=x-evil"));
        r.add(Map.entry("Accept: application/xml only", () -> exchange(HttpRequest.newBuilder(uri("/api/v1/jobs"))
                .header("Accept", "application/xml").GET())));
        r.add(Map.entry("huge header (64 KB)", () -> exchange(HttpRequest.newBuilder(uri("/api/v1/jobs"))
                .header("X-Pad", "z".repeat(64 * 1024)).GET())));
        r.add(Map.entry("many headers (500)", () -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri("/api/v1/jobs")).GET();
            for (int i = 0; i < 500; i++) {
                b.header("X-H" + i, "v" + i);
            }
            return exchange(b);
        }));
        r.add(raw("overlong request line (100 KB)", "GET /api/v1/jobs/" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
        r.add(raw("raw traversal", "GET /api/v1/jobs/../../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"));
        r.add(raw("HTTP garbage", "HELLO /\u0000 WORLD\r\n\r\n"));
        r.add(raw("chunked body that lies", "POST /api/v1/clones/table HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n"));
        r.add(raw("content-length larger than the body", "POST /api/v1/clones/table HTTP/1.1\r\nHost: x\r\nContent-Type: "
                + "application/json\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{}"));
        return r;
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private Map.Entry<String, Supplier<Raw>> get(String name, String path) {
        return send(name, "GET", path, null, null);
    }

    private Map.Entry<String, Supplier<Raw>> post(String name, String path, String body) {
        return post(name, path, body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private Map.Entry<String, Supplier<Raw>> post(String name, String path, byte[] body, String contentType) {
        return Map.entry(name, () -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            return exchange(b);
        });
    }

    private Map.Entry<String, Supplier<Raw>> send(String name, String method, String path, String body, String contentType) {
        return Map.entry(name, () -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method, body == null
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            return exchange(b);
        });
    }

    private Raw exchange(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Raw(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Bytes on a socket, for what an HTTP client refuses to send. The status line and headers are parsed by hand. */
    private Map.Entry<String, Supplier<Raw>> raw(String name, String request) {
        return Map.entry(name, () -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(20_000);
                OutputStream out = socket.getOutputStream();
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                socket.shutdownOutput();
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                int n;
                try {
                    while ((n = in.read(buf)) > 0) {
                        all.write(buf, 0, n);
                    }
                } catch (java.net.SocketTimeoutException e) {
                    // a keep-alive answer: what arrived is enough
                }
                String text = all.toString(StandardCharsets.UTF_8);
                if (text.isEmpty()) {
                    return new Raw(0, null, ""); // the server closed the connection without answering: not a 5xx
                }
                String[] headAndBody = text.split("\r\n\r\n", 2);
                String[] lines = headAndBody[0].split("\r\n");
                int status = Integer.parseInt(lines[0].split(" ")[1]);
                String type = null;
                for (String line : lines) {
                    if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:")) {
                        type = line.substring(13).strip();
                    }
                }
                return new Raw(status, type, headAndBody.length > 1 ? headAndBody[1] : "");
            } catch (IOException e) {
                throw new IllegalStateException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
            }
        });
    }
}
