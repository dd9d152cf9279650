package dev.pgclone.gateway.job;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.MalformedMessageException;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.job.JobView;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The one way a job event reaches the gateway's read model, whether it comes from the consumer group
 * ({@link JobEventConsumer}) or from the start-up catch-up ({@link JobEventCatchUp}): the store's versioned upsert,
 * then {@link JobWatch#changed} so waiting requests look again. Each event carries the whole job and its version,
 * so applying an event twice, or an older one after a newer one, changes nothing.
 */
@ApplicationScoped
public class JobProjection {

    private static final Logger LOG = Logger.getLogger(JobProjection.class);

    private final JobStore store;
    private final JobWatch watch;

    public JobProjection(JobStore store, JobWatch watch) {
        this.store = store;
        this.watch = watch;
    }

    /**
     * Applies job events (JSON payloads of {@link JobEvent}), skipping unreadable ones with a warning. Of several
     * events of one job only the newest version is written: the others would lose to it anyway.
     *
     * @return how many payloads were readable job events
     */
    public int apply(List<String> payloads) throws SQLException {
        Map<String, JobView> newest = new TreeMap<>();
        int readable = 0;
        for (String payload : payloads) {
            JobView view = readOrSkip(payload);
            if (view != null) {
                readable++;
                newest.merge(view.id(), view, (a, b) -> b.version() > a.version() ? b : a);
            }
        }
        store.upsert(newest.values());
        newest.keySet().forEach(watch::changed);
        return readable;
    }

    /**
     * The job an event carries.
     *
     * @throws MalformedMessageException when the payload is not a job event (every job event carries a job with its
     *                                   id and status)
     */
    static JobView read(String payload) {
        return Json.read(payload, JobEvent.class).job();
    }

    private static JobView readOrSkip(String payload) {
        try {
            return read(payload);
        } catch (MalformedMessageException e) {
            LOG.warnf("ignoring an unreadable job event: %s", e.getMessage());
            return null;
        }
    }
}
