package dev.pgclone.pg.preflight;

import java.util.Locale;

/** A check's outcome, as pgclone spells it: {@code fail} is an error, {@code warn} a warning, {@code info} a fact. */
public enum CheckStatus {
    PASS, INFO, WARN, FAIL;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
