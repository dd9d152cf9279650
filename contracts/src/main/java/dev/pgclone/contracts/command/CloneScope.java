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
        public String kind() {
            return "database-create";
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
