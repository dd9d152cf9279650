package dev.pgclone.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Quoting for the ways a test names a database: SQL identifiers, URIs (conninfos come from contracts' Conninfo). */
final class PgQuoting {

    private PgQuoting() {
    }

    /** {@code my "db"} becomes {@code "my ""db"""}. */
    static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** Percent-encoding for a URI component; libpq and pgjdbc both read {@code %20}, neither needs {@code +}. */
    static String uriComponent(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
