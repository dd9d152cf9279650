package dev.pgclone.pg.connect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Password lookup in a libpq password file ({@code passfile} keyword, {@code PGPASSFILE}, or
 * {@code ~/.pgpass}), so conninfos can omit passwords entirely, as pgclone's docs recommend.
 * Format: {@code hostname:port:database:username:password}, {@code *} matches anything, {@code \} escapes.
 */
public final class PgPassFile {

    private final Path path;

    public PgPassFile(Path path) {
        this.path = path;
    }

    /** The file libpq would read: explicit path, else PGPASSFILE, else ~/.pgpass. */
    public static PgPassFile resolve(String explicitPath) {
        if (explicitPath != null && !explicitPath.isEmpty()) {
            return new PgPassFile(Path.of(explicitPath));
        }
        String env = System.getenv("PGPASSFILE");
        if (env != null && !env.isEmpty()) {
            return new PgPassFile(Path.of(env));
        }
        return new PgPassFile(Path.of(System.getProperty("user.home"), ".pgpass"));
    }

    public Optional<String> lookup(String host, String port, String database, String user) {
        if (!Files.isReadable(path)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = split(line);
            if (f.length == 5 && matches(f[0], host) && matches(f[1], port) && matches(f[2], database)
                    && matches(f[3], user)) {
                return Optional.of(f[4]);
            }
        }
        return Optional.empty();
    }

    private static boolean matches(String pattern, String value) {
        return pattern.equals("*") || pattern.equals(value);
    }

    private static String[] split(String line) {
        String[] out = new String[5];
        StringBuilder field = new StringBuilder();
        int n = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                field.append(line.charAt(++i));
            } else if (c == ':' && n < 4) {
                out[n++] = field.toString();
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out[n] = field.toString();
        return n == 4 ? out : new String[0];
    }
}
