package dev.pgclone.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Quoting for the ways a test names a database: SQL identifiers and literals, URIs (conninfos come from contracts' Conninfo). */
public final class PgQuoting {

    private PgQuoting() {
    }

    /** {@code my "db"} becomes {@code "my ""db"""}. */
    public static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A standard SQL string literal: {@code it's} becomes {@code 'it''s'}. */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** Percent-encoding for a URI component; libpq and pgjdbc both read {@code %20}, neither needs {@code +}. */
    public static String uriComponent(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
