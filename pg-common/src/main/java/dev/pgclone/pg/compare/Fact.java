package dev.pgclone.pg.compare;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One comparable fact of a schema snapshot: an object (or a property of one) and the attributes that must agree.
 * Attribute values are {@code String}, {@code Boolean}, {@code Long}, {@code List<String>} or null, so two facts
 * compare with {@code equals} and render as JSON as they are.
 *
 * @param scope                 the table or type the object belongs to (columns, constraints, triggers, policies), else null
 * @param name                  the object's name within its scope
 * @param subject               for a property, the object it belongs to; null for an object
 * @param attributes            what must agree, in a stable order
 * @param crossFamilyAttributes what is compared instead when the two servers deparse SQL bodies differently (see
 *                              {@link SchemaDiff}); null when the same attributes hold across majors
 */
public record Fact(String scope, String name, ObjectKey subject, Map<String, Object> attributes,
                   Map<String, Object> crossFamilyAttributes) {

    public Fact {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        crossFamilyAttributes = crossFamilyAttributes == null ? null
                : Collections.unmodifiableMap(new LinkedHashMap<>(crossFamilyAttributes));
    }

    public static Fact object(String scope, String name, Map<String, Object> attributes) {
        return new Fact(scope, name, null, attributes, null);
    }

    public static Fact property(String scope, String name, ObjectKey subject, Map<String, Object> attributes) {
        return new Fact(scope, name, subject, attributes, null);
    }

    /** {@code orders.orders_pkey} for a scoped object, else its name. */
    public String displayName() {
        return scope == null ? name : scope + "." + name;
    }

    /** The attributes compared between servers of the same deparse family, or of different ones. */
    public Map<String, Object> attributes(boolean crossFamily) {
        return crossFamily && crossFamilyAttributes != null ? crossFamilyAttributes : attributes;
    }
}
