package dev.pgclone.pg;

/**
 * Quoting for generated SQL. Every identifier pgclone writes is quoted, whatever it looks like: mixed case,
 * spaces, quotes, unicode and reserved words all survive.
 */
public final class Quote {

    private Quote() {
    }

    /** {@code "name"} with embedded double quotes doubled. */
    public static String ident(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an identifier must not be empty");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an identifier must not contain NUL");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code "schema"."name"}. */
    public static String qualified(String schema, String name) {
        return ident(schema) + '.' + ident(name);
    }

    /** A standard-conforming string literal: {@code 'it''s'}; E-syntax when backslashes are present. */
    public static String literal(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a literal must not contain NUL");
        }
        String doubled = value.replace("'", "''");
        if (value.indexOf('\\') >= 0) {
            return "E'" + doubled.replace("\\", "\\\\") + "'";
        }
        return "'" + doubled + "'";
    }
}
