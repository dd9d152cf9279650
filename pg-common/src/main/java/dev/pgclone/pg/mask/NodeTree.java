package dev.pgclone.pg.mask;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader of PostgreSQL's stored node trees ({@code pg_node_tree} as text: {@code pg_rewrite.ev_action},
 * {@code pg_attrdef.adbin}, …), the format of the server's {@code outfuncs.c} read back as {@code read.c} reads it:
 * {@code {TYPE :field value …}} nodes, {@code (…)} lists, {@code <>} for NULL, other tokens as text with their
 * backslash escapes removed. Fields are found by name, so the reader does not depend on a major's field order or on
 * fields it does not ask for (14 to 18 read alike). Nothing is interpreted here; {@link MaskingViews} does that.
 */
final class NodeTree {

    /**
     * A node: its type ({@code QUERY}, {@code TARGETENTRY}, {@code VAR}, …) and fields. A field's value is a
     * {@link Node}, a {@link List}, a {@link String} or null ({@code <>}); a field written as several tokens (a
     * {@code Const}'s {@code :constvalue 4 [ 1 0 0 0 ]}) is the list of them.
     */
    record Node(String type, Map<String, Object> fields) {

        Object get(String field) {
            return fields.get(field);
        }

        Node node(String field) {
            return fields.get(field) instanceof Node n ? n : null;
        }

        List<?> list(String field) {
            return fields.get(field) instanceof List<?> l ? l : List.of();
        }

        String text(String field) {
            return fields.get(field) instanceof String s ? s : null;
        }

        /** A field as a number; {@code fallback} when absent or not one. */
        long number(String field, long fallback) {
            String s = text(field);
            if (s == null) {
                return fallback;
            }
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return fallback;
            }
        }

        boolean is(String nodeType) {
            return type.equals(nodeType);
        }
    }

    private final String text;
    private int pos;

    private NodeTree(String text) {
        this.text = text;
    }

    /**
     * Reads one value: a node, a list, or a token.
     *
     * @throws IllegalArgumentException when the text is not a node tree
     */
    static Object parse(String text) {
        NodeTree reader = new NodeTree(text);
        String first = reader.token();
        if (first == null) {
            throw new IllegalArgumentException("empty node tree");
        }
        return reader.value(first);
    }

    private Object value(String token) {
        return switch (token) {
            case "{" -> node();
            case "(" -> list();
            case "<>" -> null;
            default -> unescape(token);
        };
    }

    private Node node() {
        String type = token();
        if (type == null || type.equals("}")) {
            throw new IllegalArgumentException("a node without a type at " + pos);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        String token = token();
        while (token != null && !token.equals("}")) {
            if (!token.startsWith(":")) {
                throw new IllegalArgumentException("expected a field name at " + pos + ", found " + token);
            }
            String field = token.substring(1);
            String first = token();
            if (first == null || first.equals("}")) {
                throw new IllegalArgumentException("field " + field + " without a value at " + pos);
            }
            // the first token is the value even when it starts with ':' (a name may); more tokens until the next field
            List<Object> values = new ArrayList<>();
            values.add(value(first));
            token = token();
            while (token != null && !token.equals("}") && !token.startsWith(":")) {
                values.add(value(token));
                token = token();
            }
            fields.put(field, values.size() == 1 ? values.get(0) : Collections.unmodifiableList(values));
        }
        if (token == null) {
            throw new IllegalArgumentException("unterminated node " + type);
        }
        return new Node(type, Collections.unmodifiableMap(fields));
    }

    private List<Object> list() {
        List<Object> items = new ArrayList<>();
        String token = token();
        while (token != null && !token.equals(")")) {
            items.add(value(token));
            token = token();
        }
        if (token == null) {
            throw new IllegalArgumentException("unterminated list");
        }
        return Collections.unmodifiableList(items);
    }

    /** The next token as read.c's pg_strtok cuts it (escapes kept), or null at the end. */
    private String token() {
        while (pos < text.length() && isSpace(text.charAt(pos))) {
            pos++;
        }
        if (pos >= text.length()) {
            return null;
        }
        int start = pos;
        char c = text.charAt(pos);
        if (isBracket(c)) {
            pos++;
            return String.valueOf(c);
        }
        while (pos < text.length() && !isSpace(text.charAt(pos)) && !isBracket(text.charAt(pos))) {
            pos += text.charAt(pos) == '\\' && pos + 1 < text.length() ? 2 : 1;
        }
        return text.substring(start, pos);
    }

    /** A token's text: {@code ""} is the empty string, a backslash keeps the next character as it is. */
    private static String unescape(String token) {
        if (token.equals("\"\"")) {
            return "";
        }
        if (token.indexOf('\\') < 0) {
            return token;
        }
        StringBuilder out = new StringBuilder(token.length());
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '\\' && i + 1 < token.length()) {
                c = token.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\n' || c == '\t';
    }

    private static boolean isBracket(char c) {
        return c == '(' || c == ')' || c == '{' || c == '}';
    }
}
