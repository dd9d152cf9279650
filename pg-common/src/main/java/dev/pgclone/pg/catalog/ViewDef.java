package dev.pgclone.pg.catalog;

import java.util.List;
import java.util.Map;

/**
 * A view ('v') or materialized view ('m').
 *
 * @param definition     {@code pg_get_viewdef()} (the SELECT), qualified
 * @param reloptions     view options ({@code security_barrier=true}, {@code check_option=local}, …)
 * @param populated      a materialized view that holds data on the source
 * @param columnComments comments on its columns, by column name
 * @param indexes        indexes of a materialized view
 * @param triggers       INSTEAD OF triggers of a view
 */
public record ViewDef(long oid, QualifiedName name, char kind, String definition, List<String> reloptions,
                      boolean populated, String owner, List<String> acl, String comment,
                      Map<String, String> columnComments, List<Index> indexes, List<Trigger> triggers) {

    public ViewDef {
        reloptions = List.copyOf(reloptions);
        acl = List.copyOf(acl);
        columnComments = Map.copyOf(columnComments);
        indexes = List.copyOf(indexes);
        triggers = List.copyOf(triggers);
    }

    public boolean materialized() {
        return kind == 'm';
    }
}
