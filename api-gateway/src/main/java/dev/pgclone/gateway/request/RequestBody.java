package dev.pgclone.gateway.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.connection.InvalidConninfoException;
import dev.pgclone.gateway.problem.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Strict reading of a JSON request body, shared by clone and report requests: malformed JSON, a missing or mistyped
 * field, an unknown field, an unusable name or an unparseable conninfo is a 400 naming the field. Error messages
 * never repeat a value from the body (it may hold a password).
 */
public final class RequestBody {

    /** PostgreSQL truncates longer identifiers silently; pgclone refuses them instead. */
    private static final int MAX_IDENTIFIER_BYTES = 63;

    private RequestBody() {
    }

    /** The body as a JSON object. */
    public static JsonNode object(String body) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            // Only the position: Jackson's message can quote a token of the body, which may be a secret.
            var at = e.getLocation();
            throw ApiException.invalid(null, "the request body is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw ApiException.invalid(null, "the request body must be a JSON object");
        }
        requireWellFormedText(root, "");
        return root;
    }

    /**
     * Every name and string in the body is well-formed Unicode: a lone surrogate ({@code "\ud800"}) would reach
     * PostgreSQL as {@code ?} and name something else.
     */
    private static void requireWellFormedText(JsonNode node, String path) {
        if (node.isTextual() && !wellFormed(node.textValue())) {
            throw ApiException.invalid(path, "field \"" + path + "\" is not valid Unicode text (a lone surrogate)");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var field = it.next();
            String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (!wellFormed(field.getKey())) {
                throw ApiException.invalid(null, "a field name is not valid Unicode text (a lone surrogate)");
            }
            requireWellFormedText(field.getValue(), at);
        }
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            requireWellFormedText(node.get(i), path + "[" + i + "]");
        }
    }

    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Refuses the first field that is not {@code allowed}, listing those that are. */
    public static void allow(JsonNode root, Collection<String> allowed) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw ApiException.invalid(field, "unknown field \"" + field + "\" (allowed: " + String.join(", ", allowed) + ")");
            }
        }
    }

    /** A required name (schema, table, ...) PostgreSQL keeps as given. */
    public static String identifier(JsonNode root, String field) {
        String value = optionalIdentifier(root, field);
        if (value == null) {
            throw ApiException.invalid(field, "field \"" + field + "\" is required");
        }
        return value;
    }

    /** A name that may be left out (null). */
    public static String optionalIdentifier(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiException.invalid(field, "field \"" + field + "\" must be a string");
        }
        String value = node.textValue();
        if (value.isEmpty()) {
            throw ApiException.invalid(field, "field \"" + field + "\" must not be empty");
        }
        if (value.indexOf('\0') >= 0) {
            throw ApiException.invalid(field, "field \"" + field + "\" must not contain NUL characters");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
            throw ApiException.invalid(field, "field \"" + field + "\" is longer than " + MAX_IDENTIFIER_BYTES
                    + " bytes, PostgreSQL's limit for names");
        }
        return value;
    }

    /** A required libpq conninfo or URI, with a user. */
    public static Conninfo conninfo(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw ApiException.invalid(field, "field \"" + field + "\" is required (a libpq conninfo or postgresql:// URI)");
        }
        if (!node.isTextual()) {
            throw ApiException.invalid(field, "field \"" + field + "\" must be a string");
        }
        try {
            Conninfo conninfo = Conninfo.parse(node.textValue());
            if (conninfo.user().isEmpty()) {
                throw new InvalidConninfoException("names no user (add user=...)");
            }
            return conninfo;
        } catch (InvalidConninfoException e) {
            throw ApiException.invalid(field, "field \"" + field + "\" is not a usable conninfo: " + e.getMessage());
        }
    }

    /** A boolean that defaults to {@code fallback}. */
    public static boolean bool(JsonNode root, String field, boolean fallback) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw ApiException.invalid(field, "field \"" + field + "\" must be true or false");
        }
        return node.booleanValue();
    }
}
