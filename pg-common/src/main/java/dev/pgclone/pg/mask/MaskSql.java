package dev.pgclone.pg.mask;

import dev.pgclone.contracts.mask.MaskRule;
import dev.pgclone.pg.Quote;

/**
 * The SQL expression of a mask, run on the source inside {@code COPY (SELECT …) TO STDOUT} so raw values never leave
 * it (and, the same expressions, in an in-place UPDATE or a masking view). pgclone's eight expressions are reproduced
 * text for text, so outputs are byte for byte pgclone's; {@code keyed_hash} is HMAC-SHA-256 built from PostgreSQL's
 * own {@code sha256()} with the key's pads read from transaction settings ({@link MaskKey}), so neither the key nor
 * anything derived from it is in the statement text.
 */
public final class MaskSql {

    private MaskSql() {
    }

    /**
     * The masked value of {@code column}, clamped to {@code charMaxLength} characters when the column is
     * {@code varchar(n)}/{@code char(n)} (pgclone does the same: {@code email} on a {@code varchar(8)} must still load).
     *
     * @param column        the column's name, unquoted
     * @param charMaxLength the column's declared length, 0 or less for none
     */
    public static String expression(MaskRule rule, String column, int charMaxLength) {
        String expr = unclamped(rule, Quote.ident(column));
        return charMaxLength > 0 ? "left((" + expr + ")::text, " + charMaxLength + ")" : expr;
    }

    /** The expression with its output name: {@code <expression> AS "column"}. */
    public static String selectItem(MaskRule rule, String column, int charMaxLength) {
        return expression(rule, column, charMaxLength) + " AS " + Quote.ident(column);
    }

    static String unclamped(MaskRule rule, String c) {
        return switch (rule.strategy()) {
            case EMAIL -> "CASE WHEN " + c + " IS NULL THEN NULL WHEN position('@' in " + c + "::text) > 0 THEN "
                    + " left(" + c + "::text, 1) || '***@' || split_part(" + c + "::text, '@', 2) ELSE '***' END";
            case NAME -> "CASE WHEN " + c + " IS NULL THEN NULL ELSE 'XXXX' END";
            case PHONE -> "CASE WHEN " + c + " IS NULL THEN NULL WHEN length(" + c + "::text) > 4 THEN '***-' || right("
                    + c + "::text, 4) ELSE '****' END";
            case PARTIAL -> "CASE WHEN " + c + " IS NULL THEN NULL WHEN length(" + c + "::text) <= "
                    + (rule.prefix() + rule.suffix()) + " THEN repeat('*', length(" + c + "::text)) ELSE left(" + c
                    + "::text, " + rule.prefix() + ") || '***' || right(" + c + "::text, " + rule.suffix() + ") END";
            case HASH -> "CASE WHEN " + c + " IS NULL THEN NULL ELSE md5(" + c + "::text) END";
            case NULL -> "NULL";
            case RANDOM_INT -> randomInt(rule.min(), rule.max());
            case CONSTANT -> Quote.literal(rule.value());
            case KEYED_HASH -> "CASE WHEN " + c + " IS NULL THEN NULL ELSE " + hmac(c + "::text", rule.length()) + " END";
        };
    }

    /** pgclone's {@code floor(random() * (max - min + 1) + min)::integer}; bigint when the range needs it. */
    private static String randomInt(long min, long max) {
        boolean fitsInt = min >= Integer.MIN_VALUE && max <= Integer.MAX_VALUE;
        if (fitsInt) {
            return "floor(random() * (" + max + " - " + min + " + 1) + " + min + ")::integer";
        }
        // numeric arithmetic: max - min + 1 overflows bigint at the extremes, and a double cannot hold every bigint
        return "floor(random()::numeric * (" + max + "::numeric - " + min + "::numeric + 1) + " + min + "::numeric)::bigint";
    }

    /**
     * A pad from the transaction's settings. Never set: the setting is unknown, an error. Set by an earlier transaction
     * of the session: it reads as '' afterwards, which would hash with no key at all, so '' is made an error too
     * ({@code decode} refuses the text).
     */
    private static String pad(String setting) {
        return "pg_catalog.decode(COALESCE(NULLIF(pg_catalog.current_setting('" + setting + "'), ''), "
                + "'keyed_hash key not set'), 'hex')";
    }

    /**
     * HMAC-SHA-256 of {@code text} (its UTF-8 bytes) as lower-case hex, optionally the first {@code length}
     * characters: {@code H(opad || H(ipad || m))} with the pads of {@link MaskKey}, the same bytes as
     * {@code pgcrypto}'s {@code hmac(m, key, 'sha256')}, with no extension needed.
     */
    static String hmac(String text, Integer length) {
        String inner = "pg_catalog.sha256(" + pad(MaskKey.IPAD_SETTING) + " || pg_catalog.convert_to(" + text
                + ", 'UTF8'))";
        String outer = "pg_catalog.encode(pg_catalog.sha256(" + pad(MaskKey.OPAD_SETTING) + " || " + inner + "), 'hex')";
        return length == null ? outer : "left(" + outer + ", " + length + ")";
    }
}
