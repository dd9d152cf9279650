package dev.pgclone.pg.catalog;

import java.util.List;

/**
 * A sequence not owned by a cloned table column (standalone, or owned by a table left out of the clone).
 *
 * @param lastValue current last_value
 * @param isCalled  whether nextval() already returned last_value
 */
public record SequenceDef(long oid, QualifiedName name, String dataType, long start, long increment, long min, long max,
                          long cache, boolean cycle, long lastValue, boolean isCalled, String owner, List<String> acl,
                          String comment) {

    public SequenceDef {
        acl = List.copyOf(acl);
    }
}
