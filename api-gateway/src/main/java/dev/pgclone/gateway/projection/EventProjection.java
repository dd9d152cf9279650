package dev.pgclone.gateway.projection;

import java.sql.SQLException;
import java.util.List;

/** The one way events of a topic reach a read model, from its consumer group and from its start-up catch-up alike. */
public interface EventProjection {

    /**
     * Applies events (JSON payloads), skipping unreadable ones with a warning; applying one twice, or an older one
     * after a newer one, changes nothing.
     *
     * @return how many payloads were readable events
     */
    int apply(List<String> payloads) throws SQLException;
}
