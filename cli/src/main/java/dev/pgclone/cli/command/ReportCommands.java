package dev.pgclone.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgclone.cli.CliException;
import dev.pgclone.cli.gateway.GatewayClient;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.report.ReportParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pgclone diff | preflight | verify | discover-sensitive | masking-report}: one command per report kind, mirroring
 * {@code POST /api/v1/reports/{kind}}. They wait for the report by default (a report is usually quick) and print it
 * as a table; {@code --json} prints the raw result. Exit code 0 when in sync / ready / matching / nothing found, 1
 * when not (or when the report FAILED).
 */
public final class ReportCommands {

    private ReportCommands() {
    }

    /** What every kind takes: how long to wait. */
    abstract static class Kind implements Callable<Integer> {

        @ParentCommand
        PgcloneCommand top;

        @Option(names = "--wait", paramLabel = "DURATION", order = 20,
                description = "Wait at most DURATION (30s, 10m) for the report (default: until it ends).")
        String waitText;

        @Option(names = "--no-wait", order = 21,
                description = "Do not wait: print the report id (follow it with pgclone report ID --wait).")
        boolean noWait;

        /** The gateway path segment. */
        abstract String kind();

        /** Adds this kind's connections and fields (schema) and parameters to the request. */
        abstract void addFields(ObjectNode body, ObjectNode parameters);

        @Override
        public Integer call() {
            if (noWait && waitText != null) {
                throw CliException.usage("use either --wait or --no-wait, not both");
            }
            Duration limit = PgcloneCommand.waitOption(waitText);
            ObjectNode body = Json.mapper().createObjectNode();
            ObjectNode parameters = Json.mapper().createObjectNode();
            addFields(body, parameters);
            if (!parameters.isEmpty()) {
                body.set("parameters", parameters);
            }
            GatewayClient client = top.client();
            if (noWait) {
                return top.reportFinish(client.requestReport(kind(), body, null), false);
            }
            ReportFollower follower = top.reportFollower(client);
            long started = System.nanoTime();
            JsonNode answer = client.requestReport(kind(), body, follower.step(limit, started));
            return top.reportFinish(follower.follow(answer, limit, started), true);
        }
    }

    /** Kinds that read the source. */
    abstract static class SourceSided extends Kind {

        @Option(names = "--source", paramLabel = "CONNINFO", order = 1,
                description = "Source connection: libpq conninfo or postgresql:// URI (default: $PGCLONE_SOURCE).")
        String source;

        @Override
        void addFields(ObjectNode body, ObjectNode parameters) {
            body.put("source", CloneCommand.conninfo("--source", source, "PGCLONE_SOURCE", top));
        }
    }

    /** Kinds that compare or check a target too. */
    abstract static class TwoSided extends SourceSided {

        @Option(names = "--target", paramLabel = "CONNINFO", order = 2,
                description = "Target connection (default: $PGCLONE_TARGET).")
        String target;

        @Override
        void addFields(ObjectNode body, ObjectNode parameters) {
            super.addFields(body, parameters);
            body.put("target", CloneCommand.conninfo("--target", target, "PGCLONE_TARGET", top));
        }
    }

    @Command(name = "diff", sortOptions = false,
            description = "Schema drift between the source and the target (pgclone diff): tables, columns, indexes,"
                    + " constraints, triggers, views, sequences and more. Exit 0 when in sync, 1 when not.")
    static final class Diff extends TwoSided {
        @Option(names = "--schema", paramLabel = "SCHEMA", order = 3, required = true, description = "Schema to compare.")
        String schema;

        String kind() {
            return "diff";
        }

        @Override
        void addFields(ObjectNode body, ObjectNode parameters) {
            super.addFields(body, parameters);
            body.put("schema", schema);
        }
    }

    @Command(name = "preflight", sortOptions = false,
            description = "Whether a clone of the schema is likely to succeed, before it runs (pgclone preflight):"
                    + " connections, versions, privileges, sizes, conflicts, extensions, roles. Exit 0 when ready,"
                    + " 1 when not.")
    static final class Preflight extends TwoSided {
        @Option(names = "--schema", paramLabel = "SCHEMA", order = 3, required = true, description = "Schema to clone.")
        String schema;

        @Option(names = "--options", paramLabel = "JSON|@FILE", order = 4,
                description = "The clone options the clone would use, as JSON or @file, e.g. '{\"conflict\": \"skip\"}'.")
        String options;

        String kind() {
            return "preflight";
        }

        @Override
        void addFields(ObjectNode body, ObjectNode parameters) {
            super.addFields(body, parameters);
            body.put("schema", schema);
            if (options != null) {
                parameters.set("options", CloneCommand.parseOptions(readOptions(options)));
            }
        }
    }

    @Command(name = "verify", sortOptions = false,
            description = "Whether the target holds the source's rows (pgclone verify): exact (count and hash of every"
                    + " row) or estimate (planner statistics). Exit 0 when every table matches, 1 when not.")
    static final class Verify extends TwoSided {
        @Option(names = "--schema", paramLabel = "SCHEMA", order = 3,
                description = "Schema to verify (default: every user schema).")
        String schema;

        @Option(names = "--mode", paramLabel = "exact|estimate", order = 4,
                description = "exact (default): count and hash every row; estimate: pgclone's reltuples rows.")
        String mode;

        String kind() {
            return "verify";
        }

        @Override
        void addFields(ObjectNode body, ObjectNode parameters) {
            super.addFields(body, parameters);
            if (schema != null) {
                body.put("schema", schema);
            }
            if (mode != null) {
                if (!mode.equals("exact") && !mode.equals("estimate")) {
                    throw CliException.usage("--mode must be exact or estimate");
                }
                parameters.put("mode", mode);
            }
        }
    }

    @Command(name = "discover-sensitive", sortOptions = false,
            description = "Columns that look like sensitive data, with the mask pgclone suggests (pgclone"
                    + " discover_sensitive), by name and, with --sample, by sampled values. Exit 0 when nothing is"
                    + " found, 1 when columns are.")
    static final class DiscoverSensitive extends SourceSided {
        @Option(names = "--schema", paramLabel = "SCHEMA", order = 3, required = true, description = "Schema to scan.")
        String schema;

        @Option(names = "--sample", paramLabel = "N", order = 4,
                description = "Also check up to N sampled rows per table (default 0: names only).")
        Integer sample;

        String kind() {
            return "discover-sensitive";
        }

        @Override
        void addFields(ObjectNode body, ObjectNode parameters) {
            super.addFields(body, parameters);
            body.put("schema", schema);
            if (sample != null) {
                if (sample < 0 || sample > ReportParameters.MAX_SAMPLE) {
                    throw CliException.usage("--sample must be between 0 and " + ReportParameters.MAX_SAMPLE);
                }
                parameters.put("sample", sample);
            }
        }
    }

    @Command(name = "masking-report", sortOptions = false,
            description = "Every sensitive column of a schema on the target and whether it is masked (pgclone"
                    + " masking_report): by its <table>_masked view (column by column), at clone time or in place."
                    + " Reads only the target. Exit 0 when every sensitive column is masked, 1 when one is not.")
    static final class MaskingReport extends Kind {
        @Option(names = "--target", paramLabel = "CONNINFO", order = 2,
                description = "Target connection (default: $PGCLONE_TARGET).")
        String target;

        @Option(names = "--schema", paramLabel = "SCHEMA", order = 3, required = true, description = "Schema to audit.")
        String schema;

        String kind() {
            return "masking-report";
        }

        @Override
        void addFields(ObjectNode body, ObjectNode parameters) {
            body.put("target", CloneCommand.conninfo("--target", target, "PGCLONE_TARGET", top));
            body.put("schema", schema);
        }
    }

    /** --options: the JSON itself, or {@code @file} holding it. */
    static String readOptions(String value) {
        if (!value.startsWith("@")) {
            return value;
        }
        Path file = Path.of(value.substring(1));
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliException.usage("--options: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
