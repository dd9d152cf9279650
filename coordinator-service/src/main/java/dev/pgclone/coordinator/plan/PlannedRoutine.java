package dev.pgclone.coordinator.plan;

import dev.pgclone.pg.Quote;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.catalog.RoutineDef;
import java.util.ArrayList;
import java.util.List;

/** A function, procedure, window function or aggregate. */
public record PlannedRoutine(RoutineDef routine) implements PlannedObject {

    public String key() {
        return "f:" + routine.oid();
    }

    public QualifiedName name() {
        return routine.name();
    }

    public String kind() {
        return switch (routine.kind()) {
            case 'p' -> "procedure";
            case 'a' -> "aggregate";
            default -> "function";
        };
    }

    public int rank() {
        return routine.kind() == 'a' ? 31 : 30;
    }

    public String describe() {
        return kind() + " " + routine.name() + "(" + routine.signature() + ")";
    }

    public List<String> create() {
        List<String> out = new ArrayList<>();
        out.add(routine.definition());
        if (routine.comment() != null) {
            out.add("COMMENT ON " + routine.reference() + " IS " + Quote.literal(routine.comment()));
        }
        return out;
    }

    public Ownership ownership() {
        return Ownership.of(routine.reference(), routine.kind() == 'p' ? routine.reference()
                : "FUNCTION " + routine.name().quoted() + "(" + routine.signature() + ")", routine.owner(), routine.acl());
    }
}
