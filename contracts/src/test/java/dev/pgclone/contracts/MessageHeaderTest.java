package dev.pgclone.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MessageHeaderTest {

    private static final String JOB = "0197361e-3fad-71d8-b495-bd504501cb37";

    @Test
    void requiresAJobId() {
        assertThatThrownBy(() -> new MessageHeader("m", null, Instant.now(), "p", 1))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("jobId");
    }

    @Test
    void fillsMissingMessageIdTimeAndSchemaVersion() {
        Instant before = Instant.now();
        MessageHeader header = new MessageHeader(" ", JOB, null, null, 0);

        assertThat(Ids.isUuid(header.messageId())).isTrue();
        assertThat(header.time()).isBetween(before, Instant.now());
        assertThat(header.schemaVersion()).isEqualTo(MessageHeader.CURRENT_SCHEMA_VERSION);
    }

    @Test
    void headerReadFromJsonWithOnlyAJobIdGetsDefaults() {
        MessageHeader header = Json.read("{\"jobId\": \"" + JOB + "\"}", MessageHeader.class);

        assertThat(header.jobId()).isEqualTo(JOB);
        assertThat(header.messageId()).isNotBlank();
        assertThat(header.time()).isNotNull();
        assertThat(header.schemaVersion()).isEqualTo(1);
    }

    @Test
    void createGivesFreshMessageIds() {
        MessageHeader a = MessageHeader.create(JOB, "coordinator@c-0");
        MessageHeader b = MessageHeader.create(JOB, "coordinator@c-0");

        assertThat(a.messageId()).isNotEqualTo(b.messageId());
        assertThat(a.producer()).isEqualTo("coordinator@c-0");
        assertThat(a.jobId()).isEqualTo(JOB);
    }

    @Test
    void timeIsWrittenAsUtcIso8601() {
        MessageHeader header = new MessageHeader("m", JOB, Instant.parse("2025-06-03T14:07:21.517Z"), "p", 1);

        assertThat(Json.write(header)).contains("\"time\":\"2025-06-03T14:07:21.517Z\"");
    }

    @Test
    void timeWithOffsetIsReadAsTheSameInstant() {
        MessageHeader header = Json.read("{\"jobId\": \"" + JOB + "\", \"time\": \"2025-06-03T16:07:21.517+02:00\"}",
                MessageHeader.class);

        assertThat(header.time()).isEqualTo(Instant.parse("2025-06-03T14:07:21.517Z"));
    }

    @Test
    void headerWithoutJobIdIsAMalformedMessage() {
        assertThatThrownBy(() -> Json.read("{\"messageId\": \"m\"}", MessageHeader.class))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("MessageHeader");
    }
}
