package dev.pgclone.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The envelope fields every message carries.
 *
 * @param messageId     unique per message; consumers may use it to drop exact duplicates
 * @param jobId         the job this message belongs to
 * @param time          when the producer created the message (UTC)
 * @param producer      who produced it, e.g. {@code coordinator@host}
 * @param schemaVersion version of the message type's schema (additive changes keep the version)
 */
public record MessageHeader(String messageId, String jobId, Instant time, String producer, int schemaVersion) {

    public static final int CURRENT_SCHEMA_VERSION = 1;

    public MessageHeader {
        Objects.requireNonNull(jobId, "header.jobId");
        if (messageId == null || messageId.isBlank()) {
            messageId = UUID.randomUUID().toString();
        }
        if (time == null) {
            time = Instant.now();
        }
        if (schemaVersion == 0) {
            schemaVersion = CURRENT_SCHEMA_VERSION;
        }
    }

    public static MessageHeader create(String jobId, String producer) {
        return new MessageHeader(UUID.randomUUID().toString(), jobId, Instant.now(), producer, CURRENT_SCHEMA_VERSION);
    }
}
