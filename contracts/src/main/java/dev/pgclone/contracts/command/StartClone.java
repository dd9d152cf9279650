package dev.pgclone.contracts.command;

import dev.pgclone.contracts.Fields;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.connection.ConnectionSpec;
import dev.pgclone.contracts.options.CloneOptions;

/**
 * Start a clone. The job id in the header is the job's id: a redelivered command with the same job id starts
 * nothing new.
 *
 * @param scope       what to clone
 * @param source      source database (secrets sealed)
 * @param target      target database, or for {@code database-create} the target cluster (secrets sealed)
 * @param includeData copy rows, not only structure
 * @param options     pgclone options (strictly parsed)
 */
public record StartClone(MessageHeader header, CloneScope scope, ConnectionSpec source, ConnectionSpec target,
                         boolean includeData, CloneOptions options) implements Command {

    public StartClone {
        Fields.required(header, "header");
        Fields.required(scope, "scope");
        Fields.required(source, "source");
        Fields.required(target, "target");
        if (options == null) {
            options = CloneOptions.DEFAULTS;
        }
    }
}
