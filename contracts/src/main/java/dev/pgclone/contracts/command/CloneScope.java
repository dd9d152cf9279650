package dev.pgclone.contracts.command;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

/** What a clone covers; mirrors pgclone's functions (table, schema, database, database_create, functions). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(CloneScope.Table.class),
    @JsonSubTypes.Type(CloneScope.Schema.class),
    @JsonSubTypes.Type(CloneScope.Database.class),
    @JsonSubTypes.Type(CloneScope.DatabaseCreate.class),
    @JsonSubTypes.Type(CloneScope.Functions.class)
})
public sealed interface CloneScope {

    /** The kind as shown in job listings ({@code table}, {@code schema}, …). */
    String kind();

    /** pgclone.table(): one table, optionally under another name. */
    @JsonTypeName("table")
    record Table(String schema, String table, String targetName) implements CloneScope {
        public String kind() {
            return "table";
        }

        /** The name the table gets on the target. */
        public String effectiveTargetName() {
            return targetName == null || targetName.isEmpty() ? table : targetName;
        }
    }

    /** pgclone.schema(): every object of one schema. */
    @JsonTypeName("schema")
    record Schema(String schema) implements CloneScope {
        public String kind() {
            return "schema";
        }
    }

    /** pgclone.database(): every non-system schema of the source into the target database. */
    @JsonTypeName("database")
    record Database() implements CloneScope {
        public String kind() {
            return "database";
        }
    }

    /** pgclone.database_create(): like database, into a database created on the target cluster when missing. */
    @JsonTypeName("database-create")
    record DatabaseCreate(String targetDatabase) implements CloneScope {

        /** Letters, digits, space, {@code _ - .}; at most 63 bytes; not a template database. */
        private static final java.util.regex.Pattern NAME =
                java.util.regex.Pattern.compile("[\\p{L}\\p{N}_][\\p{L}\\p{N}_ .-]*");

        public String kind() {
            return "database-create";
        }

        /** Why the name cannot be used, or null when it can. */
        public static String invalidName(String name) {
            if (name == null || name.isEmpty()) {
                return "must not be empty";
            }
            if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 63) {
                return "is longer than 63 bytes, PostgreSQL's limit for names";
            }
            if (!NAME.matcher(name).matches() || name.endsWith(" ")) {
                return "may only contain letters, digits, spaces, '_', '-' and '.', and must start with a letter, digit or '_'";
            }
            if (name.equals("template0") || name.equals("template1")) {
                return "must not be a template database";
            }
            return null;
        }
    }

    /** pgclone.functions(): only the functions, procedures and aggregates of one schema. */
    @JsonTypeName("functions")
    record Functions(String schema) implements CloneScope {
        public String kind() {
            return "functions";
        }
    }
}
