package dev.pgclone.testing;

import dev.pgclone.contracts.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * For {@code @QuarkusTestResource(PgcloneTestResource.class)}: the shared broker with pgclone's topics, and the
 * shared "state" cluster with database {@value #STATE_DATABASE}. Both outlive the test class: {@link #stop()} does
 * nothing, {@link TestInfra}'s shutdown hook stops them.
 */
public class PgcloneTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String STATE_CLUSTER = "state";
    public static final String STATE_DATABASE = "pgclone_state";

    /** pgclone's topics and partition counts. */
    public static final Map<String, Integer> TOPICS = Topics.DEFAULT_PARTITIONS;

    @Override
    public Map<String, String> start() {
        // The broker takes seconds, the cluster about one: start them side by side.
        CompletableFuture<KafkaBroker> kafka = CompletableFuture.supplyAsync(TestInfra::kafka);
        PostgresCluster state = TestInfra.postgres(STATE_CLUSTER);
        createStateDatabase(state);
        KafkaBroker broker = kafka.join();
        broker.createTopics(TOPICS);
        return Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "quarkus.datasource.jdbc.url", state.jdbcUrl(STATE_DATABASE),
                "quarkus.datasource.username", state.superuser(),
                "quarkus.datasource.password", state.password(),
                "pgclone.secret-key", TestInfra.secretKey());
    }

    @Override
    public void stop() {
        // Shared across test classes: stopped once, at JVM exit.
    }

    private static synchronized void createStateDatabase(PostgresCluster state) {
        boolean exists = !state.query("postgres",
                "SELECT 1 FROM pg_database WHERE datname = '" + STATE_DATABASE + "'").isEmpty();
        if (!exists) {
            state.createDatabase(STATE_DATABASE);
        }
    }
}
