package dev.pgclone.contracts;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.UUID;

/** Identifiers: time-ordered job ids and deterministic task ids. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** A UUIDv7 (RFC 9562): sorts by creation time, so job listings and logs read in order. */
    public static String newJobId() {
        long millis = System.currentTimeMillis();
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (millis << 16) | (0x7L << 12) | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /**
     * A task id derived from (job, table, part) only, so a re-planned or re-dispatched task keeps its id and a
     * worker's completion record recognises it.
     */
    public static String taskId(String jobId, String schema, String table, int partIndex) {
        String key = jobId + '\u0000' + schema + '\u0000' + table + '\u0000' + partIndex;
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Whether the text is a UUID in canonical form (job ids from other producers must be). */
    public static boolean isUuid(String text) {
        if (text == null || text.length() != 36) {
            return false;
        }
        try {
            return UUID.fromString(text).toString().equals(text.toLowerCase());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
