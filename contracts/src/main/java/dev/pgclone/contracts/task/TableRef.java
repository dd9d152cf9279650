package dev.pgclone.contracts.task;

/** A schema-qualified table name, unquoted (quoting happens where SQL is rendered). */
public record TableRef(String schema, String name) {

    @Override
    public String toString() {
        return schema + "." + name;
    }
}
