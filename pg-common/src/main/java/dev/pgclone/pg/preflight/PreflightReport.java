package dev.pgclone.pg.preflight;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgclone.contracts.Json;
import dev.pgclone.pg.failure.FatalFailure;
import java.util.List;
import java.util.Optional;

/**
 * What the pre-flight found: every check that ran, in order. {@link #toJson()} is pgclone's document ({@code schema},
 * {@code ready}, {@code summary}, {@code errors}, {@code warnings}, {@code info}, {@code checks}); a clone job uses
 * {@link #refusal} and {@link #jobWarnings}.
 *
 * @param schema the schema the report is about (null for a database clone)
 * @param checks the checks that ran (a check that could not run, e.g. without a source, is absent)
 */
public record PreflightReport(String schema, List<CheckResult> checks) {

    public PreflightReport {
        checks = List.copyOf(checks);
    }

    /** True when no check failed: pgclone's gate. */
    public boolean ready() {
        return checks.stream().noneMatch(c -> c.status() == CheckStatus.FAIL);
    }

    public List<String> errors() {
        return messages(CheckStatus.FAIL);
    }

    public List<String> warnings() {
        return messages(CheckStatus.WARN);
    }

    public List<String> info() {
        return messages(CheckStatus.INFO);
    }

    public Optional<CheckResult> result(Check check) {
        return checks.stream().filter(c -> c.check() == check).findFirst();
    }

    /** The warnings a clone job keeps (the others it reports itself when it acts on them). */
    public List<String> jobWarnings() {
        return checks.stream().filter(c -> c.status() == CheckStatus.WARN && c.check().jobWarning() && c.message() != null)
                .map(CheckResult::message).toList();
    }

    /**
     * Why a clone must not start, or empty when it may: every error in one sentence, with the code of the first
     * failed check, ending with {@code outcome} (what the caller left unchanged).
     */
    public Optional<FatalFailure> refusal(String outcome) {
        List<CheckResult> failed = checks.stream().filter(c -> c.status() == CheckStatus.FAIL).toList();
        if (failed.isEmpty()) {
            return Optional.empty();
        }
        String errors = String.join("; ", failed.stream().map(c -> c.message() != null ? c.message()
                : c.check().json() + " failed").toList());
        return Optional.of(new FatalFailure(failed.get(0).refusal(), errors + (outcome == null ? "" : ". " + outcome)));
    }

    /** pgclone's JSON document. */
    public ObjectNode toJson() {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("schema", schema);
        root.put("ready", ready());
        ObjectNode summary = root.putObject("summary");
        summary.put("errors", errors().size());
        summary.put("warnings", warnings().size());
        summary.put("info", info().size());
        summary.put("checks_run", checks.size());
        strings(root.putArray("errors"), errors());
        strings(root.putArray("warnings"), warnings());
        strings(root.putArray("info"), info());
        ObjectNode all = root.putObject("checks");
        for (CheckResult c : checks) {
            ObjectNode node = all.putObject(c.check().json());
            node.put("status", c.status().json());
            if (c.message() != null) {
                node.put("message", c.message());
            }
            c.details().forEach((key, value) -> node.set(key, Json.mapper().valueToTree(value)));
        }
        return root;
    }

    private List<String> messages(CheckStatus status) {
        return checks.stream().filter(c -> c.status() == status && c.message() != null).map(CheckResult::message).toList();
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
