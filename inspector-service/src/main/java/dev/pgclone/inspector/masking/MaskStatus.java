package dev.pgclone.inspector.masking;

/** A sensitive column's {@code mask_status} in the masking report, by pgclone's text and this project's two more. */
public enum MaskStatus {
    /** the {@code <table>_masked} view beside the table shows the column masked (pgclone's only MASKED) */
    VIEW("MASKED (view)", "masked_view"),
    /** the service masked the column's values when it cloned the table (its masking record says so) */
    CLONE("MASKED (clone)", "masked_clone"),
    /** the service rewrote the column's values in place (its masking record says so) */
    IN_PLACE("MASKED (in place)", "masked_in_place"),
    UNMASKED("UNMASKED", "unmasked");

    private final String text;
    private final String summaryKey;

    MaskStatus(String text, String summaryKey) {
        this.text = text;
        this.summaryKey = summaryKey;
    }

    /** As the report prints it. */
    public String text() {
        return text;
    }

    /** Its count's key in the report's {@code summary}. */
    public String summaryKey() {
        return summaryKey;
    }

    public boolean masked() {
        return this != UNMASKED;
    }
}
