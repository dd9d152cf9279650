package dev.pgclone.inspector;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InspectorHealthTest {

    @Test
    void reportsLivenessAndReadiness() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/api/v1/inspector").then().statusCode(200).body("service", equalTo("pgclone-inspector"));
    }
}
