package dev.pgclone.coordinator.job;

import dev.pgclone.coordinator.config.CoordinatorConfig;
import dev.pgclone.coordinator.dispatch.MessagePublisher;
import dev.pgclone.coordinator.plan.ClonePlanner;
import dev.pgclone.coordinator.store.JobStore;
import dev.pgclone.coordinator.target.TargetWriter;
import dev.pgclone.pg.connect.PgConnector;
import dev.pgclone.pg.copy.TableCopier;
import dev.pgclone.pg.mask.MaskKey;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every clone run needs from the application, in one place.
 *
 * @param keeperCopies runs copies read through a snapshot keeper (rare: only while DDL waits behind a job's locks)
 * @param keeperCopier streams those copies
 * @param maskKey      the deployment's {@code keyed_hash} key, null when none is configured
 */
record RunContext(ClonePlanner planner, TargetWriter writer, MessagePublisher publisher, JobStore store,
                  PgConnector connector, CoordinatorConfig config,
                  ScheduledExecutorService scheduler, String producer, ExecutorService keeperCopies,
                  TableCopier keeperCopier, MaskKey maskKey) {
}
