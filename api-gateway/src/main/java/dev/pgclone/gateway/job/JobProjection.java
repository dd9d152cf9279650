package dev.pgclone.gateway.job;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.MalformedMessageException;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.gateway.projection.VersionedProjection;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.Collection;
import org.jboss.logging.Logger;

/**
 * The one way a job event reaches the gateway's read model, whether it comes from the consumer group
 * ({@link JobEventConsumer}) or from the start-up catch-up ({@link JobEventCatchUp}): the store's versioned upsert,
 * then {@link JobWatch#changed} so waiting requests look again. Each event carries the whole job and its version,
 * so applying an event twice, or an older one after a newer one, changes nothing.
 */
@ApplicationScoped
public class JobProjection extends VersionedProjection<JobView> {

    private static final Logger LOG = Logger.getLogger(JobProjection.class);

    private final JobStore store;
    private final JobWatch watch;

    public JobProjection(JobStore store, JobWatch watch) {
        this.store = store;
        this.watch = watch;
    }

    @Override
    protected JobView read(String payload) {
        JobEvent event;
        try {
            event = Json.read(payload, JobEvent.class);
        } catch (MalformedMessageException e) {
            LOG.warnf("ignoring an unreadable job event: %s", e.getMessage());
            return null;
        }
        if (event.job() == null || event.job().id() == null || event.job().status() == null) {
            LOG.warnf("ignoring a job event without a job");
            return null;
        }
        return event.job();
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
