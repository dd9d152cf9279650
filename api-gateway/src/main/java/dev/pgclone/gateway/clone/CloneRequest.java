package dev.pgclone.gateway.clone;

import dev.pgclone.contracts.command.CloneScope;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.options.CloneOptions;

/** A validated clone request; connections still hold their secrets (sealed before they leave the gateway). */
public record CloneRequest(CloneScope scope, Conninfo source, Conninfo target, boolean includeData,
                           CloneOptions options) {
}
