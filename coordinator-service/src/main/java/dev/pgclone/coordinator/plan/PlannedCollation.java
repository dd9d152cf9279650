package dev.pgclone.coordinator.plan;

import dev.pgclone.pg.Quote;
import dev.pgclone.pg.catalog.CollationDef;
import dev.pgclone.pg.catalog.QualifiedName;
import java.util.ArrayList;
import java.util.List;

/** A user-defined collation (libc, ICU or builtin). */
public record PlannedCollation(CollationDef collation) implements PlannedObject {

    public String key() {
        return "c:" + collation.oid();
    }

    public QualifiedName name() {
        return collation.name();
    }

    public String kind() {
        return "collation";
    }

    public int rank() {
        return 10;
    }

    public List<String> create() {
        List<String> out = new ArrayList<>();
        out.add(collation.definition());
        if (collation.comment() != null) {
            out.add("COMMENT ON COLLATION " + collation.name().quoted() + " IS " + Quote.literal(collation.comment()));
        }
        return out;
    }

    public Ownership ownership() {
        return Ownership.of("COLLATION " + collation.name().quoted(), null, collation.owner(), List.of());
    }
}
