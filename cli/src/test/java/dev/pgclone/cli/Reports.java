package dev.pgclone.cli;

/** Report answers as the gateway gives them, with results in pgclone's documented shapes. */
final class Reports {

    static final String ID = "0197b1c2-5d3e-7a10-8f44-6c2d9e0a1b33";

    /** pgclone's diff example (usage guide, Schema Diff). */
    static final String DIFF_DRIFT = """
            {"schema":"app_schema","in_sync":false,"diff_count":4,
             "summary":{"tables_only_in_source":1,"tables_only_in_target":0,"tables_modified":1,
               "indexes_only_in_source":1,"indexes_only_in_target":0,"indexes_modified":0,
               "constraints_only_in_source":0,"constraints_only_in_target":0,"constraints_modified":0,
               "triggers_only_in_source":0,"triggers_only_in_target":0,"triggers_modified":0,
               "views_only_in_source":0,"views_only_in_target":0,"views_modified":0,
               "sequences_only_in_source":1,"sequences_only_in_target":0},
             "tables":{"only_in_source":["audit_log"],"only_in_target":[],"modified":[
               {"name":"customers",
                "columns_only_in_source":[{"name":"loyalty_tier","type":"text","not_null":false,"default":null}],
                "columns_only_in_target":[],
                "columns_drift":[{"name":"id","source_type":"bigint","target_type":"integer","source_not_null":true,
                  "target_not_null":true,"source_default":"nextval('customers_id_seq'::regclass)",
                  "target_default":"nextval('customers_id_seq'::regclass)"}]}]},
             "indexes":{"only_in_source":["customers_email_idx"],"only_in_target":[],"modified":[]},
             "constraints":{"only_in_source":[],"only_in_target":[],"modified":[]},
             "triggers":{"only_in_source":[],"only_in_target":[],"modified":[]},
             "views":{"only_in_source":[],"only_in_target":[],"modified":[]},
             "sequences":{"only_in_source":["audit_log_seq"],"only_in_target":[]},
             "policies":{"only_in_source":[],"only_in_target":[],"modified":[]}}""";

    static final String DIFF_IN_SYNC = """
            {"schema":"app_schema","in_sync":true,"diff_count":0,"summary":{"tables_only_in_source":0,
             "tables_only_in_target":0,"tables_modified":0},"tables":{"only_in_source":[],"only_in_target":[],
             "modified":[]}}""";

    /** pgclone's preflight example (usage guide, Pre-flight Validator). */
    static final String PREFLIGHT_NOT_READY = """
            {"schema":"app_schema","ready":false,"summary":{"errors":1,"warnings":2,"info":0,"checks_run":16},
             "errors":["target role lacks CREATE on schema \\"app_schema\\""],
             "warnings":["2 object name(s) already exist on target schema \\"app_schema\\"; use a conflict_resolution option (skip / replace / rename) when cloning",
               "3 role(s) referenced by source schema do not exist on target — consider running pgclone.clone_roles() first"],
             "info":[],
             "checks":{"source_connection":{"status":"pass"},"target_connection":{"status":"pass"},
               "source_version":{"status":"info","value":"16.3","major":16},
               "target_version":{"status":"info","value":"16.4","major":16},
               "version_compat":{"status":"pass"},"schema_exists_source":{"status":"pass"},
               "schema_exists_target":{"status":"info","value":true},"source_permissions":{"status":"pass"},
               "target_permissions":{"status":"fail","message":"role lacks CREATE on schema"},
               "estimated_size":{"status":"info","bytes":1234567890},
               "target_database_size":{"status":"info","bytes":9876543210},
               "object_counts":{"status":"info","tables":42,"views":5,"sequences":12,"indexes":78},
               "name_conflicts":{"status":"warn","count":2,"items":[{"name":"orders","kind":"r"},{"name":"v_summary","kind":"v"}]},
               "missing_extensions":{"status":"pass","items":[]},
               "missing_roles":{"status":"warn","count":3,"items":["app_user","reporting","etl_runner"]},
               "missing_tablespaces":{"status":"pass","items":[]}}}""";

    static final String PREFLIGHT_READY = """
            {"schema":"app","ready":true,"summary":{"errors":0,"warnings":0,"info":1,"checks_run":16},"errors":[],
             "warnings":[],"info":["schema \\"app\\" will be created on the target"],
             "checks":{"source_connection":{"status":"pass"}}}""";

    /** pgclone's verify rows (usage guide, Clone Verification). */
    static final String VERIFY_MISMATCH = """
            [{"schema_name":"app_schema","table_name":"customers","source_rows":15230,"target_rows":15230,"match":"✓"},
             {"schema_name":"app_schema","table_name":"orders","source_rows":148920,"target_rows":148920,"match":"✓"},
             {"schema_name":"app_schema","table_name":"payments","source_rows":98100,"target_rows":97855,"match":"✗"},
             {"schema_name":"app_schema","table_name":"audit_log","source_rows":1204500,"target_rows":0,"match":"✗ (missing)"}]""";

    static final String VERIFY_MATCH = """
            {"mode":"exact","tables":[{"schema_name":"app","table_name":"t","source_rows":3,"target_rows":3,
             "match":"✓","source_hash":"ab12","target_hash":"ab12"}]}""";

    /** pgclone's discovery example (usage guide, Auto-Discovery), plus a sampled finding with confidence. */
    static final String DISCOVERED = """
            {"employees":{"email":"email","full_name":"name","phone":"phone","salary":"random_int","ssn":"null"},
             "users":{"password":"hash","api_key":"hash"}}""";

    static final String DISCOVERED_SAMPLED = """
            {"payments":{"col7":"partial"},
             "findings":[{"table":"payments","column":"col7","strategy":"partial","confidence":0.98,
               "reason":"100 of 100 sampled values are Luhn-valid card numbers"}]}""";

    private Reports() {
    }

    /** pgclone's masking report rows, plus this project's statuses, summary and notes. */
    static final String MASKING_REPORT = """
            {"schema":"public","all_masked":false,
             "summary":{"sensitive_columns":4,"masked":3,"unmasked":1,"masked_view":1,"masked_clone":1,"masked_in_place":1},
             "columns":[
              {"schema_name":"public","table_name":"employees","column_name":"email","sensitivity":"Email",
               "mask_status":"MASKED (clone)","recommendation":"OK - masked at clone time (email)"},
              {"schema_name":"public","table_name":"employees","column_name":"ssn","sensitivity":"National ID",
               "mask_status":"MASKED (in place)","recommendation":"OK - masked in place (null)"},
              {"schema_name":"public","table_name":"users","column_name":"email","sensitivity":"Email",
               "mask_status":"UNMASKED","recommendation":"Apply mask strategy: email"},
              {"schema_name":"public","table_name":"users","column_name":"password","sensitivity":"Credential",
               "mask_status":"MASKED (view)","recommendation":"OK - masked via users_masked view"}],
             "notes":["users_masked shows users.email unmasked (its column of that name is a plain reference to a column): not counted as masking it"]}""";

    static final String MASKING_REPORT_ALL_MASKED = """
            {"schema":"public","all_masked":true,"columns":[{"schema_name":"public","table_name":"users",
             "column_name":"password","sensitivity":"Credential","mask_status":"MASKED (view)",
             "recommendation":"OK - masked via users_masked view"}],"notes":[]}""";

    static String completed(String kind, String result) {
        return "{\"id\":\"" + ID + "\",\"kind\":\"" + kind + "\",\"status\":\"COMPLETED\",\"schema\":\"app_schema\","
                + "\"source\":\"host=s user=u password=***\",\"submittedAt\":\"2026-01-02T03:04:00Z\","
                + "\"finishedAt\":\"2026-01-02T03:04:02Z\",\"progress\":{\"done\":4,\"total\":4,\"rows\":0},"
                + "\"parameters\":{},\"result\":" + result + ",\"version\":5,\"addedLater\":{\"x\":1}}";
    }

    static String failed(String kind, String code, String message) {
        return "{\"id\":\"" + ID + "\",\"kind\":\"" + kind + "\",\"status\":\"FAILED\",\"schema\":\"app_schema\","
                + "\"submittedAt\":\"2026-01-02T03:04:00Z\",\"progress\":{\"done\":0,\"total\":0,\"rows\":0},"
                + "\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"retriable\":true},\"version\":3}";
    }

    static String running(String kind) {
        return "{\"id\":\"" + ID + "\",\"kind\":\"" + kind + "\",\"status\":\"RUNNING\",\"schema\":\"app_schema\","
                + "\"submittedAt\":\"2026-01-02T03:04:00Z\",\"progress\":{\"done\":3,\"total\":12,\"rows\":1843220,"
                + "\"current\":\"app.orders\"},\"version\":3}";
    }

    static String pending(String kind) {
        return "{\"id\":\"" + ID + "\",\"kind\":\"" + kind + "\",\"status\":\"PENDING\","
                + "\"submittedAt\":\"2026-01-02T03:04:00Z\",\"version\":0}";
    }
}
