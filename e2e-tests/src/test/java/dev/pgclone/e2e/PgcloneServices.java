package dev.pgclone.e2e;

import dev.pgclone.testing.PgcloneTestResource;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole of pgclone for end-to-end tests, once per JVM: the shared broker and state cluster (from test-support)
 * and the packaged gateway, coordinator, inspector and workers as separate processes, each given the broker, the
 * state database and the secret key (the inspector too: it consumes report requests and keeps
 * {@code inspector.reports}). Any of them can be killed and
 * restarted by name ({@code gateway}, {@code coordinator}, {@code inspector}, {@code worker-1}, ...), and workers
 * added, to inject faults. A test that kills a service restarts it (in a {@code finally}): the next test class shares
 * this instance.
 */
final class PgcloneServices {

    /** The keyed_hash key of the coordinator and every worker (a secret scan looks for it everywhere). */
    static final String MASKING_KEY = "e2e masking key: never anywhere!";

    private static PgcloneServices instance;

    private final Path root;
    private final Path logs;
    private final Map<String, String> env;
    private final ServiceProcess gateway;
    private final ServiceProcess coordinator;
    private final ServiceProcess inspector;
    private final List<ServiceProcess> workers = new ArrayList<>();

    static synchronized PgcloneServices get() {
        if (instance == null) {
            instance = new PgcloneServices();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stopAll, "pgclone-services-stop"));
        }
        return instance;
    }

    private PgcloneServices() {
        root = projectRoot();
        Map<String, String> config = new PgcloneTestResource().start();
        PostgresCluster state = TestInfra.postgres(PgcloneTestResource.STATE_CLUSTER);
        env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", config.get("kafka.bootstrap.servers"),
                "PGCLONE_SECRET_KEY", TestInfra.secretKey(),
                "PGCLONE_STATE_JDBC_URL", config.get("quarkus.datasource.jdbc.url"),
                "PGCLONE_STATE_USER", state.superuser(),
                "PGCLONE_STATE_PASSWORD", state.password(),
                "PGCLONE_WORKER_CONCURRENCY", "2",
                "PGCLONE_MASKING_KEY", MASKING_KEY);
        try {
            // Under target/, not the run directory (deleted at exit): a failed run's service logs are worth reading.
            logs = Files.createDirectories(Path.of("target", "service-logs", "run-" + ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        coordinator = newService("coordinator-service", "coordinator").start();
        gateway = newService("api-gateway", "gateway").start();
        inspector = newService("inspector-service", "inspector").start();
        addWorker();
    }

    String gatewayUrl() {
        return gateway.url();
    }

    ServiceProcess inspector() {
        return inspector;
    }

    /** Starts one more worker process. */
    synchronized ServiceProcess addWorker() {
        ServiceProcess worker = newService("worker-service", "worker-" + (workers.size() + 1)).start();
        workers.add(worker);
        return worker;
    }

    /** The service called {@code name}: gateway, coordinator, inspector, worker-1, worker-2, ... */
    synchronized ServiceProcess service(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service called " + name + "; known: "
                        + all().stream().map(ServiceProcess::name).toList()));
    }

    /** SIGKILLs the service (as after a crash or an OOM kill) and waits until the process is gone. */
    synchronized ServiceProcess kill(String name) {
        ServiceProcess service = service(name);
        service.kill();
        return service;
    }

    /**
     * Starts the service again on its port, stopping it gracefully first if it still runs, and returns once its
     * readiness check answers 200.
     */
    synchronized ServiceProcess restart(String name) {
        ServiceProcess service = service(name);
        service.stop();
        return service.start();
    }

    synchronized List<ServiceProcess> liveWorkers() {
        return workers.stream().filter(ServiceProcess::alive).toList();
    }

    /** Every service log written so far (for secret scans). */
    synchronized String allLogs() {
        StringBuilder out = new StringBuilder();
        for (ServiceProcess s : all()) {
            out.append(s.logText());
        }
        return out.toString();
    }

    private List<ServiceProcess> all() {
        List<ServiceProcess> all = new ArrayList<>(List.of(gateway, coordinator, inspector));
        all.addAll(workers);
        return all;
    }

    private ServiceProcess newService(String module, String name) {
        return new ServiceProcess(name, root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar"), env,
                logs.resolve(name + ".log"), freePort());
    }

    private void stopAll() {
        all().forEach(ServiceProcess::stop);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path projectRoot() {
        String configured = System.getProperty("pgcloneTest.projectRoot");
        Path start = configured != null ? Path.of(configured) : Path.of(System.getProperty("user.dir"));
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("deploy/pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the project root from " + start);
    }
}
