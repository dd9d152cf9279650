package dev.pgclone.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Collection;
import java.util.Map;

/**
 * A record that cannot be read as the expected message type. The message deliberately omits the payload: it may
 * carry sealed connection material. It names the field at fault and never a Java class, so it can be shown to
 * whoever sent the record (a {@code job-rejected} event, a dead-letter header).
 */
public class MalformedMessageException extends RuntimeException {

    public MalformedMessageException(String type, JsonProcessingException cause) {
        super("not a valid " + type + " message: " + describe(cause), null, false, false);
    }

    public MalformedMessageException(String message) {
        super(message, null, false, false);
    }

    /**
     * One line saying what is wrong with a record, e.g. {@code field "scope": wrong type (expected an object)} or
     * {@code field "options": options.paralel: unknown option ...}: the field path, and the reason without class
     * names (a constructor's own message, such as a required field or an invalid option, is kept as it is).
     */
    public static String describe(JsonProcessingException e) {
        String what;
        if (e instanceof InvalidTypeIdException typeId) {
            what = typeId.getTypeId() == null ? "missing \"type\"" : "unknown type \"" + typeId.getTypeId() + "\"";
        } else if (e instanceof JsonMappingException && e.getCause() != null
                && !(e.getCause() instanceof JsonProcessingException)) {
            what = firstLine(e.getCause().getMessage() == null ? e.getCause().getClass().getSimpleName()
                    : e.getCause().getMessage());
        } else if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
            what = "text after the JSON value";
        } else if (e instanceof MismatchedInputException mismatch) {
            what = mismatch.getTargetType() == null ? "unexpected value"
                    : "wrong type (expected " + kind(mismatch.getTargetType()) + ")";
        } else if (e instanceof JsonMappingException) {
            what = "unexpected value";
        } else {
            // A syntax error: the parser's own words and the position.
            what = firstLine(e.getOriginalMessage()) + (e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        String path = e instanceof JsonMappingException m ? path(m) : "";
        return path.isEmpty() ? what : "field \"" + path + "\": " + what;
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String kind(Class<?> type) {
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || type.isInterface()) {
            return "an object";
        }
        return "another type";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return (newline > 0 ? message.substring(0, newline) : message).strip();
    }
}
