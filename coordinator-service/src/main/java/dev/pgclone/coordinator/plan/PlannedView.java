package dev.pgclone.coordinator.plan;

import dev.pgclone.pg.Quote;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.catalog.ViewDef;
import java.util.ArrayList;
import java.util.List;

/**
 * A view, or a materialized view created empty ({@code WITH NO DATA}) and refreshed after the data is in.
 */
public record PlannedView(ViewDef view) implements PlannedObject {

    public String key() {
        return PlannedObject.relationKey(view.oid());
    }

    public QualifiedName name() {
        return view.name();
    }

    public String kind() {
        return view.materialized() ? "materialized view" : "view";
    }

    public int rank() {
        return view.materialized() ? 70 : 60;
    }

    public List<String> create() {
        List<String> out = new ArrayList<>();
        String with = view.reloptions().isEmpty() ? "" : " WITH (" + String.join(", ", view.reloptions()) + ")";
        String body = view.definition().strip();
        if (body.endsWith(";")) {
            body = body.substring(0, body.length() - 1);
        }
        out.add(view.materialized()
                ? "CREATE MATERIALIZED VIEW " + view.name().quoted() + with + " AS " + body + " WITH NO DATA"
                : "CREATE VIEW " + view.name().quoted() + with + " AS " + body);
        String keyword = view.materialized() ? "MATERIALIZED VIEW" : "VIEW";
        if (view.comment() != null) {
            out.add("COMMENT ON " + keyword + " " + view.name().quoted() + " IS " + Quote.literal(view.comment()));
        }
        view.columnComments().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(c ->
                out.add("COMMENT ON COLUMN " + view.name().quoted() + "." + Quote.ident(c.getKey()) + " IS "
                        + Quote.literal(c.getValue())));
        return out;
    }

    /** Materialized view: fill it (when the source's is populated) and build its indexes. */
    public List<String> refreshAndIndex(boolean withData) {
        List<String> out = new ArrayList<>();
        if (withData && view.populated()) {
            out.add("REFRESH MATERIALIZED VIEW " + view.name().quoted());
        }
        view.indexes().forEach(i -> {
            out.add(i.definition());
            if (i.comment() != null) {
                out.add("COMMENT ON INDEX " + Quote.qualified(view.name().schema(), i.name()) + " IS "
                        + Quote.literal(i.comment()));
            }
        });
        return out;
    }

    public Ownership ownership() {
        String keyword = view.materialized() ? "MATERIALIZED VIEW " : "VIEW ";
        return Ownership.of(keyword + view.name().quoted(), "TABLE " + view.name().quoted(), view.owner(), view.acl());
    }
}
