package dev.pgclone.contracts.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.options.CloneOptions;
import dev.pgclone.contracts.options.InvalidOptionException;
import java.util.Iterator;
import java.util.Set;

/**
 * What a report needs besides its connections and schema, strictly parsed like clone options (an unknown key or a
 * wrong type names the key). Which keys a kind accepts is checked by {@link #requireFor}.
 *
 * @param mode    verify: {@code exact} (default: count and order-independent hash of every row) or {@code estimate}
 *                (pgclone's planner-statistics rows)
 * @param sample  discover-sensitive: rows sampled per table to validate values (0, the default: names only)
 * @param options preflight: the clone options the clone would use ({@code conflict}, {@code where}, filters, …)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportParameters(String mode, Integer sample, CloneOptions options) {

    public static final ReportParameters NONE = new ReportParameters(null, null, null);
    public static final int MAX_SAMPLE = 100_000;
    private static final Set<String> KEYS = Set.of("mode", "sample", "options");

    public ReportParameters {
        if (mode != null && !mode.equals("exact") && !mode.equals("estimate")) {
            throw new InvalidOptionException("mode", "must be \"exact\" or \"estimate\"");
        }
        if (sample != null && (sample < 0 || sample > MAX_SAMPLE)) {
            throw new InvalidOptionException("sample", "must be between 0 and " + MAX_SAMPLE);
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ReportParameters fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NONE;
        }
        if (!node.isObject()) {
            throw new InvalidOptionException("parameters", "must be a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new InvalidOptionException(key, "unknown parameter (known: mode, options, sample)");
            }
        }
        JsonNode mode = node.get("mode");
        if (mode != null && !mode.isNull() && !mode.isTextual()) {
            throw new InvalidOptionException("mode", "must be a string");
        }
        JsonNode sample = node.get("sample");
        if (sample != null && !sample.isNull() && (!sample.isIntegralNumber() || !sample.canConvertToInt())) {
            throw new InvalidOptionException("sample", "must be an integer");
        }
        JsonNode options = node.get("options");
        return new ReportParameters(mode == null || mode.isNull() ? null : mode.textValue(),
                sample == null || sample.isNull() ? null : sample.intValue(),
                options == null || options.isNull() ? null : cloneOptions(options));
    }

    /** The clone options of a preflight; an error names the key under {@code options} ({@code options.paralel}). */
    private static CloneOptions cloneOptions(JsonNode options) {
        try {
            return CloneOptions.fromJson(options);
        } catch (InvalidOptionException e) {
            if (e.field().equals("options")) {
                throw e;
            }
            String message = e.getMessage().substring(e.field().length() + 2);
            throw new InvalidOptionException("options." + e.field(), message);
        }
    }

    /** Refuses parameters the kind does not take, naming them. */
    public void requireFor(ReportKind kind) {
        if (mode != null && kind != ReportKind.VERIFY) {
            throw new InvalidOptionException("mode", "is a verify parameter, not a " + kind.json() + " one");
        }
        if (sample != null && kind != ReportKind.DISCOVER_SENSITIVE) {
            throw new InvalidOptionException("sample", "is a discover-sensitive parameter, not a " + kind.json() + " one");
        }
        if (options != null && kind != ReportKind.PREFLIGHT) {
            throw new InvalidOptionException("options", "is a preflight parameter, not a " + kind.json() + " one");
        }
    }

    public boolean exactOrDefault() {
        return mode == null || mode.equals("exact");
    }

    public int sampleOrDefault() {
        return sample == null ? 0 : sample;
    }

    public CloneOptions optionsOrDefault() {
        return options == null ? CloneOptions.DEFAULTS : options;
    }
}
