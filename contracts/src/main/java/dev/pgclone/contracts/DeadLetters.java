package dev.pgclone.contracts;

/**
 * Records a consumer cannot read go to {@link Topics#DEAD_LETTER} unchanged (same key, same value), with these
 * headers saying where they came from and who refused them, and why. The consumer then moves on. The first six are
 * written by SmallRye Kafka's {@code dead-letter-queue} failure strategy, the last two by pgclone.
 */
public final class DeadLetters {

    /** The topic the record was consumed from. */
    public static final String TOPIC = "dead-letter-topic";
    /** Its partition there. */
    public static final String PARTITION = "dead-letter-partition";
    /** Its offset there. */
    public static final String OFFSET = "dead-letter-offset";
    /** Why it was refused: one line, never the payload (which may hold sealed secrets). */
    public static final String REASON = "dead-letter-reason";
    /** The exception class that refused it. */
    public static final String EXCEPTION_CLASS = "dead-letter-exception-class-name";
    /** The exception's cause, when it had one. */
    public static final String CAUSE = "dead-letter-cause";
    /** The service instance that refused it, e.g. {@code coordinator@host:4242}. */
    public static final String SERVICE = "dead-letter-service";
    /** The consumer group that refused it, e.g. {@code pgclone-coordinator-commands}. */
    public static final String GROUP = "dead-letter-group";

    private DeadLetters() {
    }
}
