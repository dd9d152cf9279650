package dev.pgclone.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

/** The shared infrastructure as a Quarkus test sees it. */
class PgcloneTestResourceTest {

    @Test
    void providesBrokerTopicsStateDatabaseAndSecretKey() throws Exception {
        PgcloneTestResource resource = new PgcloneTestResource();
        Map<String, String> config = resource.start();
        assertThat(resource.start()).isEqualTo(config); // a second test class reuses everything

        try (Connection connection = DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"))) {
            assertThat(connection.getCatalog()).isEqualTo("pgclone_state");
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap.servers")))) {
            Map<String, Integer> partitions = admin.describeTopics(PgcloneTestResource.TOPICS.keySet()).allTopicNames().get()
                    .values().stream()
                    .collect(Collectors.toMap(TopicDescription::name, d -> d.partitions().size()));
            assertThat(partitions).isEqualTo(PgcloneTestResource.TOPICS);
        }
        assertThat(Base64.getDecoder().decode(config.get("pgclone.secret-key"))).hasSize(32);
    }
}
