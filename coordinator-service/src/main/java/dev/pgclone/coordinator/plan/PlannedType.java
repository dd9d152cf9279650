package dev.pgclone.coordinator.plan;

import dev.pgclone.pg.Quote;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.catalog.TypeDef;
import java.util.ArrayList;
import java.util.List;

/** An enum, domain, composite or range type. Domain constraints are added at the end of pre-data. */
public record PlannedType(TypeDef type) implements PlannedObject {

    public String key() {
        return "t:" + type.oid();
    }

    public QualifiedName name() {
        return type.name();
    }

    public String kind() {
        return switch (type.typtype()) {
            case 'e' -> "enum type";
            case 'd' -> "domain";
            case 'r' -> "range type";
            default -> "composite type";
        };
    }

    public int rank() {
        return 20;
    }

    public List<String> deferred() {
        return type.constraints();
    }

    public List<String> create() {
        List<String> out = new ArrayList<>();
        out.add(type.definition());
        if (type.comment() != null) {
            out.add("COMMENT ON " + type.keyword() + " " + type.name().quoted() + " IS " + Quote.literal(type.comment()));
        }
        return out;
    }

    public Ownership ownership() {
        String clause = type.keyword() + " " + type.name().quoted();
        return Ownership.of(clause, clause, type.owner(), type.acl());
    }
}
