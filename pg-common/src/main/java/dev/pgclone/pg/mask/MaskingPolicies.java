package dev.pgclone.pg.mask;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.mask.ColumnMasks;
import dev.pgclone.contracts.mask.MaskRule;
import dev.pgclone.contracts.mask.MaskStrategy;
import dev.pgclone.pg.Quote;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.failure.FatalFailure;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Dynamic masking policies (pgclone's {@code create_masking_policy} / {@code drop_masking_policy}) on the target, each
 * in one transaction of the caller's session (the caller commits). Create makes the view {@code <table>_masked} (every
 * column of the table, masked ones through {@link MaskSql}) and pgclone's grants: SELECT on the table revoked from
 * PUBLIC, SELECT on the view granted to PUBLIC, SELECT on the table granted to the privileged role. Beforehand it
 * records in {@code _pgclone_masking.policies} (keyed by the table's oid) the table's ACL and which of those grants
 * were already there, so drop undoes exactly what create did: it re-grants PUBLIC's SELECT only when PUBLIC had it,
 * revokes the role's only when the policy gave it (pgclone grants PUBLIC SELECT on drop whether or not PUBLIC ever had
 * it). A view of that name the service did not create is never replaced.
 */
public final class MaskingPolicies {

    public static final String TABLE = "policies";
    private static final String QUALIFIED = Quote.qualified(MaskingRecord.SCHEMA, TABLE);
    private static final String SUFFIX = "_masked";

    /** What a create or drop did, in pgclone's words, and whether it changed anything. */
    public record Outcome(String message, boolean changed, List<String> warnings) {
    }

    private MaskingPolicies() {
    }

    /** {@code <table>_masked}; refused when longer than PostgreSQL's 63 bytes. */
    public static String viewName(String table) {
        String view = table + SUFFIX;
        if (view.getBytes(StandardCharsets.UTF_8).length > 63) {
            throw new FatalFailure(ErrorCode.INVALID_REQUEST, "the masking view of " + table + " would be named \""
                    + view + "\", longer than PostgreSQL's 63 bytes: rename the table or mask it another way");
        }
        return view;
    }

    /**
     * Creates the policy (or, for the same table and the same masks and role, only re-reports it; other masks replace
     * the view the service made, keeping the grants recorded the first time).
     *
     * @throws FatalFailure naming what is wrong; nothing was changed
     */
    public static Outcome create(Connection c, String jobId, String schema, String table, ColumnMasks mask,
                                 String role) throws SQLException {
        QualifiedName name = new QualifiedName(schema, table);
        String view = viewName(table);
        for (var e : mask.columns().entrySet()) {
            if (e.getValue().strategy() == MaskStrategy.KEYED_HASH) {
                throw new MaskCheck.MaskRefusedException(ErrorCode.MASK_INVALID, name + "." + e.getKey()
                        + ": keyed_hash cannot be used in a masking view (the view would need the deployment key in the"
                        + " database, readable by anyone who can read the view's session settings); use hash, or mask"
                        + " in place or at clone time");
            }
        }
        ensure(c);
        long oid = tableOid(c, name);
        requireOwnerRights(c, oid, name);
        if (!exists(c, "SELECT FROM pg_catalog.pg_roles WHERE rolname = ?", role)) {
            throw new FatalFailure(ErrorCode.INVALID_REQUEST, "privilegedRole \"" + role
                    + "\" does not exist on the target (create it first)");
        }
        List<String> columns = new ArrayList<>();
        List<String> missing = new ArrayList<>(mask.columns().keySet());
        try (PreparedStatement ps = c.prepareStatement("SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = ?"
                + " AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                    missing.remove(rs.getString(1));
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new MaskCheck.MaskRefusedException(ErrorCode.MASK_INVALID, "the masks cannot apply, so nothing was "
                    + "changed: " + String.join("; ", missing.stream().map(m -> name + "." + m + ": no such column")
                    .toList()));
        }
        String rule = Json.write(mask);
        Recorded known = recorded(c, oid, rule);
        Long viewOid = relationOid(c, new QualifiedName(schema, view));
        if (known != null && known.sameRule() && known.role().equals(role) && viewOid != null && viewOid == known.viewOid()) {
            return new Outcome("OK: masking policy on " + name + " already in place (view " + schema + "." + view
                    + ")", false, List.of());
        }
        if (viewOid != null && (known == null || viewOid != known.viewOid())) {
            throw new FatalFailure(ErrorCode.TARGET_CONFLICT, schema + "." + view + " exists and was not created by a"
                    + " masking policy of this service: it is not replaced (drop or rename it first)");
        }
        List<String> warnings = new ArrayList<>();
        boolean publicHad;
        boolean roleHad;
        if (known == null) {
            publicHad = exists(c, "SELECT FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a"
                    + " WHERE c.oid = ?::bigint::oid AND a.grantee = 0 AND a.privilege_type = 'SELECT'", oid);
            roleHad = exists(c, "SELECT FROM pg_catalog.pg_class c, pg_catalog.aclexplode(COALESCE(c.relacl,"
                    + " pg_catalog.acldefault('r', c.relowner))) a JOIN pg_catalog.pg_roles r ON r.oid = a.grantee"
                    + " WHERE c.oid = ?::bigint::oid AND r.rolname = ? AND a.privilege_type = 'SELECT'", oid, role);
        } else {
            publicHad = known.publicHad();
            roleHad = known.roleHad() || !known.role().equals(role) && roleHolds(c, oid, role);
            if (!known.role().equals(role) && !known.roleHad()) {
                revoke(c, name, known.role());
                warnings.add("the earlier policy's role " + known.role() + " no longer reads " + name
                        + " through the policy");
            }
        }
        try (Statement st = c.createStatement()) {
            if (viewOid != null) {
                st.execute("DROP VIEW " + Quote.qualified(schema, view));
            }
            List<String> items = new ArrayList<>();
            for (String column : columns) {
                MaskRule r = mask.rule(column);
                items.add(r == null ? Quote.ident(column) : MaskSql.selectItem(r, column, 0));
            }
            st.execute("CREATE VIEW " + Quote.qualified(schema, view) + " AS SELECT " + String.join(", ", items)
                    + " FROM " + name.quoted());
            st.execute("COMMENT ON VIEW " + Quote.qualified(schema, view) + " IS " + Quote.literal("pgclone masking "
                    + "policy on " + name + ": " + rule));
            st.execute("REVOKE SELECT ON " + name.quoted() + " FROM PUBLIC");
            st.execute("GRANT SELECT ON " + Quote.qualified(schema, view) + " TO PUBLIC");
            st.execute("GRANT SELECT ON " + name.quoted() + " TO " + Quote.ident(role));
        }
        long newView = relationOid(c, new QualifiedName(schema, view));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + QUALIFIED + " (table_oid, schema_name,"
                + " table_name, view_oid, view_name, rule, privileged_role, public_had_select, role_had_select,"
                + " prior_acl, job_id) SELECT ?::bigint::oid, ?, ?, ?::bigint::oid, ?, ?::jsonb, ?, ?, ?, "
                + (known == null ? "(SELECT relacl::text FROM pg_catalog.pg_class WHERE oid = ?::bigint::oid)" : "?")
                + ", ? ON CONFLICT (table_oid) DO UPDATE SET view_oid = excluded.view_oid, rule = excluded.rule,"
                + " privileged_role = excluded.privileged_role, role_had_select = excluded.role_had_select,"
                + " job_id = excluded.job_id, created_at = now()")) {
            ps.setLong(1, oid);
            ps.setString(2, schema);
            ps.setString(3, table);
            ps.setLong(4, newView);
            ps.setString(5, view);
            ps.setString(6, rule);
            ps.setString(7, role);
            ps.setBoolean(8, publicHad);
            ps.setBoolean(9, roleHad);
            if (known == null) {
                ps.setLong(10, oid);
            } else {
                ps.setString(10, null);
            }
            ps.setString(11, jobId);
            ps.executeUpdate();
        }
        return new Outcome("OK: created masking policy on " + name + " (view " + schema + "." + view + ", "
                + mask.columns().size() + " masked columns; SELECT on the table for " + role + ")", true, warnings);
    }

    /**
     * Drops the policy: the view it created, then the grants put back as they were.
     *
     * @throws FatalFailure when the table has no policy of this service (nothing is changed)
     */
    public static Outcome drop(Connection c, String schema, String table) throws SQLException {
        QualifiedName name = new QualifiedName(schema, table);
        ensure(c);
        long oid = tableOid(c, name);
        Recorded known = recorded(c, oid, "{}");
        if (known == null) {
            throw new FatalFailure(ErrorCode.NOT_FOUND, name + " has no masking policy of this service (nothing to "
                    + "drop; a view made by hand is left alone)");
        }
        requireOwnerRights(c, oid, name);
        List<String> warnings = new ArrayList<>();
        Long viewOid = relationOid(c, new QualifiedName(schema, known.view()));
        try (Statement st = c.createStatement()) {
            if (viewOid != null && viewOid == known.viewOid()) {
                st.execute("DROP VIEW " + Quote.qualified(schema, known.view()));
            } else {
                warnings.add("the view " + schema + "." + known.view() + " the policy created was already gone");
            }
            if (known.publicHad()) {
                st.execute("GRANT SELECT ON " + name.quoted() + " TO PUBLIC");
            }
        }
        if (!known.roleHad() && exists(c, "SELECT FROM pg_catalog.pg_roles WHERE rolname = ?", known.role())) {
            revoke(c, name, known.role());
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + QUALIFIED + " WHERE table_oid = ?::bigint::oid")) {
            ps.setLong(1, oid);
            ps.executeUpdate();
        }
        return new Outcome("OK: dropped masking policy on " + name + " (view " + schema + "." + known.view()
                + " dropped; grants on the table as before the policy)", true, warnings);
    }

    /** A recorded policy; {@code sameRule}: its masks are the ones asked now. */
    private record Recorded(long viewOid, String view, boolean sameRule, String role, boolean publicHad,
                            boolean roleHad) {
    }

    private static Recorded recorded(Connection c, long oid, String rule) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT view_oid, view_name, rule = ?::jsonb, privileged_role,"
                + " public_had_select, role_had_select FROM " + QUALIFIED + " WHERE table_oid = ?::bigint::oid")) {
            ps.setString(1, rule);
            ps.setLong(2, oid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Recorded(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
                        rs.getBoolean(5), rs.getBoolean(6)) : null;
            }
        }
    }

    private static void revoke(Connection c, QualifiedName name, String role) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("REVOKE SELECT ON " + name.quoted() + " FROM " + Quote.ident(role));
        }
    }

    private static boolean roleHolds(Connection c, long oid, String role) throws SQLException {
        return exists(c, "SELECT FROM pg_catalog.pg_class c, pg_catalog.aclexplode(COALESCE(c.relacl,"
                + " pg_catalog.acldefault('r', c.relowner))) a JOIN pg_catalog.pg_roles r ON r.oid = a.grantee"
                + " WHERE c.oid = ?::bigint::oid AND r.rolname = ? AND a.privilege_type = 'SELECT'", oid, role);
    }

    /**
     * GRANT and REVOKE by anyone else than the owner (or a member of its role, or a superuser) act only on that
     * role's own grants: the policy would not be what it says, nor its drop exact.
     */
    private static void requireOwnerRights(Connection c, long oid, QualifiedName name) throws SQLException {
        if (!exists(c, "SELECT FROM pg_catalog.pg_class WHERE oid = ?::bigint::oid"
                + " AND pg_catalog.pg_has_role(current_user, relowner, 'USAGE')", oid)) {
            throw new FatalFailure(ErrorCode.INSUFFICIENT_PRIVILEGE, "the target user does not own " + name
                    + " (nor is a member of its owner's role): its grants cannot be changed exactly");
        }
    }

    private static long tableOid(Connection c, QualifiedName name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT c.oid, c.relkind FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, name.schema());
            ps.setString(2, name.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new FatalFailure(ErrorCode.TABLE_NOT_FOUND, "table " + name + " does not exist on the target");
                }
                if (!"rp".contains(rs.getString(2))) {
                    throw new FatalFailure(ErrorCode.UNSUPPORTED_OBJECT, name + " is not a table");
                }
                return rs.getLong(1);
            }
        }
    }

    private static Long relationOid(Connection c, QualifiedName name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT c.oid FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, name.schema());
            ps.setString(2, name.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static boolean exists(Connection c, String query, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void ensure(Connection c) throws SQLException {
        MaskingRecord.ensureSchema(c);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + QUALIFIED + " (table_oid oid PRIMARY KEY,"
                    + " schema_name text NOT NULL, table_name text NOT NULL, view_oid oid NOT NULL,"
                    + " view_name text NOT NULL, rule jsonb NOT NULL, privileged_role text NOT NULL,"
                    + " public_had_select boolean NOT NULL, role_had_select boolean NOT NULL, prior_acl text,"
                    + " job_id text, created_at timestamptz NOT NULL DEFAULT now())");
            st.execute("COMMENT ON TABLE " + QUALIFIED + " IS " + Quote.literal("pgclone: masking policies the service"
                    + " created, with the table's grants before them, so dropping one restores exactly those"));
            // policies of tables that no longer exist say nothing true any more
            st.execute("DELETE FROM " + QUALIFIED + " p WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_class c"
                    + " WHERE c.oid = p.table_oid)");
        }
    }
}
