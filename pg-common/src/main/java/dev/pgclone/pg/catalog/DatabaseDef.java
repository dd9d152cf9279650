package dev.pgclone.pg.catalog;

/** The source database's encoding and locale, for creating its clone alike. */
public record DatabaseDef(String name, String encoding, String collate, String ctype) {
}
