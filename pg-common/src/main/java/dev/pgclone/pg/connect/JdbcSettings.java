package dev.pgclone.pg.connect;

import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.connection.InvalidConninfoException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * A libpq conninfo translated for pgjdbc: the JDBC URL and the connection properties. Kept apart from opening
 * the connection so the translation is unit-testable and one obvious place.
 *
 * @param url        {@code jdbc:postgresql://host:port[,host:port]/db}; no secrets in it
 * @param properties user, password and every other setting
 */
public record JdbcSettings(String url, Properties properties) {

    private static final Map<String, String> TARGET_SESSION_ATTRS = Map.of(
            "any", "any", "read-write", "primary", "primary", "primary", "read-only", "secondary",
            "standby", "secondary", "prefer-standby", "preferSecondary");

    /**
     * @param conninfo        parsed conninfo (secrets included)
     * @param role            source sessions always get TCP keepalives
     * @param applicationName used when the conninfo names none
     */
    public static JdbcSettings from(Conninfo conninfo, SessionRole role, String applicationName) {
        Properties p = new Properties();
        String[] hosts = conninfo.host().split(",", -1);
        String[] ports = conninfo.get("port").orElse("5432").split(",", -1);
        if (ports.length != 1 && ports.length != hosts.length) {
            throw new InvalidConninfoException("could not match " + ports.length + " port numbers to " + hosts.length + " hosts");
        }
        StringBuilder url = new StringBuilder("jdbc:postgresql://");
        for (int i = 0; i < hosts.length; i++) {
            String host = hosts[i].isEmpty() ? "localhost" : hosts[i];
            String port = ports.length == 1 ? ports[0] : ports[i];
            if (i > 0) {
                url.append(',');
            }
            url.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host).append(':').append(port.isEmpty() ? "5432" : port);
        }
        String user = conninfo.user();
        if (user.isEmpty()) {
            throw new InvalidConninfoException("names no user (add user=...)");
        }
        String dbname = conninfo.dbname();
        url.append('/').append(URLEncoder.encode(dbname, StandardCharsets.UTF_8));
        p.setProperty("user", user);
        String password = conninfo.get("password").orElseGet(() -> PgPassFile.resolve(conninfo.get("passfile").orElse(null))
                .lookup(hosts[0], ports[0], dbname, user).orElse(null));
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", conninfo.get("application_name")
                .or(() -> conninfo.get("fallback_application_name")).orElse(applicationName));
        p.setProperty("connectTimeout", conninfo.get("connect_timeout").orElse("10"));
        conninfo.get("options").ifPresent(v -> p.setProperty("options", v));
        conninfo.get("sslmode").ifPresent(v -> p.setProperty("sslmode", v));
        conninfo.get("sslcert").ifPresent(v -> p.setProperty("sslcert", v));
        conninfo.get("sslkey").ifPresent(v -> p.setProperty("sslkey", v));
        conninfo.get("sslrootcert").ifPresent(v -> p.setProperty("sslrootcert", v));
        conninfo.get("sslpassword").ifPresent(v -> p.setProperty("sslpassword", v));
        conninfo.get("channel_binding").ifPresent(v -> p.setProperty("channelBinding", v));
        conninfo.get("gssencmode").ifPresent(v -> p.setProperty("gssEncMode", v));
        conninfo.get("load_balance_hosts").ifPresent(v -> p.setProperty("loadBalanceHosts", String.valueOf(v.equals("random"))));
        conninfo.get("target_session_attrs").ifPresent(v -> {
            String mapped = TARGET_SESSION_ATTRS.get(v);
            if (mapped == null) {
                throw new InvalidConninfoException("invalid target_session_attrs value \"" + v + "\"");
            }
            p.setProperty("targetServerType", mapped);
        });
        boolean keepalives = role == SessionRole.SOURCE || !conninfo.get("keepalives").orElse("1").equals("0");
        if (keepalives) {
            p.setProperty("tcpKeepAlive", "true");
            p.setProperty("socketFactory", KeepAliveSocketFactory.class.getName());
            conninfo.get("keepalives_idle").ifPresent(v -> p.setProperty(KeepAliveSocketFactory.IDLE, v));
            conninfo.get("keepalives_interval").ifPresent(v -> p.setProperty(KeepAliveSocketFactory.INTERVAL, v));
            conninfo.get("keepalives_count").ifPresent(v -> p.setProperty(KeepAliveSocketFactory.COUNT, v));
        }
        // COPY streams are large and long-lived: no client-side statement cache churn, no socket read timeout.
        p.setProperty("socketTimeout", "0");
        return new JdbcSettings(url.toString(), p);
    }

    @Override
    public String toString() {
        return url + " (user=" + properties.getProperty("user") + ")";
    }
}
