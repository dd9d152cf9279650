package dev.pgclone.contracts.job;

import dev.pgclone.contracts.command.CloneScope;
import dev.pgclone.contracts.options.CloneOptions;

/** The request a job runs, as shown to people (connections are shown separately, redacted). */
public record JobRequest(CloneScope scope, boolean includeData, CloneOptions options) {
}
