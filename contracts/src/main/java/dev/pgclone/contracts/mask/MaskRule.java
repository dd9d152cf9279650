package dev.pgclone.contracts.mask;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgclone.contracts.options.InvalidOptionException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One column's mask, in pgclone's JSON: a strategy name ({@code "email"}) or an object with {@code type} and the
 * strategy's parameters ({@code {"type": "partial", "prefix": 2, "suffix": 3}}). Parsing is strict: an unknown
 * strategy or parameter, a missing or mistyped parameter is an error naming it. Written back in the same shape, so a
 * rule travels on Kafka as the user wrote it; it never holds a key ({@code keyed_hash} uses the deployment's).
 *
 * @param strategy the strategy
 * @param prefix   {@code partial}: characters kept at the start
 * @param suffix   {@code partial}: characters kept at the end
 * @param min      {@code random_int}: lowest value (inclusive)
 * @param max      {@code random_int}: highest value (inclusive)
 * @param value    {@code constant}: the value, as text the column's type accepts
 * @param length   {@code keyed_hash}: hex characters kept (1-64), null for all 64
 */
public record MaskRule(MaskStrategy strategy, Integer prefix, Integer suffix, Long min, Long max, String value,
                       Integer length) {

    /** pgclone's range when {@code random_int} names none. */
    public static final long DEFAULT_MIN = 0;
    public static final long DEFAULT_MAX = 99_999;
    /** A partial mask keeping more than this much is not a mask. */
    public static final int MAX_KEPT = 1_000;

    private static final Map<MaskStrategy, Set<String>> PARAMETERS = Map.of(
            MaskStrategy.PARTIAL, Set.of("prefix", "suffix"),
            MaskStrategy.RANDOM_INT, Set.of("min", "max"),
            MaskStrategy.CONSTANT, Set.of("value"),
            MaskStrategy.KEYED_HASH, Set.of("length"));

    public MaskRule {
        if (strategy == null) {
            throw new IllegalArgumentException("a mask needs a strategy");
        }
    }

    public static MaskRule of(MaskStrategy strategy) {
        return new MaskRule(strategy, null, null, null, null, null, null);
    }

    public static MaskRule partial(int prefix, int suffix) {
        return new MaskRule(MaskStrategy.PARTIAL, prefix, suffix, null, null, null, null);
    }

    public static MaskRule randomInt(long min, long max) {
        return new MaskRule(MaskStrategy.RANDOM_INT, null, null, min, max, null, null);
    }

    public static MaskRule constant(String value) {
        return new MaskRule(MaskStrategy.CONSTANT, null, null, null, null, value, null);
    }

    public static MaskRule keyedHash(Integer length) {
        return new MaskRule(MaskStrategy.KEYED_HASH, null, null, null, null, null, length);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static MaskRule fromJson(JsonNode node) {
        return parse(node, "mask");
    }

    /**
     * Reads one rule; {@code field} names it in errors ({@code mask.email}, {@code masks.hr.employees.ssn}).
     *
     * @throws InvalidOptionException naming the field and what is wrong
     */
    public static MaskRule parse(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            throw new InvalidOptionException(field, "must be a strategy name or an object with \"type\" (strategies: "
                    + MaskStrategy.known() + ")");
        }
        if (node.isTextual()) {
            MaskStrategy strategy = strategy(node.textValue(), field);
            return switch (strategy) {
                case PARTIAL -> throw new InvalidOptionException(field,
                        "\"partial\" needs its parameters: {\"type\": \"partial\", \"prefix\": 2, \"suffix\": 3}");
                case CONSTANT -> throw new InvalidOptionException(field,
                        "\"constant\" needs its value: {\"type\": \"constant\", \"value\": \"REDACTED\"}");
                case RANDOM_INT -> randomInt(DEFAULT_MIN, DEFAULT_MAX);
                default -> of(strategy);
            };
        }
        if (!node.isObject()) {
            throw new InvalidOptionException(field, "must be a strategy name or an object with \"type\"");
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            throw new InvalidOptionException(field + ".type", "is required: one of " + MaskStrategy.known());
        }
        MaskStrategy strategy = strategy(type.textValue(), field + ".type");
        Set<String> allowed = PARAMETERS.getOrDefault(strategy, Set.of());
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("type") && !allowed.contains(key)) {
                throw new InvalidOptionException(field + "." + key, "is not a parameter of \"" + strategy.json() + "\""
                        + (allowed.isEmpty() ? " (it takes none)" : " (it takes " + String.join(", ",
                        allowed.stream().sorted().toList()) + ")"));
            }
        }
        return switch (strategy) {
            case PARTIAL -> {
                int prefix = kept(node, "prefix", field);
                int suffix = kept(node, "suffix", field);
                yield partial(prefix, suffix);
            }
            case RANDOM_INT -> {
                boolean hasMin = node.hasNonNull("min");
                boolean hasMax = node.hasNonNull("max");
                if (hasMin != hasMax) {
                    throw new InvalidOptionException(field + (hasMin ? ".max" : ".min"),
                            "is required with " + (hasMin ? "\"min\"" : "\"max\"") + " (or give neither for 0-99999)");
                }
                long min = hasMin ? integer(node.get("min"), field + ".min") : DEFAULT_MIN;
                long max = hasMax ? integer(node.get("max"), field + ".max") : DEFAULT_MAX;
                if (min > max) {
                    throw new InvalidOptionException(field + ".min", "must not be greater than \"max\"");
                }
                yield randomInt(min, max);
            }
            case CONSTANT -> {
                JsonNode v = node.get("value");
                if (v == null || v.isNull()) {
                    throw new InvalidOptionException(field + ".value", "is required (the text put in every row; "
                            + "use the \"null\" strategy for NULL)");
                }
                if (!v.isValueNode()) {
                    throw new InvalidOptionException(field + ".value", "must be a string, a number or a boolean");
                }
                String text = v.asText();
                if (text.indexOf('\0') >= 0) {
                    throw new InvalidOptionException(field + ".value", "must not contain NUL characters");
                }
                yield constant(text);
            }
            case KEYED_HASH -> {
                JsonNode l = node.get("length");
                if (l == null || l.isNull()) {
                    yield keyedHash(null);
                }
                long length = integer(l, field + ".length");
                if (length < 1 || length > 64) {
                    throw new InvalidOptionException(field + ".length", "must be between 1 and 64 (hex characters)");
                }
                yield keyedHash((int) length);
            }
            default -> of(strategy);
        };
    }

    /** pgclone's shape: the name alone when the rule has no parameters. */
    @JsonValue
    public JsonNode toJson() {
        Map<String, Object> params = parameters();
        if (params.isEmpty() && strategy != MaskStrategy.RANDOM_INT) {
            return JsonNodeFactory.instance.textNode(strategy.json());
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("type", strategy.json());
        params.forEach((k, v) -> {
            if (v instanceof Integer i) {
                node.put(k, i);
            } else if (v instanceof Long l) {
                node.put(k, l);
            } else {
                node.put(k, String.valueOf(v));
            }
        });
        return node;
    }

    /** The rule's parameters, for evidence and messages (never a key: a rule holds none). */
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        switch (strategy) {
            case PARTIAL -> {
                p.put("prefix", prefix);
                p.put("suffix", suffix);
            }
            case RANDOM_INT -> {
                p.put("min", min);
                p.put("max", max);
            }
            case CONSTANT -> p.put("value", value);
            case KEYED_HASH -> {
                if (length != null) {
                    p.put("length", length);
                }
            }
            default -> {
            }
        }
        return p;
    }

    /** Both give the same output for the same input: equal keys stay equal across a foreign key. */
    public boolean sameDeterministicAs(MaskRule other) {
        return other != null && strategy.deterministic() && equals(other);
    }

    @Override
    public String toString() {
        return toJson().toString();
    }

    private static MaskStrategy strategy(String name, String field) {
        return MaskStrategy.of(name).orElseThrow(() -> new InvalidOptionException(field,
                "unknown mask strategy \"" + name + "\" (strategies: " + MaskStrategy.known() + ")"));
    }

    private static int kept(JsonNode node, String key, String field) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw new InvalidOptionException(field + "." + key, "is required (characters kept, 0 or more)");
        }
        long n = integer(v, field + "." + key);
        if (n < 0 || n > MAX_KEPT) {
            throw new InvalidOptionException(field + "." + key, "must be between 0 and " + MAX_KEPT);
        }
        return (int) n;
    }

    private static long integer(JsonNode v, String field) {
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new InvalidOptionException(field, "must be an integer");
        }
        return v.longValue();
    }
}
