package dev.pgclone.testing;

import dev.pgclone.contracts.connection.Conninfo;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A real PostgreSQL server for tests, reached over TCP as a password-authenticated superuser. The SQL conveniences
 * throw {@link UncheckedSqlException}; {@link #connect(String)} keeps JDBC's checked exception.
 */
public interface PostgresCluster {

    /** The server's major version, e.g. 17. */
    int major();

    String host();

    int port();

    String superuser();

    /** The superuser's password: random per cluster, so a test can assert it never reaches a log. */
    String password();

    /** Server binaries for this major (initdb, pg_ctl, postgres; client tools only where Debian installed them). */
    Path binDir();

    /** Stops the server and keeps its data (fault injection). */
    void stop();

    /** Starts a stopped server again on the same port with the same data. */
    void start();

    /** A pgjdbc URL without credentials: pass {@link #superuser()} and {@link #password()} separately. */
    default String jdbcUrl(String db) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + PgQuoting.uriComponent(db);
    }

    /** A libpq keyword/value conninfo, password included. */
    default String conninfo(String db) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("host", host());
        params.put("port", String.valueOf(port()));
        params.put("dbname", db);
        params.put("user", superuser());
        params.put("password", password());
        return Conninfo.of(params).render();
    }

    /** A libpq URI, password included. */
    default String uri(String db) {
        return "postgresql://" + PgQuoting.uriComponent(superuser()) + ":" + PgQuoting.uriComponent(password())
                + "@" + host() + ":" + port() + "/" + PgQuoting.uriComponent(db);
    }

    default Connection connect(String db) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", superuser());
        props.setProperty("password", password());
        try {
            return DriverManager.getConnection(jdbcUrl(db), props);
        } catch (SQLException e) {
            // A Quarkus test profile restarts the application in a new class loader: DriverManager then hides the
            // driver registered by the old one. The driver itself still connects.
            if (e.getMessage() != null && e.getMessage().startsWith("No suitable driver")) {
                Connection c = new org.postgresql.Driver().connect(jdbcUrl(db), props);
                if (c != null) {
                    return c;
                }
            }
            throw e;
        }
    }

    /** Creates a database; the name is quoted, so any characters work. */
    default void createDatabase(String name) {
        execute("postgres", "CREATE DATABASE " + PgQuoting.identifier(name));
    }

    /** Drops a database if it exists, disconnecting its sessions (FORCE needs 13+). */
    default void dropDatabase(String name) {
        execute("postgres", "DROP DATABASE IF EXISTS " + PgQuoting.identifier(name) + (major() >= 13 ? " WITH (FORCE)" : ""));
    }

    /** Runs a script of one or more statements in autocommit mode. */
    default void execute(String db, String sql) {
        try (Connection connection = connect(db); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new UncheckedSqlException("statement failed in database " + db, e);
        }
    }

    /** Every row of a query, each value as text ({@code null} stays null). */
    default List<List<String>> query(String db, String sql) {
        try (Connection connection = connect(db);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            List<List<String>> result = new ArrayList<>();
            while (rows.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(rows.getString(i));
                }
                result.add(Collections.unmodifiableList(row));
            }
            return Collections.unmodifiableList(result);
        } catch (SQLException e) {
            throw new UncheckedSqlException("query failed in database " + db, e);
        }
    }
}
