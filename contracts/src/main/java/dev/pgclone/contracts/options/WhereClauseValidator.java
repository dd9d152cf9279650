package dev.pgclone.contracts.options;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates the user's {@code where} fragment before it is embedded as {@code WHERE (<fragment>)} in a COPY
 * query. It must be one boolean expression: no statement separators, no comments, no dollar quoting, balanced
 * parentheses (so it cannot close ours), no DDL/DML/transaction/session keywords and no function that reaches
 * outside the query (files, sleeping, other connections, large objects, dynamic SQL). String literals and quoted
 * identifiers are skipped, so {@code status = 'delete'} is fine. This is the first line; the second is that the
 * fragment only ever runs in a READ ONLY transaction on the source.
 */
public final class WhereClauseValidator {

    public static final int MAX_LENGTH = 8192;

    private static final Set<String> FORBIDDEN_KEYWORDS = Set.of(
            "insert", "update", "delete", "merge", "truncate", "drop", "create", "alter", "grant", "revoke",
            "copy", "begin", "commit", "rollback", "savepoint", "release", "abort", "start", "set", "reset",
            "vacuum", "analyze", "analyse", "cluster", "reindex", "lock", "notify", "listen", "unlisten", "execute",
            "prepare", "deallocate", "do", "call", "comment", "security", "load", "discard", "refresh", "import",
            "checkpoint", "into", "returning", "union", "intersect", "except", "declare", "fetch", "move", "close",
            "reassign", "owned", "show");
    // Not "end": CASE … END is an expression. A column named like a keyword can be double-quoted.

    /** Function names (or prefixes, ending in {@code *}) that touch the server beyond reading rows. */
    private static final Set<String> FORBIDDEN_FUNCTIONS = Set.of(
            "pg_read_file", "pg_read_binary_file", "pg_ls_*", "pg_stat_file", "pg_sleep*", "dblink*", "lo_*",
            "loread", "lowrite", "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf", "pg_rotate_logfile",
            "pg_promote", "set_config", "pg_advisory*", "pg_try_advisory*", "pg_notify", "query_to_xml*",
            "cursor_to_xml*", "query_to_json*", "pg_file_*", "pg_logdir_ls", "pg_switch_wal", "pg_create_*",
            "pg_drop_*", "pg_replication_*", "pg_logical_*", "pg_export_snapshot", "pg_import_system_collations",
            "txid_current", "pg_current_xact_id", "nextval", "setval", "currval", "lastval", "pg_backend_pid",
            "current_setting", "pg_log_backend_memory_contexts", "pg_wal_replay_*", "pg_backup_*", "pg_start_backup",
            "pg_stop_backup", "pg_create_restore_point", "dblink_exec");

    private static final Pattern WORD = Pattern.compile("[A-Za-z_\\u0080-\\uFFFF][A-Za-z0-9_$\\u0080-\\uFFFF]*");

    private WhereClauseValidator() {
    }

    /** Throws {@link InvalidOptionException} on field {@code where} naming what is not allowed. */
    public static void validate(String where) {
        if (where.isBlank()) {
            throw new InvalidOptionException("where", "must not be empty");
        }
        if (where.length() > MAX_LENGTH) {
            throw new InvalidOptionException("where", "is longer than " + MAX_LENGTH + " characters");
        }
        String code = stripLiterals(where);
        if (code.indexOf(';') >= 0) {
            throw new InvalidOptionException("where", "must not contain a semicolon");
        }
        if (code.contains("--") || code.contains("/*") || code.contains("*/")) {
            throw new InvalidOptionException("where", "must not contain SQL comments");
        }
        if (code.indexOf('$') >= 0 && code.matches("(?s).*\\$[A-Za-z_0-9]*\\$.*")) {
            throw new InvalidOptionException("where", "must not contain dollar-quoted strings");
        }
        if (code.indexOf('\\') >= 0) {
            throw new InvalidOptionException("where", "must not contain backslashes outside string literals");
        }
        int depth = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth < 0) {
                throw new InvalidOptionException("where", "has an unbalanced closing parenthesis");
            }
        }
        if (depth != 0) {
            throw new InvalidOptionException("where", "has an unbalanced opening parenthesis");
        }
        Matcher m = WORD.matcher(code);
        while (m.find()) {
            String word = m.group().toLowerCase(Locale.ROOT);
            if (FORBIDDEN_KEYWORDS.contains(word)) {
                throw new InvalidOptionException("where", "must not contain the keyword " + word.toUpperCase(Locale.ROOT)
                        + " (only a row filter expression is allowed; double-quote a column of that name)");
            }
            if (isForbiddenFunction(word)) {
                throw new InvalidOptionException("where", "must not call " + word + "()");
            }
        }
    }

    private static boolean isForbiddenFunction(String word) {
        for (String f : FORBIDDEN_FUNCTIONS) {
            if (f.endsWith("*") ? word.startsWith(f.substring(0, f.length() - 1)) : word.equals(f)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Replaces string literals ('…', E'…', U&'…', B'…', X'…') and quoted identifiers ("…") by a neutral token so
     * checks only see SQL code. An unterminated literal is an error.
     */
    static String stripLiterals(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\'') {
                boolean escapes = i > 0 && (s.charAt(i - 1) == 'E' || s.charAt(i - 1) == 'e')
                        && (i < 2 || !Character.isLetterOrDigit(s.charAt(i - 2)) && s.charAt(i - 2) != '_');
                i = skipQuoted(s, i, '\'', escapes);
                out.append(" '' ");
            } else if (c == '"') {
                if (i >= 2 && (s.charAt(i - 1) == '&') && (s.charAt(i - 2) == 'U' || s.charAt(i - 2) == 'u')) {
                    throw new InvalidOptionException("where", "must not contain Unicode-escaped identifiers (U&\"…\")");
                }
                int end = skipQuoted(s, i, '"', false);
                String identifier = s.substring(i + 1, end - 1).replace("\"\"", "\"");
                if (isForbiddenFunction(identifier.toLowerCase(Locale.ROOT))) {
                    throw new InvalidOptionException("where", "must not call " + identifier + "()");
                }
                i = end;
                out.append(" \"q\" ");
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int skipQuoted(String s, int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw new InvalidOptionException("where", quote == '\'' ? "has an unterminated string literal"
                : "has an unterminated quoted identifier");
    }
}
