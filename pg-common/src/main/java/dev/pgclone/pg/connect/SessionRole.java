package dev.pgclone.pg.connect;

/** Which side a session serves; decides its settings. */
public enum SessionRole {
    /** Reads the source: keepalives on, {@code search_path = pg_catalog} so every generated name is qualified. */
    SOURCE,
    /** Writes the target: same output formats as the source so COPY text round-trips exactly. */
    TARGET
}
