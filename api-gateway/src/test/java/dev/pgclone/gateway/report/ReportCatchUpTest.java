package dev.pgclone.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.event.ReportEvent;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.contracts.report.ReportStatus;
import dev.pgclone.contracts.report.ReportView;
import dev.pgclone.gateway.config.GatewayConfig;
import dev.pgclone.gateway.problem.ApiException;
import dev.pgclone.gateway.projection.EventCatchUp;
import dev.pgclone.testing.PgcloneTestResource;
import dev.pgclone.testing.PostgresCluster;
import dev.pgclone.testing.TestInfra;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The report store is caught up by the same mechanism as the job store ({@link EventCatchUp}, ADR 9), and report
 * reads wait for it: a topic of its own, a group without offsets, every event applied, the newest version kept.
 */
class ReportCatchUpTest {

    @Test
    void reportEventsMissedWhileTheGatewayWasDownAreInTheStoreBeforeItIsReady() throws Exception {
        String database = "report_catch_up_" + UUID.randomUUID().toString().substring(0, 8);
        String topic = "test.report-events." + UUID.randomUUID();
        PostgresCluster state = TestInfra.postgres(PgcloneTestResource.STATE_CLUSTER);
        state.createDatabase(database);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(state.jdbcUrl(database));
            ds.setUser(state.superuser());
            ds.setPassword(state.password());
            ReportStore store = new ReportStore(ds);
            store.createSchema();
            TestInfra.kafka().createTopics(Map.of(topic, 4));
            String id = "01a226d0-096e-78c1-bffb-7bd3d8980736";
            ReportView running = new ReportView(id, ReportKind.DIFF, ReportStatus.RUNNING, "host=s user=u",
                    "host=t user=u", "app", null, Instant.now(), Instant.now(), null, null, null, null, null, 2);
            ReportView completed = running.completed(Json.mapper().createObjectNode().put("in_sync", true), null, Instant.now());
            producer.send(new ProducerRecord<>(topic, id, Json.write(new ReportEvent.ReportProgressed(
                    MessageHeader.create(id, "t"), running)))).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, id, Json.write(new ReportEvent.ReportCompleted(
                    MessageHeader.create(id, "t"), completed)))).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, id, "not json")).get(30, TimeUnit.SECONDS);

            EventCatchUp catchUp = new EventCatchUp("report events", "report",
                    Map.of("bootstrap.servers", TestInfra.kafka().bootstrapServers()), topic, "test-" + UUID.randomUUID(),
                    Duration.ofMillis(200), Duration.ofSeconds(10), new ReportProjection(store, new ReportWatch(store)));
            try {
                catchUp.start();
                assertThat(catchUp.awaitCaughtUp(Duration.ofSeconds(60))).as(catchUp.status().toString()).isTrue();
                assertThat(catchUp.status().eventsApplied()).isEqualTo(3);
                assertThat(store.find(id)).get().satisfies(r -> {
                    assertThat(r.status()).isEqualTo(ReportStatus.COMPLETED);
                    assertThat(r.version()).isEqualTo(3);
                    assertThat(r.result().get("in_sync").booleanValue()).isTrue();
                });
            } finally {
                catchUp.stop();
            }
        } finally {
            state.dropDatabase(database);
        }
    }

    @Test
    void reportReadsWaitBoundedForTheCatchUpThenAnswer503() {
        GatewayConfig config = config(Duration.ofMillis(300));
        ReportEventCatchUp neverStarted = new ReportEventCatchUp(Map.of("bootstrap.servers", "127.0.0.1:1"), "t", "g",
                config, null);
        ReportResource resource = new ReportResource(null, null, null, config, neverStarted);

        ApiException e = catchThrowableOfType(ApiException.class,
                () -> resource.get("01890000-0000-7000-8000-000000000000", "60s"));
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.code()).isEqualTo(ErrorCode.CATCHING_UP);
        assertThat(e.getMessage()).contains("report events it missed");
        assertThat(e.retryAfterSeconds()).isEqualTo(5);
        assertThat(catchThrowableOfType(ApiException.class, () -> resource.list(null, null, null)).status())
                .isEqualTo(503);
        assertThat(catchThrowableOfType(ApiException.class, () -> resource.get("nope", null)).status()).isEqualTo(404);
        assertThat(catchThrowableOfType(ApiException.class, () -> resource.list("everything", null, null)).status())
                .isEqualTo(400);
    }

    private static GatewayConfig config(Duration catchUpWait) {
        GatewayConfig.Gateway gateway = new GatewayConfig.Gateway() {
            @Override
            public Duration maxWait() {
                return Duration.ofHours(1);
            }

            @Override
            public int listLimit() {
                return 100;
            }

            @Override
            public Duration catchUpWait() {
                return catchUpWait;
            }

            @Override
            public Duration catchUpRetryBackoff() {
                return Duration.ofSeconds(1);
            }
        };
        return new GatewayConfig() {
            @Override
            public String secretKey() {
                return "";
            }

            @Override
            public Gateway gateway() {
                return gateway;
            }
        };
    }
}
