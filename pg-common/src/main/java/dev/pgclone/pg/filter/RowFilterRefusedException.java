package dev.pgclone.pg.filter;

/**
 * The source says a row filter must not run: a function, operator, type or relation it names resolves to something
 * that has side effects, reaches outside the query or reads PostgreSQL's own catalogs, or to nothing at all.
 */
public class RowFilterRefusedException extends RuntimeException {

    private final String object;
    private final String reason;

    /**
     * @param object what the filter names, as the user would recognize it ({@code shop.audit()}, operator {@code ===},
     *               type {@code shop.code}, relation {@code pg_authid})
     * @param reason why, as the rest of one sentence
     */
    public RowFilterRefusedException(String object, String reason) {
        super("must not use " + object + " (" + reason + ")", null, false, false);
        this.object = object;
        this.reason = reason;
    }

    public String object() {
        return object;
    }

    public String reason() {
        return reason;
    }
}
