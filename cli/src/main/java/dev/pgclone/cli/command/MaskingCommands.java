package dev.pgclone.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgclone.cli.CliException;
import dev.pgclone.cli.gateway.GatewayClient;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.mask.ColumnMasks;
import dev.pgclone.contracts.mask.MaskStrategy;
import dev.pgclone.contracts.options.InvalidOptionException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Masking jobs on a target through the gateway: {@code pgclone mask-in-place} and
 * {@code pgclone masking-policy create|drop}. Like clones they are jobs: printed when they end ({@code --wait},
 * default 10m here: they are usually short) or followed with {@code --watch}; exit codes as for clones.
 */
public final class MaskingCommands {

    private MaskingCommands() {
    }

    /** What every masking command takes: the target, the table, how to follow the job. */
    abstract static class TableJob implements Callable<Integer> {

        @Option(names = "--target", paramLabel = "CONNINFO", order = 1,
                description = "Target connection (default: $PGCLONE_TARGET).")
        String target;

        @Option(names = "--schema", required = true, order = 2, description = "The table's schema.")
        String schema;

        @Option(names = "--table", required = true, order = 3, description = "The table.")
        String table;

        @Option(names = "--wait", paramLabel = "DURATION", order = 20, defaultValue = "10m",
                description = "Wait up to DURATION for the job to end (default ${DEFAULT-VALUE}); 0 returns at once.")
        String waitText;

        @Option(names = "--watch", order = 21, description = "Follow the job with a live progress line.")
        boolean watch;

        abstract PgcloneCommand top();

        /** The gateway path under /api/v1/masking/. */
        abstract String path();

        abstract void addFields(ObjectNode body);

        @Override
        public Integer call() {
            PgcloneCommand top = top();
            ObjectNode body = Json.mapper().createObjectNode();
            body.put("target", CloneCommand.conninfo("--target", target, "PGCLONE_TARGET", top));
            body.put("schema", schema);
            body.put("table", table);
            addFields(body);
            Duration wait = waitText.equals("0") ? null : PgcloneCommand.waitOption(waitText);
            GatewayClient client = top.client();
            long started = System.nanoTime();
            JsonNode answer = client.submitMasking(path(), body, watch || wait == null ? null
                    : (wait.compareTo(GatewayClient.MAX_WAIT_PER_REQUEST) <= 0 ? wait : GatewayClient.MAX_WAIT_PER_REQUEST));
            if (watch) {
                answer = top.watcher(client).watch(answer);
            } else if (wait != null) {
                Duration left = wait.minus(Duration.ofNanos(System.nanoTime() - started));
                if (!left.isNegative() && !left.isZero()) {
                    answer = client.awaitEnd(answer, left);
                }
            }
            return top.finish(answer, watch || wait != null);
        }

        /** --mask as JSON or @file, parsed as the services parse it (a refused mask is a usage error). */
        static ColumnMasks mask(String value) {
            JsonNode node = CloneCommand.maskJson("--mask", value);
            try {
                return ColumnMasks.parse(node, "mask");
            } catch (InvalidOptionException e) {
                throw CliException.usage("--" + e.getMessage());
            }
        }
    }

    /** {@code pgclone mask-in-place --target … --schema … --table … --mask JSON|@file} */
    @Command(name = "mask-in-place", sortOptions = false,
            description = "Mask a table of the target in place (pgclone mask_in_place): its values are rewritten"
                    + " through the masks in batches; prints pgclone's 'OK: masked N rows in schema.table (M columns)'.")
    public static class MaskInPlace extends TableJob {

        @ParentCommand
        PgcloneCommand parent;

        @Option(names = "--mask", required = true, paramLabel = "JSON|@FILE", order = 4,
                description = "Masks by column, e.g. '{\"email\": \"email\", \"ssn\": \"null\"}', or @file holding it.")
        String mask;

        @Override
        PgcloneCommand top() {
            return parent;
        }

        @Override
        String path() {
            return "in-place";
        }

        @Override
        void addFields(ObjectNode body) {
            body.set("mask", Json.mapper().valueToTree(mask(mask)));
        }
    }

    /** {@code pgclone masking-policy create|drop} */
    @Command(name = "masking-policy", description = "Create or drop a dynamic masking policy (a <table>_masked view"
            + " and pgclone's grants; drop restores the table's grants exactly).",
            subcommands = {Policy.Create.class, Policy.Drop.class})
    public static class Policy implements Callable<Integer> {

        @ParentCommand
        PgcloneCommand parent;

        @Override
        public Integer call() {
            throw CliException.usage("masking-policy needs create or drop (see pgclone masking-policy --help)");
        }

        /** {@code pgclone masking-policy create --target … --schema … --table … --mask … --privileged-role …} */
        @Command(name = "create", sortOptions = false, description = "Create the policy (pgclone"
                + " create_masking_policy): view <table>_masked for PUBLIC, the table for --privileged-role only.")
        public static class Create extends TableJob {

            @ParentCommand
            Policy policy;

            @Option(names = "--mask", required = true, paramLabel = "JSON|@FILE", order = 4,
                    description = "Masks by column (keyed_hash is refused: the view cannot hold the key).")
            String mask;

            @Option(names = "--privileged-role", required = true, paramLabel = "ROLE", order = 5,
                    description = "The role that keeps reading the table unmasked (must exist).")
            String role;

            @Override
            PgcloneCommand top() {
                return policy.parent;
            }

            @Override
            String path() {
                return "policies";
            }

            @Override
            void addFields(ObjectNode body) {
                ColumnMasks masks = mask(mask);
                masks.columns().forEach((column, rule) -> {
                    if (rule.strategy() == MaskStrategy.KEYED_HASH) {
                        throw CliException.usage("--mask." + column + ": keyed_hash cannot be used in a masking view");
                    }
                });
                body.set("mask", Json.mapper().valueToTree(masks));
                body.put("privilegedRole", role);
            }
        }

        /** {@code pgclone masking-policy drop --target … --schema … --table …} */
        @Command(name = "drop", sortOptions = false, description = "Drop the policy (pgclone drop_masking_policy):"
                + " the view goes, the table's grants are put back as they were before the policy.")
        public static class Drop extends TableJob {

            @ParentCommand
            Policy policy;

            @Override
            PgcloneCommand top() {
                return policy.parent;
            }

            @Override
            String path() {
                return "policies/drop";
            }

            @Override
            void addFields(ObjectNode body) {
            }
        }
    }
}
