package dev.pgclone.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One packaged pgclone service ({@code quarkus-run.jar}) running as its own process. It can be stopped or killed and
 * started again: same port, same environment, its log appended to.
 */
final class ServiceProcess {

    private final String name;
    private final Path jar;
    private final Map<String, String> env;
    private final Path log;
    private final int port;
    private Process process;
    private Duration lastStart;
    private String lastNotReady;
    private long logSizeAtStart;

    ServiceProcess(String name, Path jar, Map<String, String> env, Path log, int port) {
        this.name = name;
        this.jar = jar;
        this.env = env;
        this.log = log;
        this.port = port;
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the process and waits until {@code /q/health/ready} answers 200; for a stopped one, starts it again. */
    synchronized ServiceProcess start() {
        if (alive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw package)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        long t0 = System.nanoTime();
        lastNotReady = null;
        try {
            logSizeAtStart = Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            logSizeAtStart = 0;
        }
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
        awaitReady(Duration.ofSeconds(90));
        lastStart = Duration.ofNanos(System.nanoTime() - t0);
        return this;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process == null ? -1 : process.pid();
    }

    /** How long the last {@link #start()} took from launch to a ready answer. */
    Duration lastStartTook() {
        return lastStart;
    }

    /** The last readiness answer that was not 200 during the last start (status and body), or null if none came. */
    String lastNotReadyAnswer() {
        return lastNotReady;
    }

    /** SIGTERM and wait: a graceful stop. */
    synchronized void stop() {
        if (alive()) {
            process.destroy();
            waitFor(Duration.ofSeconds(30));
            if (alive()) {
                kill();
            }
        }
    }

    /** SIGKILL: the process dies mid-work, as after a crash or an OOM kill. */
    synchronized void kill() {
        if (alive()) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
    }

    /** What the process logged since its last {@link #start()}. */
    String logSinceStart() {
        try {
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(logSizeAtStart, all.length);
            return new String(all, from, all.length - from, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    private void waitFor(Duration d) {
        try {
            process.waitFor(d.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start-up:\n" + tail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                lastNotReady = r.statusCode() + " " + r.body().replaceAll("\\s+", " ");
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(name + " not ready within " + timeout + ":\n" + tail());
    }

    private String tail() {
        List<String> lines = logText().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
