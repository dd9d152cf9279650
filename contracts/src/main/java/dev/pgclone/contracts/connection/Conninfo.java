package dev.pgclone.contracts.connection;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A libpq connection string, parsed: either keyword/value ({@code host=h dbname=d user=u password='p w'}) or a
 * URI ({@code postgresql://u:p@h:5432/d?sslmode=require}), exactly as pgclone accepts them.
 *
 * <p>Only keywords pgclone can honour are accepted; an unknown keyword or one that cannot be honoured is an error
 * naming the keyword, never silently dropped. {@link #toString()} is redacted.
 */
public final class Conninfo {

    /** Keywords that are secrets: sealed in messages, shown as {@code ***}. */
    public static final Set<String> SECRET_KEYWORDS = Set.of("password", "sslpassword");

    /** libpq keywords pgclone honours (mapped onto pgjdbc by the shared PostgreSQL library). */
    public static final Set<String> SUPPORTED_KEYWORDS = Set.of(
            "host", "hostaddr", "port", "dbname", "user", "password", "passfile", "connect_timeout",
            "client_encoding", "options", "application_name", "fallback_application_name", "keepalives",
            "keepalives_idle", "keepalives_interval", "keepalives_count", "sslmode",
            "sslcert", "sslkey", "sslpassword", "sslrootcert", "channel_binding", "gssencmode",
            "target_session_attrs", "load_balance_hosts");

    /** libpq keywords pgclone knows but cannot honour through pgjdbc: rejected with a clear message. */
    private static final Set<String> UNSUPPORTED_KEYWORDS = Set.of(
            "service", "tcp_user_timeout", "require_auth", "replication", "sslnegotiation", "sslcompression", "sslkeylogfile",
            "sslcertmode", "sslcrl", "sslcrldir", "sslsni", "requirepeer", "ssl_min_protocol_version",
            "ssl_max_protocol_version", "krbsrvname", "gsslib", "gssdelegation", "min_protocol_version",
            "max_protocol_version", "scram_client_key", "scram_server_key", "oauth_issuer", "oauth_client_id",
            "oauth_client_secret", "oauth_scope");

    private final Map<String, String> params;

    private Conninfo(Map<String, String> params) {
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** Parses a keyword/value string or a {@code postgresql://} / {@code postgres://} URI. */
    public static Conninfo parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidConninfoException("is empty");
        }
        String trimmed = text.strip();
        Map<String, String> params = trimmed.startsWith("postgresql://") || trimmed.startsWith("postgres://")
                ? parseUri(trimmed)
                : parseKeywordValue(trimmed);
        validate(params);
        return new Conninfo(params);
    }

    /** Builds a conninfo from already-separated parameters (validated the same way). */
    public static Conninfo of(Map<String, String> params) {
        validate(params);
        return new Conninfo(params);
    }

    public Optional<String> get(String keyword) {
        return Optional.ofNullable(params.get(keyword));
    }

    public Map<String, String> params() {
        return params;
    }

    public String host() {
        return get("host").or(() -> get("hostaddr")).orElse("localhost");
    }

    public String dbname() {
        return get("dbname").orElseGet(() -> get("user").orElse(""));
    }

    public String user() {
        return get("user").orElse("");
    }

    public boolean hasSecrets() {
        return params.keySet().stream().anyMatch(SECRET_KEYWORDS::contains);
    }

    /** The same connection without its secrets (what may travel in clear and be shown). */
    public Conninfo withoutSecrets() {
        Map<String, String> copy = new LinkedHashMap<>(params);
        copy.keySet().removeAll(SECRET_KEYWORDS);
        return new Conninfo(copy);
    }

    /** Only the secret keywords. */
    public Conninfo secretsOnly() {
        Map<String, String> copy = new LinkedHashMap<>(params);
        copy.keySet().retainAll(SECRET_KEYWORDS);
        return new Conninfo(copy);
    }

    /** This conninfo with the other's parameters added (the other wins on a clash). */
    public Conninfo merge(Conninfo other) {
        Map<String, String> copy = new LinkedHashMap<>(params);
        copy.putAll(other.params);
        return new Conninfo(copy);
    }

    /** This conninfo pointing at another database. */
    public Conninfo withDbname(String dbname) {
        Map<String, String> copy = new LinkedHashMap<>(params);
        copy.put("dbname", dbname);
        return new Conninfo(copy);
    }

    /** Keyword/value form with libpq quoting. Contains secrets: never log it. */
    public String render() {
        StringBuilder out = new StringBuilder();
        params.forEach((k, v) -> {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(k).append('=').append(quote(v));
        });
        return out.toString();
    }

    /** Keyword/value form with every secret shown as {@code ***}. */
    public String redacted() {
        StringBuilder out = new StringBuilder();
        params.forEach((k, v) -> {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(k).append('=').append(SECRET_KEYWORDS.contains(k) ? "***" : quote(v));
        });
        return out.toString();
    }

    @Override
    public String toString() {
        return redacted();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Conninfo other && params.equals(other.params);
    }

    @Override
    public int hashCode() {
        return params.hashCode();
    }

    static String quote(String value) {
        boolean plain = !value.isEmpty() && value.chars().noneMatch(c -> Character.isWhitespace(c) || c == '\'' || c == '\\');
        if (plain) {
            return value;
        }
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static void validate(Map<String, String> params) {
        for (String keyword : params.keySet()) {
            if (UNSUPPORTED_KEYWORDS.contains(keyword)) {
                throw new InvalidConninfoException("connection keyword \"" + keyword + "\" is not supported by pgclone");
            }
            if (!SUPPORTED_KEYWORDS.contains(keyword)) {
                throw new InvalidConninfoException("unknown connection keyword \"" + keyword + "\"");
            }
        }
        params.forEach((keyword, value) -> {
            // Named by keyword only: the value may be a password.
            if (value.indexOf('\0') >= 0) {
                throw new InvalidConninfoException("the value of \"" + printable(keyword) + "\" contains a NUL character");
            }
            if (!isUnicode(value)) {
                throw new InvalidConninfoException("the value of \"" + printable(keyword)
                        + "\" is not valid Unicode (an unpaired surrogate)");
            }
        });
        String port = params.get("port");
        if (port != null) {
            for (String p : port.split(",", -1)) {
                if (!p.isEmpty() && !isPort(p)) {
                    // Not echoed: in a URI whose password has an unencoded "/", this text is part of the password.
                    throw new InvalidConninfoException("invalid port (each port must be a number from 1 to 65535)");
                }
            }
        }
        for (String numeric : new String[] {"connect_timeout", "keepalives", "keepalives_idle",
                "keepalives_interval", "keepalives_count"}) {
            String value = params.get(numeric);
            if (value != null && !value.matches("-?\\d{1,9}")) {
                throw new InvalidConninfoException("invalid integer value for \"" + numeric + "\"");
            }
        }
        String encoding = params.get("client_encoding");
        if (encoding != null && !encoding.equalsIgnoreCase("UTF8") && !encoding.equalsIgnoreCase("UTF-8")
                && !encoding.equalsIgnoreCase("auto")) {
            throw new InvalidConninfoException("client_encoding must be UTF8 (pgclone streams data as UTF8)");
        }
        String host = params.get("host");
        if (host != null && (host.startsWith("/") || host.startsWith("@"))) {
            throw new InvalidConninfoException("Unix-domain socket hosts are not supported; use a TCP host name or address");
        }
    }

    /** Whether every surrogate is paired, so the text has a UTF-8 form (what goes to the server). */
    private static boolean isUnicode(String value) {
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }

    private static boolean isPort(String p) {
        if (!p.matches("\\d{1,5}")) {
            return false;
        }
        int n = Integer.parseInt(p);
        return n > 0 && n < 65536;
    }

    // ---- keyword/value ------------------------------------------------------------------------------------

    private static Map<String, String> parseKeywordValue(String s) {
        Map<String, String> params = new LinkedHashMap<>();
        int i = 0;
        int n = s.length();
        String previous = null;
        while (true) {
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int keyStart = i;
            while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            String keyword = s.substring(keyStart, i);
            // Text right after a secret value may be the rest of an unquoted secret: never echo it.
            boolean afterSecret = previous != null && SECRET_KEYWORDS.contains(previous);
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= n || s.charAt(i) != '=') {
                if (afterSecret) {
                    throw new InvalidConninfoException(textAfterSecret(previous));
                }
                throw new InvalidConninfoException("missing \"=\" after \"" + printable(keyword) + "\" in connection info string");
            }
            if (afterSecret && !SUPPORTED_KEYWORDS.contains(keyword) && !UNSUPPORTED_KEYWORDS.contains(keyword)) {
                throw new InvalidConninfoException(textAfterSecret(previous));
            }
            i++;
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && s.charAt(i) == '\'') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = s.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        value.append(s.charAt(i + 1));
                        i += 2;
                    } else if (c == '\'') {
                        i++;
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                        i++;
                    }
                }
                if (!closed) {
                    throw new InvalidConninfoException("unterminated quoted string in connection info string");
                }
            } else {
                while (i < n && !Character.isWhitespace(s.charAt(i))) {
                    char c = s.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        value.append(s.charAt(i + 1));
                        i += 2;
                    } else {
                        value.append(c);
                        i++;
                    }
                }
            }
            if (keyword.isEmpty()) {
                throw new InvalidConninfoException("missing keyword before \"=\" in connection info string");
            }
            params.put(keyword, value.toString());
            previous = keyword;
        }
        return params;
    }

    private static String textAfterSecret(String secretKeyword) {
        return "unexpected text after the value of \"" + secretKeyword + "\" in connection info string"
                + " (quote a value that contains spaces: " + secretKeyword + "='...')";
    }

    /** Keywords are echoed in errors; keep them short and free of anything that might be a secret. */
    private static String printable(String keyword) {
        String k = keyword.length() > 40 ? keyword.substring(0, 40) + "…" : keyword;
        return k.matches("[A-Za-z0-9_]*") ? k : "(unreadable keyword)";
    }

    // ---- URI ----------------------------------------------------------------------------------------------

    private static Map<String, String> parseUri(String uri) {
        Map<String, String> params = new LinkedHashMap<>();
        String rest = uri.substring(uri.indexOf("://") + 3);
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String path = null;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userinfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userinfo.indexOf(':');
            String user = colon >= 0 ? userinfo.substring(0, colon) : userinfo;
            if (!user.isEmpty()) {
                params.put("user", decode(user, "user name"));
            }
            if (colon >= 0) {
                params.put("password", decode(userinfo.substring(colon + 1), "password"));
            }
        }
        if (!rest.isEmpty()) {
            List<String> hosts = new ArrayList<>();
            List<String> ports = new ArrayList<>();
            for (String hostPort : rest.split(",", -1)) {
                String host = hostPort;
                String port = "";
                if (hostPort.startsWith("[")) {
                    int close = hostPort.indexOf(']');
                    if (close < 0) {
                        throw new InvalidConninfoException("unterminated IPv6 host address in URI");
                    }
                    host = hostPort.substring(1, close);
                    String after = hostPort.substring(close + 1);
                    if (after.startsWith(":")) {
                        port = after.substring(1);
                    } else if (!after.isEmpty()) {
                        throw new InvalidConninfoException("unexpected text after IPv6 host address in URI");
                    }
                } else if (hostPort.lastIndexOf(':') >= 0) {
                    host = hostPort.substring(0, hostPort.lastIndexOf(':'));
                    port = hostPort.substring(hostPort.lastIndexOf(':') + 1);
                }
                hosts.add(decode(host, "host"));
                ports.add(port);
            }
            if (hosts.stream().anyMatch(h -> !h.isEmpty())) {
                params.put("host", String.join(",", hosts));
            }
            if (ports.stream().anyMatch(p -> !p.isEmpty())) {
                params.put("port", String.join(",", ports));
            }
        }
        if (path != null && !path.isEmpty()) {
            params.put("dbname", decode(path, "database name"));
        }
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    throw new InvalidConninfoException("missing \"=\" in URI query parameter");
                }
                String key = decode(pair.substring(0, eq), "query parameter name");
                String value = decode(pair.substring(eq + 1),
                        SUPPORTED_KEYWORDS.contains(key) ? "parameter " + key : "query parameter");
                // libpq accepts ssl=true as an alias of sslmode=require.
                if (key.equals("ssl") && value.equals("true")) {
                    params.put("sslmode", "require");
                    continue;
                }
                params.put(key, value);
            }
        }
        return params;
    }

    /**
     * A URI part with its percent-escapes decoded. As libpq does, escapes are bytes ({@code %00} refused); the byte
     * sequence must be UTF-8, which is what the server receives (pgclone's sessions are UTF8). Characters written
     * as themselves are kept whatever their size (Java holds one outside the BMP as two UTF-16 units). Errors name
     * the part, never its text: it may be a password.
     *
     * @param what the part, for messages ("password", "database name", …)
     */
    private static String decode(String s, String what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new InvalidConninfoException("invalid percent-encoded token in URI " + what);
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new InvalidConninfoException("invalid percent-encoded token in URI " + what);
                }
                if (hi == 0 && lo == 0) {
                    throw new InvalidConninfoException("forbidden value %00 in URI " + what);
                }
                out.write(hi * 16 + lo);
                i += 3;
            } else {
                int codePoint = s.codePointAt(i);
                if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
                    throw new InvalidConninfoException("URI " + what + " is not valid Unicode (an unpaired surrogate)");
                }
                byte[] bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
                i += Character.charCount(codePoint);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidConninfoException("URI " + what + " is not valid UTF-8 once its percent-escapes are decoded");
        }
    }
}
