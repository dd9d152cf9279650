package dev.pgclone.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgclone.cli.CliException;
import dev.pgclone.cli.gateway.GatewayClient;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.connection.InvalidConninfoException;
import dev.pgclone.contracts.options.CloneOptions;
import dev.pgclone.contracts.options.InvalidOptionException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code pgclone clone KIND ...}: one subcommand per kind of clone, mirroring the gateway's endpoints. */
@Command(name = "clone", description = "Start a clone (table, schema, database, database-create or functions).",
        subcommands = {CloneCommand.Table.class, CloneCommand.Schema.class, CloneCommand.Database.class,
            CloneCommand.DatabaseCreate.class, CloneCommand.Functions.class})
public class CloneCommand implements Callable<Integer> {

    @ParentCommand
    PgcloneCommand top;

    @Override
    public Integer call() {
        throw CliException.usage("clone needs a kind: table, schema, database, database-create or functions"
                + " (see pgclone clone --help)");
    }

    /** What every kind takes: connections, data or not, options, and how to follow the job. */
    abstract static class Kind implements Callable<Integer> {

        @ParentCommand
        CloneCommand clone;

        @Option(names = "--source", paramLabel = "CONNINFO", order = 1,
                description = "Source connection: libpq conninfo or postgresql:// URI (default: $PGCLONE_SOURCE).")
        String source;

        @Option(names = "--target", paramLabel = "CONNINFO", order = 2,
                description = "Target connection (default: $PGCLONE_TARGET).")
        String target;

        @Option(names = "--no-data", order = 20, description = "Create the structure only, copy no rows.")
        boolean noData;

        @Option(names = "--options", paramLabel = "JSON", order = 21,
                description = "Clone options as a JSON object, e.g. '{\"parallel\": 4, \"conflict\": \"replace\"}'."
                        + " Keys: indexes, constraints, triggers, matviews, columns, where, conflict, parallel,"
                        + " consistent, snapshot_id, tables, exclude_tables, lock_wait_timeout, mask, masks,"
                        + " on_mask_error.")
        String options;

        @Option(names = "--mask", paramLabel = "JSON|@FILE", order = 24,
                description = "Table clones: masks by column, e.g. '{\"email\": \"email\", \"ssn\": \"null\"}',"
                        + " or @file holding it (the options' \"mask\").")
        String mask;

        @Option(names = "--masks", paramLabel = "JSON|@FILE", order = 25,
                description = "Schema and database clones: masks by table, '{\"users\": {\"email\": \"email\"}}',"
                        + " or @file holding it; a discover-sensitive result file can be passed as it is"
                        + " (the options' \"masks\").")
        String masks;

        @Option(names = "--wait", paramLabel = "DURATION", order = 22,
                description = "Wait up to DURATION (30s, 10m, 2h) for the job to end; exit code tells how it ended.")
        String waitText;

        @Option(names = "--watch", order = 23,
                description = "Follow the job with a live progress line until it ends, then print its summary.")
        boolean watch;

        /** The gateway path segment. */
        abstract String kind();

        /** Adds this kind's fields to the request body. */
        abstract void addFields(ObjectNode body);

        @Override
        public Integer call() {
            PgcloneCommand top = clone.top;
            if (watch && waitText != null) {
                throw CliException.usage("use either --wait or --watch, not both");
            }
            Duration wait = PgcloneCommand.waitOption(waitText);
            ObjectNode body = Json.mapper().createObjectNode();
            body.put("source", conninfo("--source", source, "PGCLONE_SOURCE", top));
            body.put("target", conninfo("--target", target, "PGCLONE_TARGET", top));
            addFields(body);
            body.put("includeData", !noData);
            ObjectNode opts = options != null ? (ObjectNode) parseOptions(options) : null;
            if (mask != null || masks != null) {
                opts = withMasks(opts == null ? Json.mapper().createObjectNode() : opts, kind(), mask, masks,
                        top.env());
            }
            if (opts != null) {
                body.set("options", opts);
            }
            GatewayClient client = top.client();
            long started = System.nanoTime();
            Duration firstWait = wait == null ? null : min(wait, Duration.ofMinutes(5));
            JsonNode answer = client.submit(kind(), body, firstWait);
            if (watch) {
                if (!top.json()) {
                    top.terminal().out().println("job " + GatewayClient.toJob(answer).id() + " submitted");
                }
                answer = top.watcher(client).watch(answer);
            } else if (wait != null) {
                Duration left = wait.minus(Duration.ofNanos(System.nanoTime() - started));
                if (!left.isNegative() && !left.isZero()) {
                    answer = client.awaitEnd(answer, left);
                }
            }
            return top.finish(answer, watch || wait != null);
        }

        static String required(String option, String value) {
            if (value == null || value.isEmpty()) {
                throw CliException.usage("missing " + option);
            }
            return value;
        }

        private static Duration min(Duration a, Duration b) {
            return a.compareTo(b) <= 0 ? a : b;
        }
    }

    /**
     * The conninfo from the option or the environment, checked locally so a typo fails fast; never echoed (the
     * parser's messages name keywords, not values).
     */
    static String conninfo(String option, String value, String envName, PgcloneCommand top) {
        String text = value != null ? value : top.env().get(envName);
        if (text == null || text.isBlank()) {
            throw CliException.usage(option + " is required (or set " + envName + ")");
        }
        try {
            Conninfo.parse(text);
        } catch (InvalidConninfoException e) {
            throw CliException.usage(option + " is not a usable conninfo: " + e.getMessage());
        }
        return text;
    }

    /**
     * --mask / --masks added to the options (which must not name them too), checked as the services check them,
     * scope included: a mask that would be refused is refused here, before anything is sent.
     */
    static ObjectNode withMasks(ObjectNode options, String kind, String mask, String masks,
                                java.util.Map<String, String> env) {
        for (String[] o : new String[][] {{"--mask", "mask", mask}, {"--masks", "masks", masks}}) {
            if (o[2] == null) {
                continue;
            }
            if (options.has(o[1])) {
                throw CliException.usage(o[0] + " and --options \"" + o[1] + "\" both give masks: use one");
            }
            options.set(o[1], maskJson(o[0], o[2]));
        }
        try {
            CloneOptions.fromJson(options).requireMaskScope(kind);
        } catch (InvalidOptionException e) {
            throw CliException.usage(e.field().equals("mask") || e.field().equals("masks")
                    ? "--" + e.getMessage() : "--options: " + e.getMessage());
        }
        return options;
    }

    /**
     * JSON given inline or as {@code @file}. A saved discover-sensitive report (the whole report, {@code result}
     * inside) is read as its result, which is a masks map as it is.
     */
    static JsonNode maskJson(String option, String value) {
        String text = value;
        String from = "";
        if (value.startsWith("@")) {
            java.nio.file.Path file = java.nio.file.Path.of(value.substring(1));
            try {
                text = java.nio.file.Files.readString(file);
            } catch (java.io.IOException e) {
                throw CliException.usage(option + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            }
            from = " (" + file + ")";
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw CliException.usage(option + " is not valid JSON" + from
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (node != null && node.isObject() && node.path("kind").asText().equals("discover-sensitive")
                && node.path("result").isObject()) {
            node = node.get("result");
        }
        if (node == null || !node.isObject()) {
            throw CliException.usage(option + " must be a JSON object" + from);
        }
        return node;
    }

    /** --options: a JSON object, checked with the same strict rules the services apply. */
    static JsonNode parseOptions(String text) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw CliException.usage("--options is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (node == null || !node.isObject()) {
            throw CliException.usage("--options must be a JSON object such as '{\"parallel\": 4}'");
        }
        try {
            CloneOptions.fromJson(node);
        } catch (InvalidOptionException e) {
            throw CliException.usage("--options: " + e.getMessage());
        }
        return node;
    }

    @Command(name = "table", sortOptions = false,
            description = "Clone one table (structure, data, indexes, constraints), optionally under another name.")
    static final class Table extends Kind {
        @Option(names = "--schema", paramLabel = "SCHEMA", order = 3, defaultValue = "public",
                description = "Schema of the table (default: ${DEFAULT-VALUE}).")
        String schema;

        @Option(names = "--table", paramLabel = "TABLE", order = 4, required = true, description = "Table to clone.")
        String table;

        @Option(names = "--target-name", paramLabel = "NAME", order = 5,
                description = "Name of the table on the target (default: the same name).")
        String targetName;

        String kind() {
            return "table";
        }

        void addFields(ObjectNode body) {
            body.put("schema", required("--schema", schema));
            body.put("table", required("--table", table));
            if (targetName != null) {
                body.put("targetName", targetName);
            }
        }
    }

    @Command(name = "schema", sortOptions = false,
            description = "Clone every object of one schema.")
    static final class Schema extends Kind {
        @Option(names = "--schema", paramLabel = "SCHEMA", order = 3, required = true, description = "Schema to clone.")
        String schema;

        String kind() {
            return "schema";
        }

        void addFields(ObjectNode body) {
            body.put("schema", required("--schema", schema));
        }
    }

    @Command(name = "database", sortOptions = false,
            description = "Clone every non-system schema of the source database into the target database.")
    static final class Database extends Kind {
        String kind() {
            return "database";
        }

        void addFields(ObjectNode body) {
        }
    }

    @Command(name = "database-create", sortOptions = false,
            description = "Like database, into a database created on the target cluster when missing.")
    static final class DatabaseCreate extends Kind {
        @Option(names = "--target-database", paramLabel = "NAME", order = 3, required = true,
                description = "Database to create on the target cluster.")
        String targetDatabase;

        String kind() {
            return "database-create";
        }

        void addFields(ObjectNode body) {
            body.put("targetDatabase", required("--target-database", targetDatabase));
        }
    }

    @Command(name = "functions", sortOptions = false,
            description = "Clone only the functions, procedures and aggregates of one schema.")
    static final class Functions extends Kind {
        @Option(names = "--schema", paramLabel = "SCHEMA", order = 3, required = true,
                description = "Schema whose functions to clone.")
        String schema;

        String kind() {
            return "functions";
        }

        void addFields(ObjectNode body) {
            body.put("schema", required("--schema", schema));
        }
    }
}
