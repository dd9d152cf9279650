package dev.pgclone.gateway.projection;

import dev.pgclone.contracts.MalformedMessageException;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * A read model fed by events that each carry a whole view and its version (ADR 1): of several events of one view only
 * the newest is written (the others would lose to it anyway), through the store's versioned upsert, then whoever
 * waits on the view is told ({@link ViewWatch#changed}).
 *
 * @param <V> the view ({@code JobView}, {@code ReportView})
 */
public abstract class VersionedProjection<V> implements EventProjection {

    private static final Logger LOG = Logger.getLogger(VersionedProjection.class);

    /**
     * The view the event carries.
     *
     * @throws MalformedMessageException when the payload is not a readable event with a view
     */
    public abstract V parse(String payload);

    /** What the events are called in logs ("job event"). */
    protected abstract String what();

    protected abstract String id(V view);

    protected abstract long version(V view);

    /** The store's upsert: each view unless a newer version of it is there, in a stable order (by id). */
    protected abstract void upsert(Collection<V> views) throws SQLException;

    protected abstract void changed(String id);

    @Override
    public int apply(List<String> payloads) throws SQLException {
        Map<String, V> newest = new TreeMap<>();
        int readable = 0;
        for (String payload : payloads) {
            V view = readOrSkip(payload);
            if (view != null) {
                readable++;
                newest.merge(id(view), view, (a, b) -> version(b) > version(a) ? b : a);
            }
        }
        upsert(newest.values());
        newest.keySet().forEach(this::changed);
        return readable;
    }

    private V readOrSkip(String payload) {
        try {
            return parse(payload);
        } catch (MalformedMessageException e) {
            LOG.warnf("ignoring an unreadable %s: %s", what(), e.getMessage());
            return null;
        }
    }
}
