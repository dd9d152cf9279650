package dev.pgclone.gateway.report;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.MalformedMessageException;
import dev.pgclone.contracts.event.ReportEvent;
import dev.pgclone.contracts.report.ReportView;
import dev.pgclone.gateway.projection.VersionedProjection;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.Collection;

/**
 * The one way a report event reaches the gateway's report store, from the consumer group
 * ({@link ReportEventConsumer}) or from the start-up catch-up ({@link ReportEventCatchUp}): versioned upsert, then
 * {@link ReportWatch#changed}. A {@code report-failed} of version 0 (a request refused because its id was taken)
 * never replaces the report that holds the id.
 */
@ApplicationScoped
public class ReportProjection extends VersionedProjection<ReportView> {

    private final ReportStore store;
    private final ReportWatch watch;

    public ReportProjection(ReportStore store, ReportWatch watch) {
        this.store = store;
        this.watch = watch;
    }

    @Override
    public ReportView parse(String payload) {
        ReportEvent event = Json.read(payload, ReportEvent.class);
        if (event.report() == null || event.report().id() == null || event.report().status() == null) {
            throw new MalformedMessageException("a report event without a report (id and status)");
        }
        return event.report();
    }

    @Override
    protected String what() {
        return "report event";
    }

    @Override
    protected String id(ReportView view) {
        return view.id();
    }

    @Override
    protected long version(ReportView view) {
        return view.version();
    }

    @Override
    protected void upsert(Collection<ReportView> views) throws SQLException {
        store.upsert(views);
    }

    @Override
    protected void changed(String id) {
        watch.changed(id);
    }
}
