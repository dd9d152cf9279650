package dev.pgclone.pg.catalog;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Result-set plumbing shared by the catalog readers. */
final class Rows {

    private Rows() {
    }

    @FunctionalInterface
    interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Runs {@code sql} with one bigint[] parameter (the OIDs) and groups mapped rows by the {@code relid} column. */
    static <T> Map<Long, List<T>> groupByRelid(Connection c, String sql, Collection<Long> oids, Mapper<T> mapper)
            throws SQLException {
        Map<Long, List<T>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, oidArray(c, oids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getLong("relid"), k -> new ArrayList<>()).add(mapper.map(rs));
                }
            }
        }
        return out;
    }

    /** Runs {@code sql} with the given parameters (String, Long, Collection of Long as bigint[], String[] as text[]). */
    static <T> List<T> list(Connection c, String sql, Mapper<T> mapper, Object... params) throws SQLException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                Object p = params[i];
                if (p instanceof Collection<?> oids) {
                    @SuppressWarnings("unchecked")
                    Collection<Long> longs = (Collection<Long>) oids;
                    ps.setArray(i + 1, oidArray(c, longs));
                } else if (p instanceof String[] texts) {
                    ps.setArray(i + 1, c.createArrayOf("text", texts));
                } else {
                    ps.setObject(i + 1, p);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
        }
        return out;
    }

    /** A row read as {@code to_jsonb(row)}: catalogs whose columns differ between majors. */
    static com.fasterxml.jackson.databind.JsonNode json(String text) throws SQLException {
        try {
            return dev.pgclone.contracts.Json.mapper().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("unreadable catalog row: " + e.getOriginalMessage());
        }
    }

    static Array oidArray(Connection c, Collection<Long> oids) throws SQLException {
        return c.createArrayOf("bigint", oids.toArray());
    }

    static char charOf(String s) {
        return s == null || s.isEmpty() ? 0 : s.charAt(0);
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    static List<Integer> ints(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object values = array.getArray();
        List<Integer> out = new ArrayList<>();
        if (values instanceof Number[] numbers) {
            for (Number n : numbers) {
                out.add(n.intValue());
            }
        }
        return out;
    }
}
