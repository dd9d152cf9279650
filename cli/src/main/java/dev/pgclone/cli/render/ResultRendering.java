package dev.pgclone.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * How one kind's result reads on a screen, from pgclone's documented shape (extra keys tolerated): the lines to
 * print and whether the answer is the good one (in sync, ready, matching, nothing found), which makes the exit code.
 */
public interface ResultRendering {

    List<String> lines(JsonNode result);

    boolean good(JsonNode result);

    /** The rendering of a kind by its name; kinds this CLI does not know are shown as indented JSON. */
    static ResultRendering of(String kind) {
        return switch (kind == null ? "" : kind) {
            case "diff" -> new DiffRendering();
            case "preflight" -> new PreflightRendering();
            case "verify" -> new VerifyRendering();
            case "discover-sensitive" -> new DiscoveryRendering();
            case "masking-report" -> new MaskingReportRendering();
            default -> new ResultRendering() {
                public List<String> lines(JsonNode result) {
                    return List.of(result.toPrettyString().split("\n"));
                }

                public boolean good(JsonNode result) {
                    return true;
                }
            };
        };
    }

    /** A JSON value as a short text: strings as they are, null as empty, anything else compact JSON. */
    static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** What names an item of a list: itself when text, else its {@code name} (or table, signature...). */
    static String name(JsonNode item) {
        if (item == null || item.isNull()) {
            return "";
        }
        if (!item.isObject()) {
            return text(item);
        }
        for (String key : List.of("name", "signature", "table", "object", "label")) {
            if (item.path(key).isValueNode() && !item.path(key).isNull()) {
                return item.get(key).asText();
            }
        }
        return item.toString();
    }
}
