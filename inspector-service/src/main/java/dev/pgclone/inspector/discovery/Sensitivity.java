package dev.pgclone.inspector.discovery;

/**
 * What a sensitive column holds: pgclone's categories (its {@code masking_report} names) with the mask strategy
 * pgclone suggests for each, plus bank accounts, which only value sampling finds (IBAN).
 */
public enum Sensitivity {
    EMAIL("Email", "email"),
    NAME("PII - Name", "name"),
    PHONE("Phone", "phone"),
    NATIONAL_ID("National ID", "null"),
    FINANCIAL("Financial", "random_int"),
    CREDENTIAL("Credential", "hash"),
    /** A street address: pgclone's {@code constant} ({@code REDACTED}). */
    ADDRESS("Address", "constant"),
    /** A postal code: pgclone's {@code partial} (first and last character kept). */
    POSTAL_CODE("Address", "partial"),
    DATE_OF_BIRTH("Date of Birth", "null"),
    CREDIT_CARD("Credit Card", "null"),
    IP_ADDRESS("IP Address", "hash"),
    /** An IBAN: hashed, so the same account still matches across tables. */
    BANK_ACCOUNT("Bank Account", "hash");

    private final String category;
    private final String strategy;

    Sensitivity(String category, String strategy) {
        this.category = category;
        this.strategy = strategy;
    }

    /** pgclone's category label. */
    public String category() {
        return category;
    }

    /** The mask strategy suggested, usable as it is in a clone's {@code masks}. */
    public String strategy() {
        return strategy;
    }
}
