package dev.pgclone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.Topics;
import dev.pgclone.testing.TestInfra;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/local/stack} as a user runs it, in a stack folder of its own on free ports: up on the first try,
 * status, a pid file whose pid now belongs to another program, a stack left half-running, down. (The demo's clone
 * is checked by hand: it builds ~420k rows.)
 */
class LocalStackIT {

    private static final List<String> COMPONENTS = List.of("postgres", "kafka", "coordinator", "worker", "inspector", "gateway");

    private static Path root;
    private static Path stackDir;
    private static Map<String, String> env;
    private static Process bystander;

    @BeforeAll
    static void setUp() throws IOException {
        root = projectRoot();
        stackDir = TestInfra.runDir().resolve("local-stack");
        env = new HashMap<>();
        env.put("PGCLONE_STACK_DIR", stackDir.toString());
        for (String var : List.of("PGCLONE_PG_PORT", "PGCLONE_KAFKA_PORT", "PGCLONE_KAFKA_CONTROLLER_PORT",
                "PGCLONE_COORDINATOR_PORT", "PGCLONE_WORKER_PORT", "PGCLONE_INSPECTOR_PORT", "PGCLONE_GATEWAY_PORT")) {
            env.put(var, String.valueOf(freePort(env.values())));
        }
        // Small heaps and the quick JIT only: five JVMs start at once next to the other tests' services.
        env.put("PGCLONE_SERVICE_JAVA_OPTS", "-Xms32m -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        env.put("PGCLONE_KAFKA_JAVA_OPTS", "-Xms64m -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        // Another program that a stale pid file may point at: it must survive every command.
        bystander = new ProcessBuilder("sleep", "600").start();
    }

    @AfterAll
    static void tearDown() {
        if (stackDir != null && Files.isDirectory(stackDir)) {
            run(Duration.ofMinutes(3), "down");
        }
        if (bystander != null) {
            bystander.destroyForcibly();
        }
    }

    @Test
    void upStatusStalePidFilesAPartialStackAndDown() throws Exception {
        Result up = run(Duration.ofMinutes(5), "up");
        assertThat(up.exit()).as(up.output()).isZero();
        assertThat(up.output()).contains("gateway ready").contains("inspector ready").contains("stack: up in");
        Topics.DEFAULT_PARTITIONS.forEach((topic, partitions) ->
                assertThat(up.output()).as("the stack creates every topic of contracts' Topics")
                        .containsPattern("topics ready: .*" + Pattern.quote(topic + ":" + partitions)));
        System.out.printf("LocalStackIT: first up took %d ms%n", up.took().toMillis());
        Result status = run(Duration.ofMinutes(1), "status");
        assertThat(status.exit()).as(status.output()).isZero();
        for (String component : COMPONENTS) {
            assertThat(status.output()).containsPattern("(?m)^" + component + " +\\d+ +\\d+ +running ");
        }

        // The gateway dies and the kernel gives its pid to another program: a pid file is never trusted alone.
        String[] recorded = Files.readString(runFile("gateway")).trim().split(" ");
        assertThat(recorded).as("pid and start time").hasSize(2);
        ProcessHandle.of(Long.parseLong(recorded[0])).ifPresent(ProcessHandle::destroyForcibly);
        awaitGone(Long.parseLong(recorded[0]));
        Files.writeString(runFile("gateway"), bystander.pid() + " " + recorded[1] + "\n");
        Result stale = run(Duration.ofMinutes(1), "status");
        assertThat(stale.exit()).isEqualTo(1);
        assertThat(stale.output()).containsPattern("(?m)^gateway +- +\\d+ +stopped");
        // An older script's pid file (no start time) that points at another program.
        Files.writeString(runFile("gateway"), bystander.pid() + "\n");
        assertThat(run(Duration.ofMinutes(1), "status").output()).containsPattern("(?m)^gateway +- +\\d+ +stopped");

        Result again = run(Duration.ofMinutes(5), "up");
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).contains("coordinator already running").contains("gateway ready");
        System.out.printf("LocalStackIT: up with only the gateway to start took %d ms%n", again.took().toMillis());
        assertThat(bystander.isAlive()).isTrue();

        // Half a stack (the coordinator killed): down still stops everything and leaves no pid file.
        long coordinator = Long.parseLong(Files.readString(runFile("coordinator")).trim().split(" ")[0]);
        ProcessHandle.of(coordinator).ifPresent(ProcessHandle::destroyForcibly);
        awaitGone(coordinator);
        Result down = run(Duration.ofMinutes(3), "down");
        assertThat(down.exit()).as(down.output()).isZero();
        System.out.printf("LocalStackIT: down took %d ms%n", down.took().toMillis());
        try (var files = Files.list(stackDir.resolve("run"))) {
            assertThat(files.toList()).as("pid files left").isEmpty();
        }
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(stackDir.toString())))
                .as("processes of the stack folder").isEmpty();
        assertThat(bystander.isAlive()).as("the other program").isTrue();
        Result stopped = run(Duration.ofMinutes(1), "status");
        assertThat(stopped.exit()).isEqualTo(1);
        assertThat(stopped.output()).doesNotContain("running ");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private record Result(int exit, String output, Duration took) {
    }

    private static Result run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("deploy/local/stack").toString()));
        command.addAll(List.of(args));
        long t0 = System.nanoTime();
        try {
            Path out = Files.createTempFile(TestInfra.runDir(), "stack-", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("stack " + String.join(" ", args) + " did not end within " + timeout + ":\n"
                        + Files.readString(out));
            }
            String output = Files.readString(out);
            System.out.println("---- stack " + String.join(" ", args) + " ----\n" + output);
            return new Result(p.exitValue(), output, Duration.ofNanos(System.nanoTime() - t0));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path runFile(String component) {
        return stackDir.resolve("run").resolve(component + ".pid");
    }

    private static void awaitGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static int freePort(java.util.Collection<String> taken) throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (!taken.contains(String.valueOf(port))) {
                    return port;
                }
            }
        }
    }

    private static Path projectRoot() {
        String configured = System.getProperty("pgcloneTest.projectRoot");
        Path start = configured != null ? Path.of(configured) : Path.of(System.getProperty("user.dir"));
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("deploy/local/stack"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the project root from " + start);
    }
}
