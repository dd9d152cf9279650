package dev.pgclone.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.job.JobProgress;
import dev.pgclone.contracts.job.JobStatus;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.job.Phase;
import dev.pgclone.testing.PgcloneTestResource;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The start-up catch-up against the real broker and a real state database, without Quarkus: each test has a topic
 * and a consumer group of its own, so offsets and counts are exact.
 */
class JobEventCatchUpTest {

    private static final int PARTITIONS = 4;
    private static final String DATABASE = "catch_up_" + UUID.randomUUID().toString().substring(0, 8);

    private static PostgresCluster state;
    private static JobStore store;
    private static JobProjection projection;
    private static KafkaProducer<String, String> producer;

    private final String topic = "test.job-events." + UUID.randomUUID();
    private final String group = "test-gateway-" + UUID.randomUUID();
    private final List<JobEventCatchUp> started = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        state = TestInfra.postgres(PgcloneTestResource.STATE_CLUSTER);
        state.createDatabase(DATABASE);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(state.jdbcUrl(DATABASE));
        ds.setUser(state.superuser());
        ds.setPassword(state.password());
        store = new JobStore(ds);
        store.createSchema();
        projection = new JobProjection(store, new JobWatch(store));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    @AfterAll
    static void tearDown() {
        producer.close();
        state.dropDatabase(DATABASE);
    }

    @AfterEach
    void stopCatchUps() {
        started.forEach(JobEventCatchUp::stop);
    }

    @Test
    void startsAtTheGroupsCommittedOffsetsOrTheBeginningAndAppliesEveryEventUpToTheEnd() throws Exception {
        TestInfra.kafka().createTopics(Map.of(topic, PARTITIONS));
        // Events the store already holds (the group committed past them) and must not be read again, except on the
        // one partition where the group has no committed offset: that one is read from the beginning.
        Map<String, Integer> oldJobs = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            String id = UUID.randomUUID().toString();
            oldJobs.put(id, publish(view(id, JobStatus.RUNNING, 1)).partition());
        }
        producer.flush();
        int uncommitted = 3;
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                if (p != uncommitted) {
                    offsets.put(new TopicPartition(topic, p), new OffsetAndMetadata(endOffset(admin, p)));
                }
            }
            admin.alterConsumerGroupOffsets(group, offsets).all().get(30, TimeUnit.SECONDS);
        }
        // 10,000 events missed while the gateway was down: 2,500 jobs, 4 versions each, the last one COMPLETED
        // (-DpgcloneTest.catchUpJobs=10000 measures the case without a repeated job).
        int jobCount = Integer.getInteger("pgcloneTest.catchUpJobs", 2500);
        int versions = 10_000 / jobCount;
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < jobCount; i++) {
            jobs.add(UUID.randomUUID().toString());
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int v = 1; v <= versions; v++) {
            for (String id : jobs) {
                sent.add(send(view(id, v == versions ? JobStatus.COMPLETED : JobStatus.RUNNING, v)));
            }
        }
        producer.flush();
        for (Future<RecordMetadata> f : sent) {
            f.get(30, TimeUnit.SECONDS);
        }

        JobEventCatchUp catchUp = start(Map.of("bootstrap.servers", bootstrap()), Duration.ofMillis(200));
        assertThat(catchUp.awaitCaughtUp(Duration.ofSeconds(120))).as(catchUp.status().toString()).isTrue();
        JobEventCatchUp.Status status = catchUp.status();
        long oldOnUncommitted = oldJobs.values().stream().filter(p -> p == uncommitted).count();
        System.out.printf("job-events catch-up: %,d events (%,d jobs) caught up in %d ms%n", status.eventsApplied(),
                jobs.size() + oldOnUncommitted, status.tookMs());

        assertThat(status.eventsApplied()).isEqualTo(jobCount * versions + oldOnUncommitted);
        for (String id : List.of(jobs.get(0), jobs.get(jobCount / 2), jobs.get(jobCount - 1))) {
            assertThat(store.find(id)).get().satisfies(j -> {
                assertThat(j.status()).isEqualTo(JobStatus.COMPLETED);
                assertThat(j.version()).isEqualTo(versions);
            });
        }
        assertThat(count("status = 'COMPLETED'")).isEqualTo(jobCount);
        for (Map.Entry<String, Integer> old : oldJobs.entrySet()) {
            assertThat(store.find(old.getKey()).isPresent()).as("old job on partition " + old.getValue())
                    .isEqualTo(old.getValue() == uncommitted);
        }
    }

    @Test
    void keepsFollowingTheTopicUntilTheConsumerGroupHasItsPartitions() throws Exception {
        TestInfra.kafka().createTopics(Map.of(topic, PARTITIONS));
        JobEventCatchUp catchUp = start(Map.of("bootstrap.servers", bootstrap()), Duration.ofMillis(200));
        assertThat(catchUp.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();

        String id = UUID.randomUUID().toString();
        publish(view(id, JobStatus.RUNNING, 1));
        producer.flush();
        awaitTrue(() -> find(id).isPresent(), "an event published after the catch-up is applied while the group is away");

        catchUp.groupHasPartitions();
        awaitTrue(() -> catchUp.status().state().equals("handed over to the consumer group"), "hand-over");
    }

    @Test
    void aTopicThatDoesNotExistYetMeansNothingToCatchUp() throws Exception {
        String missing = "test.no-such-topic." + UUID.randomUUID();
        JobEventCatchUp catchUp = new JobEventCatchUp(Map.of("bootstrap.servers", bootstrap()), missing, group,
                Duration.ofMillis(200), Duration.ofSeconds(10), projection);
        started.add(catchUp);
        catchUp.start();

        assertThat(catchUp.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        assertThat(catchUp.status().reason()).contains("does not exist yet");
        try (Admin admin = admin()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).as("not auto-created").doesNotContain(missing);
        }
    }

    @Test
    void aBrokerDownAtStartKeepsItNotReadyRetryingUntilTheBrokerAnswers() throws Exception {
        TestInfra.kafka().createTopics(Map.of(topic, PARTITIONS));
        String id = UUID.randomUUID().toString();
        publish(view(id, JobStatus.COMPLETED, 7));
        producer.flush();
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        // Bootstrapping goes through a port where nothing listens yet; later a forwarder to the real broker opens it
        // (the broker's metadata then sends the client to the broker itself).
        JobEventCatchUp catchUp = new JobEventCatchUp(Map.of("bootstrap.servers", "127.0.0.1:" + port), topic, group,
                Duration.ofMillis(100), Duration.ofSeconds(1), projection);
        started.add(catchUp);
        catchUp.start();

        awaitTrue(() -> catchUp.status().attempts() >= 3, "three attempts");
        JobEventCatchUp.Status down = catchUp.status();
        assertThat(down.caughtUp()).isFalse();
        assertThat(down.reason()).startsWith("attempt ").contains("failed");
        assertThat(down.state()).isEqualTo("waiting for Kafka or the state database");

        try (Forwarder ignored = new Forwarder(port, bootstrap())) {
            assertThat(catchUp.awaitCaughtUp(Duration.ofSeconds(60))).as(catchUp.status().toString()).isTrue();
        }
        assertThat(find(id)).get().extracting(JobView::status).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void stopEndsACatchUpThatWaitsForKafka() throws Exception {
        JobEventCatchUp catchUp = new JobEventCatchUp(Map.of("bootstrap.servers", "127.0.0.1:1"), topic, group,
                Duration.ofSeconds(5), Duration.ofSeconds(1), projection);
        catchUp.start();
        awaitTrue(() -> catchUp.status().attempts() >= 1, "a first attempt");
        long t0 = System.nanoTime();
        catchUp.stop();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(catchUp.isCaughtUp()).isFalse();
        assertThat(catchUp.status().state()).isEqualTo("stopped before catching up");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private JobEventCatchUp start(Map<String, Object> kafka, Duration backoff) {
        JobEventCatchUp catchUp = new JobEventCatchUp(kafka, topic, group, backoff, Duration.ofSeconds(10), projection);
        started.add(catchUp);
        catchUp.start();
        return catchUp;
    }

    private RecordMetadata publish(JobView view) throws Exception {
        return send(view).get(30, TimeUnit.SECONDS);
    }

    private Future<RecordMetadata> send(JobView view) {
        JobEvent event = view.status().terminal()
                ? new JobEvent.JobCompleted(MessageHeader.create(view.id(), "test"), view)
                : new JobEvent.JobProgressed(MessageHeader.create(view.id(), "test"), view);
        return producer.send(new ProducerRecord<>(topic, view.id(), Json.write(event)));
    }

    private static JobView view(String id, JobStatus status, long version) {
        return new JobView(id, "table", status, status.terminal() ? Phase.DONE : Phase.COPY_DATA, "host=x user=u",
                "host=y user=u", null, Instant.now(), Instant.now(), status.terminal() ? Instant.now() : null,
                JobProgress.NONE, List.of(), List.of(), null, null, version);
    }

    private long endOffset(Admin admin, int partition) throws Exception {
        TopicPartition tp = new TopicPartition(topic, partition);
        return admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest())).partitionResult(tp)
                .get(30, TimeUnit.SECONDS).offset();
    }

    private static long count(String where) {
        return Long.parseLong(state.query(DATABASE, "SELECT count(*) FROM gateway.jobs WHERE " + where).get(0).get(0));
    }

    private static Optional<JobView> find(String id) {
        try {
            return store.find(id);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
    }

    private static String bootstrap() {
        return TestInfra.kafka().bootstrapServers();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** A plain TCP forwarder from a loopback port to host:port, one pair of threads per connection. */
    private static final class Forwarder implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> sockets = new ArrayList<>();

        Forwarder(int port, String target) throws IOException {
            String host = target.substring(0, target.lastIndexOf(':'));
            int targetPort = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
            server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket in = server.accept();
                        Socket out = new Socket(host, targetPort);
                        synchronized (sockets) {
                            sockets.add(in);
                            sockets.add(out);
                        }
                        pipe(in, out);
                        pipe(out, in);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "forwarder-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private static void pipe(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // connection closed
                }
            }, "forwarder-pipe");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (sockets) {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }
}
