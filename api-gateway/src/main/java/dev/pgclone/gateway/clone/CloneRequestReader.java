package dev.pgclone.gateway.clone;

import static dev.pgclone.gateway.request.RequestBody.bool;
import static dev.pgclone.gateway.request.RequestBody.conninfo;
import static dev.pgclone.gateway.request.RequestBody.identifier;
import static dev.pgclone.gateway.request.RequestBody.optionalIdentifier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.command.CloneScope;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.options.CloneOptions;
import dev.pgclone.contracts.options.InvalidOptionException;
import dev.pgclone.gateway.problem.ApiException;
import dev.pgclone.gateway.request.RequestBody;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a clone request body strictly: malformed JSON, a missing or mistyped field, an unknown field, an invalid
 * option or an unparseable conninfo is a 400 naming the field. Bodies mirror pgclone's parameters per kind.
 */
public final class CloneRequestReader {

    private static final Set<String> COMMON = Set.of("source", "target", "includeData", "options");

    private CloneRequestReader() {
    }

    public static CloneRequest read(String kind, String body) {
        JsonNode root = RequestBody.object(body);
        CloneScope scope = switch (kind) {
            case "table" -> {
                allow(root, "schema", "table", "targetName");
                String targetName = optionalIdentifier(root, "targetName");
                yield new CloneScope.Table(identifier(root, "schema"), identifier(root, "table"), targetName);
            }
            case "schema" -> {
                allow(root, "schema");
                yield new CloneScope.Schema(identifier(root, "schema"));
            }
            case "database" -> {
                allow(root);
                yield new CloneScope.Database();
            }
            case "database-create" -> {
                allow(root, "targetDatabase");
                String name = identifier(root, "targetDatabase");
                String problem = CloneScope.DatabaseCreate.invalidName(name);
                if (problem != null) {
                    throw ApiException.invalid("targetDatabase", "field \"targetDatabase\" " + problem);
                }
                yield new CloneScope.DatabaseCreate(name);
            }
            case "functions" -> {
                allow(root, "schema");
                yield new CloneScope.Functions(identifier(root, "schema"));
            }
            default -> throw ApiException.notFound("unknown clone kind \"" + kind
                    + "\"; use table, schema, database, database-create or functions");
        };
        Conninfo source = conninfo(root, "source");
        Conninfo target = conninfo(root, "target");
        boolean includeData = bool(root, "includeData", true);
        CloneOptions options;
        try {
            options = CloneOptions.fromJson(root.get("options"));
            options.requireMaskScope(scope.kind());
        } catch (InvalidOptionException e) {
            throw ApiException.invalid("options." + e.field(), "options." + e.getMessage());
        }
        return new CloneRequest(scope, source, target, includeData, options);
    }

    private static void allow(JsonNode root, String... kindFields) {
        Set<String> allowed = new LinkedHashSet<>(COMMON);
        allowed.addAll(List.of(kindFields));
        RequestBody.allow(root, allowed);
    }
}
