package dev.pgclone.testing;

import java.util.List;

/**
 * A table's data fingerprint: row count plus an md5 over the sorted md5s of each row's text form. Equal
 * signatures mean equal data whatever the physical row order (the fidelity oracle for data).
 *
 * @param rows row count
 * @param hash order-independent hash, or null for an empty table
 */
public record DataSignature(long rows, String hash) {

    /** @param qualifiedTable an already-quoted {@code "schema"."table"} */
    public static DataSignature of(PostgresCluster cluster, String db, String qualifiedTable) {
        List<List<String>> result = cluster.query(db, "SELECT count(*), md5(string_agg(h, '' ORDER BY h)) FROM "
                + "(SELECT md5(t::text) AS h FROM " + qualifiedTable + " t) s");
        return new DataSignature(Long.parseLong(result.get(0).get(0)), result.get(0).get(1));
    }
}
