package dev.pgclone.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Quoting for the three ways a test names a database: SQL identifiers, libpq keyword/value pairs, URIs. */
final class PgQuoting {

    private PgQuoting() {
    }

    /** {@code my "db"} becomes {@code "my ""db"""}. */
    static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A standard SQL string literal: {@code it's} becomes {@code 'it''s'}. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A libpq conninfo value: bare when safe, else single-quoted with {@code \} escapes. */
    static String conninfoValue(String value) {
        if (!value.isEmpty() && value.chars().noneMatch(c -> c == ' ' || c == '\'' || c == '\\' || Character.isWhitespace(c))) {
            return value;
        }
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Percent-encoding for a URI component; libpq and pgjdbc both read {@code %20}, neither needs {@code +}. */
    static String uriComponent(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
