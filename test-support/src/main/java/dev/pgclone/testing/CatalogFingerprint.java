package dev.pgclone.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * The schema half of the fidelity oracle across majors, where one pg_dump cannot read both servers: a sorted list
 * of version-robust facts about a schema's objects (names, column types and defaults, constraint, index and trigger
 * definitions, routine signatures with a hash of their source, types, sequences, policies, comments). View bodies
 * are compared by their columns: PostgreSQL deparses them differently from one major to the next.
 */
public final class CatalogFingerprint {

    private static final String FACTS = """
            WITH s AS (SELECT oid FROM pg_namespace WHERE nspname = ?)
            SELECT 'rel ' || c.relkind::text || ' ' || c.relname || ' persistence=' || c.relpersistence::text
                   || ' partkey=' || coalesce(pg_get_partkeydef(c.oid), '-')
                   || ' bound=' || coalesce(pg_get_expr(c.relpartbound, c.oid), '-')
                   || ' options=' || coalesce(array_to_string(c.reloptions, ','), '-')
                   || ' rls=' || c.relrowsecurity || ' comment=' || coalesce(obj_description(c.oid, 'pg_class'), '-')
              FROM pg_class c WHERE c.relnamespace IN (SELECT oid FROM s) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
            UNION ALL
            SELECT 'inherits ' || c.relname || ' <- ' || p.relname
              FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
             WHERE c.relnamespace IN (SELECT oid FROM s) AND c.relkind IN ('r', 'p')
            UNION ALL
            SELECT 'col ' || c.relname || '.' || a.attname || ' #' || a.attnum || ' ' || format_type(a.atttypid, a.atttypmod)
                   || ' notnull=' || a.attnotnull || ' identity=' || a.attidentity::text || ' generated=' || a.attgenerated::text
                   || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '-')
                   || ' collation=' || coalesce(nullif(a.attcollation, 0)::regcollation::text, '-')
                   || ' local=' || a.attislocal || ' comment=' || coalesce(col_description(c.oid, a.attnum), '-')
              FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE c.relnamespace IN (SELECT oid FROM s) AND c.relkind IN ('r', 'p', 'v', 'm', 'c')
               AND a.attnum > 0 AND NOT a.attisdropped
            UNION ALL
            SELECT 'con ' || coalesce(c.relname, t.typname) || '.' || con.conname || ' ' || con.contype::text || ' '
                   || pg_get_constraintdef(con.oid) || ' local=' || con.conislocal
              FROM pg_constraint con LEFT JOIN pg_class c ON c.oid = con.conrelid LEFT JOIN pg_type t ON t.oid = con.contypid
             WHERE con.connamespace IN (SELECT oid FROM s) AND con.contype <> 'n'
            UNION ALL
            SELECT 'idx ' || pg_get_indexdef(i.indexrelid)
              FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid WHERE ic.relnamespace IN (SELECT oid FROM s)
            UNION ALL
            SELECT 'trg ' || pg_get_triggerdef(t.oid)
              FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
             WHERE c.relnamespace IN (SELECT oid FROM s) AND NOT t.tgisinternal
            UNION ALL
            SELECT 'fn ' || p.prokind::text || ' ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') '
                   || coalesce(pg_get_function_result(p.oid), '-') || ' lang=' || l.lanname || ' vol=' || p.provolatile::text
                   || ' strict=' || p.proisstrict || ' src=' || md5(coalesce(p.prosrc, ''))
                   || ' comment=' || coalesce(obj_description(p.oid, 'pg_proc'), '-')
              FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.pronamespace IN (SELECT oid FROM s)
            UNION ALL
            SELECT 'type ' || t.typtype::text || ' ' || t.typname || ' base=' || coalesce(format_type(nullif(t.typbasetype, 0), t.typtypmod), '-')
                   || ' notnull=' || t.typnotnull || ' default=' || coalesce(t.typdefault, '-')
                   || ' comment=' || coalesce(obj_description(t.oid, 'pg_type'), '-')
              FROM pg_type t WHERE t.typnamespace IN (SELECT oid FROM s) AND t.typtype IN ('e', 'd', 'c', 'r', 'm')
               AND (t.typtype <> 'c' OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
            UNION ALL
            SELECT 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
              FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typnamespace IN (SELECT oid FROM s)
             GROUP BY t.typname
            UNION ALL
            SELECT 'seq ' || c.relname || ' ' || format_type(q.seqtypid, NULL) || ' ' || q.seqstart || ' ' || q.seqincrement
                   || ' ' || q.seqmin || ' ' || q.seqmax || ' ' || q.seqcache || ' ' || q.seqcycle
              FROM pg_sequence q JOIN pg_class c ON c.oid = q.seqrelid WHERE c.relnamespace IN (SELECT oid FROM s)
            UNION ALL
            SELECT 'policy ' || c.relname || '.' || pol.polname || ' ' || pol.polcmd::text || ' ' || pol.polpermissive || ' '
                   || coalesce(pg_get_expr(pol.polqual, pol.polrelid), '-') || ' '
                   || coalesce(pg_get_expr(pol.polwithcheck, pol.polrelid), '-')
              FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid WHERE c.relnamespace IN (SELECT oid FROM s)
            UNION ALL
            SELECT 'collation ' || co.collname || ' ' || co.collprovider::text || ' ' || co.collisdeterministic
              FROM pg_collation co WHERE co.collnamespace IN (SELECT oid FROM s)
            ORDER BY 1
            """;

    private CatalogFingerprint() {
    }

    /** The sorted facts of one schema. */
    public static List<String> of(PostgresCluster cluster, String db, String schema) {
        List<String> out = new ArrayList<>();
        for (List<String> row : cluster.query(db, FACTS.replace("?", PgQuoting.literal(schema)))) {
            out.add(row.get(0));
        }
        return out;
    }
}
