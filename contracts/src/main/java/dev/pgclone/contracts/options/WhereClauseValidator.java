package dev.pgclone.contracts.options;

import dev.pgclone.contracts.filter.RowFilter;
import dev.pgclone.contracts.filter.RowFilterDenyList;
import dev.pgclone.contracts.filter.RowFilterException;
import dev.pgclone.contracts.filter.RowFilterParser;

/**
 * Validates the user's {@code where} fragment before it is embedded as {@code WHERE (<fragment>)} in a COPY query on
 * the source. The fragment is parsed with PostgreSQL's grammar ({@link RowFilterParser}: one expression, subqueries
 * allowed, nothing that could hide text from the parser) and checked against what is never acceptable in a filter
 * ({@link RowFilterDenyList}). This is the first line, and needs no database; the coordinator then resolves every
 * name on the source and refuses volatile or dangerous functions ({@code RowFilterCheck}), and the filter only ever
 * runs in a READ ONLY transaction.
 */
public final class WhereClauseValidator {

    public static final int MAX_LENGTH = RowFilterParser.MAX_LENGTH;

    private WhereClauseValidator() {
    }

    /** Throws {@link InvalidOptionException} on field {@code where} naming what is not allowed. */
    public static void validate(String where) {
        parse(where);
    }

    /**
     * The parsed filter, once it passed the checks that need no database; throws {@link InvalidOptionException} on
     * field {@code where} otherwise. Never throws anything else: an input that trips the parser itself is refused too.
     */
    public static RowFilter parse(String where) {
        try {
            RowFilter filter = RowFilterParser.parse(where);
            RowFilterDenyList.check(filter);
            return filter;
        } catch (RowFilterException e) {
            throw new InvalidOptionException("where", e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            throw new InvalidOptionException("where", "could not be checked (" + e.getClass().getSimpleName()
                    + "); write it more simply");
        }
    }
}
