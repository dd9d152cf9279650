package dev.pgclone.contracts.filter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a row filter may never use, whatever the source says about it: functions that run SQL given as text, dump
 * relations, reach files, large objects, settings, locks, notifications, sequences, other sessions or servers; the
 * object-identifier types that turn text into a relation or routine; relations of PostgreSQL's own schemas. Checked
 * twice: by the parser's caller in contracts (so the gateway answers 400 at once) and again by pg-common's
 * {@code RowFilterCheck} on the names as resolved on the source.
 *
 * <p>Names are compared case-insensitively even though quoted names are case-sensitive in PostgreSQL:
 * {@code "PG_READ_FILE"()} does not resolve to {@code pg_read_file}, but a filter spelling it is refused all the same.
 */
public final class RowFilterDenyList {

    /** Why a function is refused; {@link #text()} completes "must not call f() (…)". */
    public enum Reason {
        RUNS_SQL("it runs SQL given as text"),
        DUMPS_RELATION("it reads a whole table, schema, database or cursor named by its arguments"),
        FILES("it reads or lists files on the database server"),
        LARGE_OBJECTS("it reads or writes large objects, and lo_export writes files on the database server"),
        SETTINGS("it reads or changes server settings"),
        LOCKS("it takes or releases locks"),
        NOTIFICATIONS("it sends notifications"),
        SEQUENCES("it reads or advances a sequence"),
        SLEEP("it sleeps while the snapshot is held"),
        REMOTE("it connects to another server"),
        SESSIONS("it signals or inspects other sessions"),
        SERVER_CONTROL("it controls replication, WAL, backups or the server"),
        TRANSACTION("it assigns a transaction id or exports a snapshot"),
        TYPE_INPUT("it runs the input function of a type named as text");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** Exact names, then prefixes (ending in {@code *}), per reason. */
    private static final Map<Reason, List<String>> FUNCTIONS = new LinkedHashMap<>();

    static {
        FUNCTIONS.put(Reason.RUNS_SQL, List.of("ts_stat", "ts_rewrite", "query_to_xml", "query_to_xmlschema",
                "query_to_xml_and_xmlschema", "query_to_json*", "querytree"));
        FUNCTIONS.put(Reason.DUMPS_RELATION, List.of("table_to_xml", "table_to_xmlschema", "table_to_xml_and_xmlschema",
                "cursor_to_xml", "cursor_to_xmlschema", "database_to_xml", "database_to_xmlschema",
                "database_to_xml_and_xmlschema", "schema_to_xml", "schema_to_xmlschema", "schema_to_xml_and_xmlschema",
                "table_to_json*", "pg_cursor"));
        FUNCTIONS.put(Reason.FILES, List.of("pg_read_file", "pg_read_binary_file", "pg_stat_file", "pg_ls_*", "pg_file_*",
                "pg_logdir_ls", "pg_current_logfile", "pg_tablespace_location", "pg_split_walfile_name"));
        FUNCTIONS.put(Reason.LARGE_OBJECTS, List.of("lo_*", "loread", "lowrite"));
        FUNCTIONS.put(Reason.SETTINGS, List.of("current_setting", "set_config", "pg_show_all_settings",
                "pg_settings_get_flags", "pg_show_all_file_settings", "pg_hba_file_rules", "pg_ident_file_mappings",
                "pg_config", "pg_reload_conf"));
        FUNCTIONS.put(Reason.LOCKS, List.of("pg_advisory*", "pg_try_advisory*", "pg_lock_status", "pg_blocking_pids",
                "pg_safe_snapshot_blocking_pids"));
        FUNCTIONS.put(Reason.NOTIFICATIONS, List.of("pg_notify", "pg_listening_channels", "pg_notification_queue_usage"));
        FUNCTIONS.put(Reason.SEQUENCES, List.of("nextval", "currval", "setval", "lastval", "pg_sequence_last_value",
                "pg_sequence_parameters", "pg_get_sequence_data"));
        FUNCTIONS.put(Reason.SLEEP, List.of("pg_sleep*"));
        FUNCTIONS.put(Reason.REMOTE, List.of("dblink*", "postgres_fdw_*"));
        FUNCTIONS.put(Reason.SESSIONS, List.of("pg_terminate_backend", "pg_cancel_backend", "pg_signal_backend",
                "pg_log_backend_memory_contexts", "pg_stat_get_activity", "pg_stat_get_backend_*", "pg_backend_pid",
                "pg_prepared_statement", "pg_stat_reset*", "pg_stat_clear_snapshot", "pg_stat_force_next_flush"));
        FUNCTIONS.put(Reason.SERVER_CONTROL, List.of("pg_switch_wal", "pg_create_*", "pg_drop_*", "pg_replication_*",
                "pg_logical_*", "pg_copy_*", "pg_wal_replay_*", "pg_backup_*", "pg_start_backup", "pg_stop_backup",
                "pg_promote", "pg_rotate_logfile", "pg_import_system_collations", "pg_sync_replication_slots",
                "pg_log_standby_snapshot", "pg_get_replication_slots", "pg_stat_get_wal_receiver",
                "pg_stat_get_wal_senders", "pg_stat_get_subscription", "pg_get_wal_*", "pg_walinspect*"));
        FUNCTIONS.put(Reason.TRANSACTION, List.of("txid_current", "txid_current_if_assigned", "pg_current_xact_id",
                "pg_current_xact_id_if_assigned", "pg_export_snapshot"));
        FUNCTIONS.put(Reason.TYPE_INPUT, List.of("pg_input_is_valid", "pg_input_error_info"));
    }

    /** Object-identifier types that look relations, routines, operators, roles or schemas up by name. */
    private static final List<String> TYPES = List.of("regclass", "regproc", "regprocedure", "regoper", "regoperator",
            "regnamespace", "regrole", "refcursor");

    private RowFilterDenyList() {
    }

    /** Why {@code name} may never be called from a filter, if it may not. */
    public static Optional<Reason> function(String name) {
        return function(name, true);
    }

    /**
     * As {@link #function(String)}; without {@code prefixes} only exact names count (for {@code x.name}, which is a
     * column far more often than a call: {@code o.lo_bound} must not be refused as a large-object function).
     */
    public static Optional<Reason> function(String name, boolean prefixes) {
        String n = name.toLowerCase(Locale.ROOT);
        for (Map.Entry<Reason, List<String>> e : FUNCTIONS.entrySet()) {
            for (String f : e.getValue()) {
                boolean prefix = f.endsWith("*");
                if (prefix ? prefixes && n.startsWith(f.substring(0, f.length() - 1)) : n.equals(f)) {
                    return Optional.of(e.getKey());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Refuses a parsed filter that calls, casts to or reads anything above, naming the first offender and why. What
     * cannot be decided without the source (volatility, what a name resolves to) is left to {@code RowFilterCheck}.
     */
    public static void check(RowFilter filter) {
        for (RowFilter.Call call : filter.calls()) {
            Optional<Reason> reason = function(call.name());
            if (reason.isPresent()) {
                throw new RowFilterException("must not call " + call.qualifiedName() + "() (" + reason.get().text() + ")");
            }
        }
        for (String attribute : filter.attributes()) {
            Optional<Reason> reason = function(attribute, false);
            if (reason.isPresent()) {
                throw new RowFilterException("must not call " + attribute + "() (written as ." + attribute
                        + ", which PostgreSQL runs as a call when no column has that name; " + reason.get().text() + ")");
            }
        }
        for (RowFilter.TypeRef type : filter.types()) {
            Optional<String> reason = type(type.name());
            if (reason.isPresent()) {
                throw new RowFilterException("must not use the type " + type.name() + " (" + reason.get() + ")");
            }
        }
        for (RowFilter.Relation relation : filter.relations()) {
            if (relation.schema() != null && systemSchema(relation.schema())) {
                throw new RowFilterException("must not read " + relation.qualifiedName()
                        + " (PostgreSQL's own schemas hold secrets such as password hashes and settings)");
            }
            if (relation.schema() == null && relation.name().toLowerCase(Locale.ROOT).startsWith("pg_")) {
                throw new RowFilterException("must not read " + relation.name() + " (an unqualified name starting with "
                        + "pg_ resolves to PostgreSQL's system catalogs first; qualify a table of yours with its schema)");
            }
        }
    }

    /** Why a value may never be cast to type {@code name} (a catalog name such as {@code regclass}), if it may not. */
    public static Optional<String> type(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("refcursor")) {
            return Optional.of("a cursor reference lets functions read a cursor's rows");
        }
        return TYPES.contains(n)
                ? Optional.of("object-identifier types look up relations, routines, roles or schemas by name")
                : Optional.empty();
    }

    /**
     * PostgreSQL's own schemas ({@code pg_catalog}, {@code pg_toast}, {@code pg_temp…}, every {@code pg_} name, which
     * users cannot create) and {@code information_schema}: their relations can hold secrets (password hashes,
     * settings, other sessions' queries).
     */
    public static boolean systemSchema(String schema) {
        String s = schema.toLowerCase(Locale.ROOT);
        return s.startsWith("pg_") || s.equals("information_schema");
    }
}
