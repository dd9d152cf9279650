package dev.pgclone.pg.catalog;

/**
 * A sequence owned by a table column: a serial's sequence ({@code identity == false}) or an identity column's
 * internal sequence.
 *
 * @param name         sequence name
 * @param regclassText how the sequence prints as a regclass constant in expressions (e.g. in a serial default)
 * @param attnum       owning column
 * @param identity     whether it is an identity column's sequence
 * @param dataType     smallint, integer or bigint
 * @param start        START WITH
 * @param increment    INCREMENT BY
 * @param min          MINVALUE
 * @param max          MAXVALUE
 * @param cache        CACHE
 * @param cycle        CYCLE
 * @param lastValue    current last_value
 * @param isCalled     whether nextval() has returned last_value already
 */
public record OwnedSequence(QualifiedName name, String regclassText, int attnum, boolean identity, String dataType,
                            long start, long increment, long min, long max, long cache, boolean cycle,
                            long lastValue, boolean isCalled) {
}
