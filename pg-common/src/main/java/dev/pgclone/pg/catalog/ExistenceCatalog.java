package dev.pgclone.pg.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a database already has under the names a clone would use: objects (a name clash is a conflict), schemas,
 * tablespaces. One query per question, whatever the number of names.
 */
public final class ExistenceCatalog {

    /** Ordinal positions (1-based) of the asked objects that exist, each in its own name space. */
    private static final String OBJECTS = """
            SELECT w.idx FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS w(kind, nsp, name, sig, idx)
             WHERE CASE w.kind
                   WHEN 'RELATION' THEN EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                                 WHERE n.nspname = w.nsp AND c.relname = w.name)
                   WHEN 'TYPE' THEN EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                                             WHERE n.nspname = w.nsp AND t.typname = w.name)
                   WHEN 'ROUTINE' THEN EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                                                WHERE n.nspname = w.nsp AND p.proname = w.name
                                                  AND pg_get_function_identity_arguments(p.oid) = w.sig)
                   WHEN 'COLLATION' THEN EXISTS (SELECT 1 FROM pg_collation l JOIN pg_namespace n ON n.oid = l.collnamespace
                                                  WHERE n.nspname = w.nsp AND l.collname = w.name)
                   ELSE false END
             ORDER BY w.idx
            """;

    private static final String SCHEMAS = """
            SELECT nspname FROM pg_namespace WHERE nspname = ANY (?::text[]) ORDER BY nspname COLLATE "C"
            """;

    private static final String TABLESPACES = """
            SELECT spcname FROM pg_tablespace WHERE spcname = ANY (?::text[]) ORDER BY spcname COLLATE "C"
            """;

    private final Connection connection;

    public ExistenceCatalog(Connection connection) {
        this.connection = connection;
    }

    /** For each object asked, in order: whether something of its name space and name (and signature) exists here. */
    public boolean[] exist(List<CatalogObject> objects) throws SQLException {
        boolean[] out = new boolean[objects.size()];
        if (objects.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = connection.prepareStatement(OBJECTS)) {
            ps.setArray(1, connection.createArrayOf("text", objects.stream().map(o -> o.kind().name()).toArray()));
            ps.setArray(2, connection.createArrayOf("text", objects.stream().map(o -> o.name().schema()).toArray()));
            ps.setArray(3, connection.createArrayOf("text", objects.stream().map(o -> o.name().name()).toArray()));
            ps.setArray(4, connection.createArrayOf("text", objects.stream().map(CatalogObject::signature).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out[rs.getInt(1) - 1] = true;
                }
            }
        }
        return out;
    }

    /** Whether this one object's name is taken here. */
    public boolean exists(CatalogObject object) throws SQLException {
        return exist(List.of(object))[0];
    }

    /** Those of {@code names} that are schemas here. */
    public List<String> schemas(Collection<String> names) throws SQLException {
        return Rows.list(connection, SCHEMAS, rs -> rs.getString(1), (Object) names.toArray(String[]::new));
    }

    /** Those of {@code names} that are tablespaces here. */
    public List<String> tablespaces(Collection<String> names) throws SQLException {
        return new ArrayList<>(Rows.list(connection, TABLESPACES, rs -> rs.getString(1), (Object) names.toArray(String[]::new)));
    }
}
