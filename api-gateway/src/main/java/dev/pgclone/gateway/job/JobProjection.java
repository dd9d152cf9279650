package dev.pgclone.gateway.job;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.gateway.projection.VersionedProjection;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.Collection;

/**
 * The one way a job event reaches the gateway's read model, whether it comes from the consumer group
 * ({@link JobEventConsumer}) or from the start-up catch-up ({@link JobEventCatchUp}): the store's versioned upsert,
 * then {@link JobWatch#changed} so waiting requests look again. Each event carries the whole job and its version,
 * so applying an event twice, or an older one after a newer one, changes nothing.
 */
@ApplicationScoped
public class JobProjection extends VersionedProjection<JobView> {

    private final JobStore store;
    private final JobWatch watch;

    public JobProjection(JobStore store, JobWatch watch) {
        this.store = store;
        this.watch = watch;
    }

    @Override
    public JobView parse(String payload) {
        return Json.read(payload, JobEvent.class).job(); // every job event carries a job with its id and status
    }

    @Override
    protected String what() {
        return "job event";
    }

    @Override
    protected String id(JobView view) {
        return view.id();
    }

    @Override
    protected long version(JobView view) {
        return view.version();
    }

    @Override
    protected void upsert(Collection<JobView> views) throws SQLException {
        store.upsert(views);
    }

    @Override
    protected void changed(String id) {
        watch.changed(id);
    }
}
