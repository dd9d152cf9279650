package dev.pgclone.pg;

import java.nio.charset.StandardCharsets;

/**
 * PostgreSQL's limit on names: {@code NAMEDATALEN - 1} = 63 bytes of UTF-8. PostgreSQL silently truncates a longer
 * name (so two long names can become one); pgclone derives names within the limit itself, so it knows them.
 */
public final class Identifiers {

    /** The most bytes a name holds. */
    public static final int MAX_BYTES = 63;

    private Identifiers() {
    }

    /** The name as PostgreSQL would store it: cut to {@value #MAX_BYTES} bytes, on a character boundary. */
    public static String truncate(String name) {
        return cut(name, MAX_BYTES);
    }

    /**
     * {@code base + suffix} within the limit: the base is cut (on a character boundary) and the suffix kept whole,
     * as PostgreSQL does when it chooses a name such as {@code <table>_pkey}.
     */
    public static String withSuffix(String base, String suffix) {
        int room = MAX_BYTES - bytes(suffix);
        if (room < 1) {
            throw new IllegalArgumentException("a suffix must leave room for a name");
        }
        return cut(base, room) + suffix;
    }

    /** Whether PostgreSQL would keep this name as it is. */
    public static boolean fits(String name) {
        return bytes(name) <= MAX_BYTES;
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String cut(String name, int maxBytes) {
        if (bytes(name) <= maxBytes) {
            return name;
        }
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int cp : name.codePoints().toArray()) {
            int len = bytes(new String(Character.toChars(cp)));
            if (used + len > maxBytes) {
                break;
            }
            out.appendCodePoint(cp);
            used += len;
        }
        return out.toString();
    }
}
