package dev.pgclone.coordinator.plan;

import dev.pgclone.pg.Quote;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.catalog.SequenceDef;
import java.util.ArrayList;
import java.util.List;

/** A sequence no cloned table owns; its value is set after the data. */
public record PlannedSequence(SequenceDef sequence) implements PlannedObject {

    public String key() {
        return PlannedObject.relationKey(sequence.oid());
    }

    public QualifiedName name() {
        return sequence.name();
    }

    public String kind() {
        return "sequence";
    }

    public int rank() {
        return 40;
    }

    public List<String> create() {
        SequenceDef s = sequence;
        List<String> out = new ArrayList<>();
        out.add("CREATE SEQUENCE " + s.name().quoted() + " AS " + s.dataType() + " START WITH " + s.start() + " INCREMENT BY "
                + s.increment() + " MINVALUE " + s.min() + " MAXVALUE " + s.max() + " CACHE " + s.cache()
                + (s.cycle() ? " CYCLE" : " NO CYCLE"));
        if (s.comment() != null) {
            out.add("COMMENT ON SEQUENCE " + s.name().quoted() + " IS " + Quote.literal(s.comment()));
        }
        return out;
    }

    public String value() {
        return "SELECT pg_catalog.setval(" + Quote.literal(sequence.name().quoted()) + ", " + sequence.lastValue() + ", "
                + sequence.isCalled() + ")";
    }

    public Ownership ownership() {
        String clause = "SEQUENCE " + sequence.name().quoted();
        return Ownership.of(clause, clause, sequence.owner(), sequence.acl());
    }
}
