package dev.pgclone.gateway.masking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.Topics;
import dev.pgclone.contracts.command.Command;
import dev.pgclone.contracts.command.CreateMaskingPolicy;
import dev.pgclone.contracts.command.DropMaskingPolicy;
import dev.pgclone.contracts.command.MaskInPlace;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.testing.PgcloneTestResource;
import dev.pgclone.testing.TestInfra;
import dev.pgclone.testing.TopicRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The masking endpoints against a real broker and state database; no coordinator runs (the commands are checked). */
@QuarkusTest
@QuarkusTestResource(PgcloneTestResource.class)
class MaskingApiTest {

    private static final String SECRET = "s3cr3t-" + Long.toHexString(System.nanoTime());
    private static final String TARGET = "host=127.0.0.1 port=5433 dbname=staging user=app password=" + SECRET;

    private TopicRecorder commands;

    @BeforeEach
    void setUp() {
        commands = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.COMMANDS);
    }

    @AfterEach
    void tearDown() {
        commands.close();
    }

    @Test
    void maskInPlaceIsAJobWhoseCommandCarriesTheMasksAndASealedTarget() {
        Response response = given().contentType("application/json").body("{\"target\":\"" + TARGET + "\","
                + "\"schema\":\"public\",\"table\":\"employees\",\"mask\":{\"email\":\"email\",\"ssn\":\"null\","
                + "\"salary\":{\"type\":\"random_int\",\"min\":1,\"max\":9}}}").post("/api/v1/masking/in-place");

        response.then().statusCode(202).header("Location", startsWith("/api/v1/jobs/"))
                .body("kind", equalTo("mask-in-place")).body("status", equalTo("PENDING"))
                .body("request.masking.table", equalTo("employees"))
                .body("request.masking.mask.salary.max", equalTo(9))
                .body("target", equalTo("host=127.0.0.1 port=5433 dbname=staging user=app password=***"))
                .body(not(containsString(SECRET)));
        String id = response.path("id");
        MaskInPlace command = (MaskInPlace) Json.read(commands.await(v -> v.contains(id), Duration.ofSeconds(30)),
                Command.class);
        assertThat(command.mask().columns()).containsOnlyKeys("email", "ssn", "salary");
        assertThat(command.target().conninfo()).doesNotContain(SECRET);
        assertThat(SecretSealer.fromBase64(TestInfra.secretKey()).open(command.target()).get("password")).contains(SECRET);
        given().get("/api/v1/jobs/" + id).then().statusCode(200).body("kind", equalTo("mask-in-place"));
    }

    @Test
    void policiesAreCreatedAndDroppedAsJobs() {
        String created = given().contentType("application/json").body("{\"target\":\"" + TARGET + "\","
                        + "\"schema\":\"public\",\"table\":\"employees\",\"mask\":{\"email\":\"email\"},"
                        + "\"privilegedRole\":\"data_admin\"}").post("/api/v1/masking/policies")
                .then().statusCode(202).body("kind", equalTo("create-masking-policy")).extract().path("id");
        String dropped = given().contentType("application/json").body("{\"target\":\"" + TARGET + "\","
                        + "\"schema\":\"public\",\"table\":\"employees\"}").post("/api/v1/masking/policies/drop")
                .then().statusCode(202).body("kind", equalTo("drop-masking-policy")).extract().path("id");

        CreateMaskingPolicy create = (CreateMaskingPolicy) Json.read(commands.await(v -> v.contains(created),
                Duration.ofSeconds(30)), Command.class);
        DropMaskingPolicy drop = (DropMaskingPolicy) Json.read(commands.await(v -> v.contains(dropped),
                Duration.ofSeconds(30)), Command.class);
        assertThat(create.privilegedRole()).isEqualTo("data_admin");
        assertThat(drop.table()).isEqualTo("employees");
        assertThat(String.join("\n", commands.values())).doesNotContain(SECRET);
    }

    @Test
    void badMaskingRequestsAre400sNamingTheField() {
        String base = "{\"target\":\"" + TARGET + "\",\"schema\":\"public\",\"table\":\"employees\"";
        given().contentType("application/json").body(base + ",\"mask\":{\"email\":\"emial\"}}")
                .post("/api/v1/masking/in-place").then().statusCode(400).body("field", equalTo("mask.email"))
                .body(not(containsString(SECRET)));
        given().contentType("application/json").body(base + "}").post("/api/v1/masking/in-place")
                .then().statusCode(400).body("field", equalTo("mask"));
        given().contentType("application/json").body(base + ",\"mask\":{\"email\":\"email\"},\"source\":\"x\"}")
                .post("/api/v1/masking/in-place").then().statusCode(400).body("field", equalTo("source"));
        given().contentType("application/json").body(base + ",\"mask\":{\"email\":\"keyed_hash\"},"
                + "\"privilegedRole\":\"r\"}").post("/api/v1/masking/policies")
                .then().statusCode(400).body("field", equalTo("mask.email")).body("detail", containsString("keyed_hash"));
        given().contentType("application/json").body(base + ",\"mask\":{\"email\":\"email\"}}")
                .post("/api/v1/masking/policies").then().statusCode(400).body("field", equalTo("privilegedRole"));
        given().contentType("application/json").body(base + ",\"mask\":{\"email\":\"email\"}}")
                .post("/api/v1/masking/policies/drop").then().statusCode(400).body("field", equalTo("mask"));
    }
}
