package dev.pgclone.pg.catalog;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The server a session talks to: its version, the settings that bound what a clone may hold, the room its data takes.
 * Free disk space is not visible through SQL; what a server can tell is how much its database and tablespaces use and
 * where the tablespaces are.
 */
public final class ServerCatalog {

    /** {@code server_version} (e.g. {@code 16.3}), its number (160003) and major (16). */
    public record Version(String text, int number) {

        public int major() {
            return number / 10000;
        }
    }

    /**
     * What bounds the locks all sessions can hold at once: the shared lock table has room for about
     * {@code max_locks_per_transaction × (max_connections + max_prepared_transactions)} objects (a little more: every
     * background process counts as a connection, and spare shared memory can absorb some more).
     */
    public record LockSettings(int maxLocksPerTransaction, int maxConnections, int maxPreparedTransactions) {

        public long capacity() {
            return (long) maxLocksPerTransaction * (maxConnections + maxPreparedTransactions);
        }
    }

    /**
     * Where the current database writes new objects: its default tablespace.
     *
     * @param name     tablespace name
     * @param location directory ({@code pg_tablespace_location}); empty for pg_default, which is the data directory
     * @param bytes    what the tablespace holds now, every database's share included
     */
    public record Tablespace(String name, String location, long bytes) {
    }

    private final Connection connection;

    public ServerCatalog(Connection connection) {
        this.connection = connection;
    }

    public Version version() throws SQLException {
        return Rows.list(connection, "SELECT current_setting('server_version'), current_setting('server_version_num')::int",
                rs -> new Version(rs.getString(1), rs.getInt(2))).get(0);
    }

    public LockSettings lockSettings() throws SQLException {
        return Rows.list(connection, """
                SELECT current_setting('max_locks_per_transaction')::int, current_setting('max_connections')::int,
                       current_setting('max_prepared_transactions')::int""",
                rs -> new LockSettings(rs.getInt(1), rs.getInt(2), rs.getInt(3))).get(0);
    }

    /** {@code pg_database_size} of the current database. */
    public long databaseSize() throws SQLException {
        return Rows.list(connection, "SELECT pg_database_size(current_database())", rs -> rs.getLong(1)).get(0);
    }

    /**
     * The current database's default tablespace (where a clone creates everything). Its size is readable by every
     * role: PostgreSQL allows {@code pg_tablespace_size} on the current database's default tablespace.
     */
    public Tablespace defaultTablespace() throws SQLException {
        return Rows.list(connection, """
                SELECT t.spcname, pg_tablespace_location(t.oid), pg_tablespace_size(t.oid)
                  FROM pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace
                 WHERE d.datname = current_database()""",
                rs -> new Tablespace(rs.getString(1), rs.getString(2), rs.getLong(3))).get(0);
    }

    /** {@code pg_total_relation_size} summed over these relations (table, TOAST and indexes), those that exist. */
    public long totalRelationSize(java.util.Collection<QualifiedName> relations) throws SQLException {
        return Rows.list(connection, """
                SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM unnest(?::text[], ?::text[]) AS t(s, r)
                  JOIN pg_namespace n ON n.nspname = t.s JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.r""",
                rs -> rs.getLong(1), relations.stream().map(QualifiedName::schema).toArray(String[]::new),
                relations.stream().map(QualifiedName::name).toArray(String[]::new)).get(0);
    }
}
