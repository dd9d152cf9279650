package dev.pgclone.contracts;

/**
 * Required fields of messages. A record's constructor calls {@link #required} for each field its consumers cannot do
 * without, so a record of the wrong shape fails to parse (a {@link MalformedMessageException} from {@link Json#read})
 * and is dead-lettered, instead of failing later, half-handled, in a consumer.
 */
public final class Fields {

    private Fields() {
    }

    /** {@code value}, or an {@link IllegalArgumentException} naming the missing field. */
    public static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("field \"" + field + "\" is required");
        }
        return value;
    }
}
