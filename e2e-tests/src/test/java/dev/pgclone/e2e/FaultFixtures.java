package dev.pgclone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.Ids;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.Topics;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.event.TaskEvent;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.pg.compare.TableSignature;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import dev.pgclone.testing.TopicRecorder;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the fault scenarios share: a source database with one big table (long enough to be caught mid-COPY) and a
 * few small ones in schema {@code app}, fresh target databases, data signatures of every table, schema clones through
 * the gateway, and the job and task events as they travel (for error codes and worker ids, which the REST view does
 * not carry).
 */
final class FaultFixtures implements AutoCloseable {

    static final String SCHEMA = "app";
    static final String BIG = "big";

    final PostgresCluster source = TestInfra.postgres("source");
    final PostgresCluster target = TestInfra.postgres("target");
    final GatewayClient gateway;
    final TopicRecorder jobEvents = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.JOB_EVENTS);
    final TopicRecorder taskEvents = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.TASK_EVENTS);

    FaultFixtures(GatewayClient gateway) {
        this.gateway = gateway;
    }

    @Override
    public void close() {
        jobEvents.close();
        taskEvents.close();
    }

    // ---- databases ----------------------------------------------------------------------------------------------

    /**
     * A source database: {@code app.big} ({@code bigRows} rows of ~1 KB; the biggest, so copied first) and three
     * small tables with keys, a foreign key and NULLs.
     */
    String sourceDatabase(String prefix, int bigRows) {
        String db = prefix + "_src_" + suffix();
        source.createDatabase(db);
        source.execute(db, """
                CREATE SCHEMA app;
                CREATE TABLE app.big (id bigint PRIMARY KEY, pad text);
                INSERT INTO app.big SELECT g, repeat(md5(g::text), 30) FROM generate_series(1, %d) g;
                CREATE TABLE app.customers (id int PRIMARY KEY, name text NOT NULL, note text);
                INSERT INTO app.customers SELECT g, 'c' || g, CASE WHEN g %% 3 = 0 THEN NULL ELSE 'n' || g END
                  FROM generate_series(1, 3000) g;
                CREATE TABLE app.orders (id int PRIMARY KEY, customer int REFERENCES app.customers, total numeric(10,2));
                INSERT INTO app.orders SELECT g, 1 + g %% 3000, g / 7.0 FROM generate_series(1, 5000) g;
                CREATE TABLE app.tags (tag text, weight int);
                INSERT INTO app.tags SELECT 't' || (g %% 50), g FROM generate_series(1, 2000) g;
                """.formatted(bigRows));
        return db;
    }

    String targetDatabase(String prefix) {
        String db = prefix + "_tgt_" + suffix();
        target.createDatabase(db);
        return db;
    }

    /** Signatures of every ordinary table of schema {@code app}, by {@code app.name}. */
    static Map<String, TableSignature> signatures(PostgresCluster cluster, String db) {
        Map<String, TableSignature> out = new LinkedHashMap<>();
        for (List<String> row : cluster.query(db, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
                + "c.relnamespace WHERE n.nspname = '" + SCHEMA + "' AND c.relkind = 'r' ORDER BY 1")) {
            out.put(SCHEMA + "." + row.get(0), CloneOracle.signature(cluster, db, SCHEMA + ".\"" + row.get(0) + "\""));
        }
        return out;
    }

    /** Whether the target holds exactly the source's tables and rows (schema {@code app}). */
    boolean dataEqual(String sourceDb, String targetDb) {
        return dataEqual(signatures(source, sourceDb), targetDb);
    }

    /** Whether the target holds exactly these tables and rows (schema {@code app}), e.g. the source's as of the snapshot. */
    boolean dataEqual(Map<String, TableSignature> expected, String targetDb) {
        return signatures(target, targetDb).equals(expected);
    }

    boolean ledgerSchemaGone(String targetDb) {
        return target.query(targetDb, "SELECT count(*) FROM pg_namespace WHERE nspname = '_pgclone'").get(0).get(0)
                .equals("0");
    }

    /**
     * Checks a failed or cancelled job's account against the target: every table the warnings call loaded holds
     * exactly the source's rows (count and hash) and the count they name, every table called empty is empty, and
     * no table holds rows without being called loaded.
     *
     * @return a problem, or null when the account is exact
     */
    String accountProblem(JobView job, Map<String, TableSignature> sourceSignatures, String targetDb) {
        Map<String, Long> loaded = new LinkedHashMap<>();
        List<String> empty = List.of();
        for (String w : job.warnings()) {
            if (w.startsWith("tables loaded (")) {
                Matcher m = Pattern.compile("([^ ,:]+) \\((\\d+) rows\\)").matcher(w);
                while (m.find()) {
                    loaded.put(m.group(1), Long.parseLong(m.group(2)));
                }
            } else if (w.startsWith("tables created but left empty (")) {
                empty = List.of(w.substring(w.indexOf("): ") + 3).split(", "));
            }
        }
        if (job.warnings().stream().noneMatch(w -> w.startsWith("tables loaded ("))) {
            return "no settled account in the warnings: " + job.warnings();
        }
        if (job.warnings().stream().noneMatch(w -> w.startsWith("post-data"))) {
            return "the warnings do not say how far post-data got: " + job.warnings();
        }
        Map<String, TableSignature> onTarget = signatures(target, targetDb);
        for (var t : onTarget.entrySet()) {
            long rows = t.getValue().rows();
            if (loaded.containsKey(t.getKey())) {
                if (rows != loaded.get(t.getKey()) || !t.getValue().equals(sourceSignatures.get(t.getKey()))) {
                    return t.getKey() + " is called loaded with " + loaded.get(t.getKey()) + " rows but holds "
                            + t.getValue() + " (source " + sourceSignatures.get(t.getKey()) + ")";
                }
            } else if (rows != 0) {
                return t.getKey() + " holds " + rows + " rows but the account does not call it loaded";
            } else if (!empty.contains(t.getKey())) {
                return t.getKey() + " is empty but not named among the tables left empty: " + job.warnings();
            }
        }
        return null;
    }

    // ---- jobs ----------------------------------------------------------------------------------------------------

    /** Submits a clone of schema {@code app}; returns the job id. */
    String cloneSchema(String sourceDb, String targetDb, String options) {
        HttpResponse<String> r = gateway.post("/api/v1/clones/schema", "{\"source\":" + Json.write(source.conninfo(sourceDb))
                + ",\"target\":" + Json.write(target.conninfo(targetDb)) + ",\"schema\":\"" + SCHEMA
                + "\",\"options\":" + options + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return Json.read(r.body(), JobView.class).id();
    }

    static String bigTaskId(String jobId) {
        return Ids.taskId(jobId, SCHEMA, BIG, 0);
    }

    /**
     * Waits until a worker reports rows of {@code app.big} for this job, and returns that worker's id. Fails when the
     * job ends first: the fixture is then too small to inject the fault mid-COPY.
     */
    String awaitBigCopying(String jobId) {
        String task = bigTaskId(jobId);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<TaskEvent.TaskProgressed> progressed = taskEvents(jobId).stream()
                    .filter(e -> e instanceof TaskEvent.TaskProgressed p && p.taskId().equals(task) && p.rows() > 0)
                    .map(e -> (TaskEvent.TaskProgressed) e).findFirst();
            if (progressed.isPresent()) {
                assertThat(lastEvent(jobId).map(e -> e.job().status().terminal()).orElse(false))
                        .as("the job ended before the fault: make the fixture bigger").isFalse();
                return progressed.get().worker();
            }
            assertThat(lastEvent(jobId).map(e -> e.job().status().terminal()).orElse(false))
                    .as("job " + jobId + " ended before app.big was copying: " + lastEvent(jobId)).isFalse();
            sleep(50);
        }
        throw new AssertionError("job " + jobId + " never reported rows of app.big");
    }

    List<TaskEvent> taskEvents(String jobId) {
        return taskEvents.values().stream().flatMap(v -> readable(v, TaskEvent.class).stream())
                .filter(e -> e.jobId().equals(jobId)).toList();
    }

    /** The newest job event of a job (highest version), as the coordinator published it. */
    Optional<JobEvent> lastEvent(String jobId) {
        return jobEvents.values().stream().flatMap(v -> readable(v, JobEvent.class).stream())
                .filter(e -> e.jobId().equals(jobId))
                .max(java.util.Comparator.comparingLong(e -> e.job().version()));
    }

    /** A recorded value as a message; empty for the poison records the fault suite publishes itself. */
    static <T> Optional<T> readable(String value, Class<T> type) {
        try {
            return Optional.of(Json.read(value, type));
        } catch (dev.pgclone.contracts.MalformedMessageException e) {
            return Optional.empty();
        }
    }

    /** Waits for the job's end event matching {@code settled}, then returns the newest event. */
    JobEvent awaitEndEvent(String jobId, Duration timeout, java.util.function.Predicate<JobView> settled) {
        await("the end of job " + jobId, timeout, () -> lastEvent(jobId)
                .map(e -> e.job().status().terminal() && settled.test(e.job())).orElse(false));
        return lastEvent(jobId).orElseThrow();
    }

    /** Whether a job that ended early carries its settled account (read from the ledger, or why it could not be). */
    static boolean settled(JobView job) {
        return job.warnings().stream().anyMatch(w -> w.startsWith("tables loaded (")
                || w.startsWith("which tables hold rows is unknown") || w.startsWith("could not remove the task ledger"));
    }

    /** The error code of a failed job's newest failure event, or its status when it did not fail. */
    String outcome(JobEvent end) {
        if (end instanceof JobEvent.JobFailed f) {
            return "FAILED " + f.error().code();
        }
        if (end instanceof JobEvent.JobRejected r) {
            return "REJECTED " + r.error().code();
        }
        return end.job().status().name();
    }

    /** The gateway's view once it has caught up with {@code version}. */
    JobView gatewayView(String jobId, long version) {
        await("the gateway to show version " + version + " of job " + jobId, Duration.ofSeconds(60), () -> {
            HttpResponse<String> r = gateway.get("/api/v1/jobs/" + jobId);
            return r.statusCode() == 200 && Json.read(r.body(), JobView.class).version() >= version;
        });
        return gateway.job(jobId);
    }

    // ---- waiting ---------------------------------------------------------------------------------------------------

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            sleep(100);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
