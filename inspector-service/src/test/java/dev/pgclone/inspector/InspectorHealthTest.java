package dev.pgclone.inspector;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.pgclone.testing.PgcloneTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PgcloneTestResource.class)
class InspectorHealthTest {

    @Test
    void reportsLivenessAndReadinessCoveringKafkaTheStateDatabaseAndTheDispatcher() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("Report dispatcher", "Database connections health check"))
                .body(containsString("SmallRye Reactive Messaging"));
        given().get("/api/v1/inspector").then().statusCode(200).body("service", equalTo("pgclone-inspector"));
    }
}
