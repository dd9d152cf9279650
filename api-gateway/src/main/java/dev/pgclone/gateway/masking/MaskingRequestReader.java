package dev.pgclone.gateway.masking;

import static dev.pgclone.gateway.request.RequestBody.conninfo;
import static dev.pgclone.gateway.request.RequestBody.identifier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.job.MaskingRequest;
import dev.pgclone.contracts.mask.ColumnMasks;
import dev.pgclone.contracts.mask.MaskStrategy;
import dev.pgclone.contracts.options.InvalidOptionException;
import dev.pgclone.gateway.problem.ApiException;
import dev.pgclone.gateway.request.RequestBody;
import java.util.List;

/**
 * Reads masking request bodies strictly, like clone requests: an unknown, missing or mistyped field, a mask pgclone
 * would not parse or an unusable conninfo is a 400 naming the field (never repeating a value).
 */
public final class MaskingRequestReader {

    /** A validated masking request; the target still holds its secrets (sealed before it leaves the gateway). */
    public record Submission(String kind, Conninfo target, MaskingRequest request) {
    }

    private MaskingRequestReader() {
    }

    /** {@code {target, schema, table, mask}} */
    public static Submission inPlace(String body) {
        JsonNode root = RequestBody.object(body);
        RequestBody.allow(root, List.of("target", "schema", "table", "mask"));
        return new Submission("mask-in-place", conninfo(root, "target"), new MaskingRequest(identifier(root, "schema"),
                identifier(root, "table"), mask(root), null));
    }

    /** {@code {target, schema, table, mask, privilegedRole}}; {@code keyed_hash} is refused. */
    public static Submission createPolicy(String body) {
        JsonNode root = RequestBody.object(body);
        RequestBody.allow(root, List.of("target", "schema", "table", "mask", "privilegedRole"));
        ColumnMasks mask = mask(root);
        mask.columns().forEach((column, rule) -> {
            if (rule.strategy() == MaskStrategy.KEYED_HASH) {
                throw ApiException.invalid("mask." + column, "mask." + column + ": keyed_hash cannot be used in a "
                        + "masking view (the deployment key would have to be in the database); use hash, or mask in "
                        + "place or at clone time");
            }
        });
        return new Submission("create-masking-policy", conninfo(root, "target"), new MaskingRequest(
                identifier(root, "schema"), identifier(root, "table"), mask, identifier(root, "privilegedRole")));
    }

    /** {@code {target, schema, table}} */
    public static Submission dropPolicy(String body) {
        JsonNode root = RequestBody.object(body);
        RequestBody.allow(root, List.of("target", "schema", "table"));
        return new Submission("drop-masking-policy", conninfo(root, "target"), new MaskingRequest(
                identifier(root, "schema"), identifier(root, "table"), null, null));
    }

    private static ColumnMasks mask(JsonNode root) {
        JsonNode node = root.get("mask");
        if (node == null || node.isNull()) {
            throw ApiException.invalid("mask", "field \"mask\" is required: {\"column\": strategy}");
        }
        try {
            return ColumnMasks.parse(node, "mask");
        } catch (InvalidOptionException e) {
            throw ApiException.invalid(e.field(), e.getMessage());
        }
    }
}
