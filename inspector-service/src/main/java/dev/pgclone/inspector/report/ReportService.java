package dev.pgclone.inspector.report;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.command.RequestReport;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.event.ErrorInfo;
import dev.pgclone.contracts.event.ReportEvent;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.contracts.report.ReportView;
import dev.pgclone.inspector.config.Beans;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Turns report requests into reports, exactly once per report id: a valid request is stored, announced
 * ({@code report-accepted}) and queued; a request that cannot become a report is stored as FAILED and announced
 * ({@code report-failed}) with the field at fault. A redelivered request (same id, same request) changes nothing; a
 * different request under a known id is answered with a {@code report-failed} of version 0, which never replaces the
 * report that holds the id.
 */
@ApplicationScoped
public class ReportService {

    private static final Logger LOG = Logger.getLogger(ReportService.class);

    private final ReportStore store;
    private final ReportEventEmitter emitter;
    private final ReportDispatcher dispatcher;
    private final ReportHandlers handlers;
    private final SecretSealer sealer;
    private final Beans.Identity identity;

    public ReportService(ReportStore store, ReportEventEmitter emitter, ReportDispatcher dispatcher,
                         ReportHandlers handlers, SecretSealer sealer, Beans.Identity identity) {
        this.store = store;
        this.emitter = emitter;
        this.dispatcher = dispatcher;
        this.handlers = handlers;
        this.sealer = sealer;
        this.identity = identity;
    }

    /** Handles one request; only a state database failure is thrown (the caller tries again). */
    public void accept(RequestReport request) throws SQLException {
        ReportView pending = ReportView.pending(request, request.header().time());
        ReportRequestCheck.Outcome outcome = ReportRequestCheck.check(request, handlers, sealer);
        if (outcome instanceof ReportRequestCheck.Refused refused && refused.error().code().equals(
                ErrorCode.INVALID_JOB_ID.code())) {
            // Not an id to store a report under: answered, not kept.
            announceRefusal(pending.failed(refused.error(), Instant.now()), refused.error());
            return;
        }
        ReportView first = outcome instanceof ReportRequestCheck.Refused refused
                ? pending.failed(refused.error(), Instant.now())
                : pending.accepted();
        if (!store.insert(request, first, identity.name(), identity.run())) {
            duplicate(request, pending);
            return;
        }
        if (outcome instanceof ReportRequestCheck.Refused refused) {
            announceRefusal(first, refused.error());
            return;
        }
        ReportRequestCheck.Valid valid = (ReportRequestCheck.Valid) outcome;
        LOG.infof("report %s: %s accepted (%s)", request.reportId(), request.kind(),
                first.source() != null ? first.source() : first.target()); // redacted displays
        publish(new ReportEvent.ReportAccepted(header(request.reportId()), first));
        dispatcher.submit(first, valid.request(), valid.handler());
    }

    /**
     * A report request that could not be read but names its id: answered with a {@code report-failed} (version 0
     * when the id belongs to a report already, so that report stays as it is).
     */
    public void refuseUnreadable(String id, ReportKind kind, ErrorInfo error) throws SQLException {
        boolean taken = store.view(id).isPresent();
        Instant now = Instant.now();
        ReportView view = new ReportView(id, kind, dev.pgclone.contracts.report.ReportStatus.FAILED, null, null, null,
                null, now, null, now, null, null, null, error, taken ? 0 : 1);
        announceRefusal(view, error);
    }

    private void duplicate(RequestReport request, ReportView pending) throws SQLException {
        Optional<RequestReport> known = store.request(request.reportId());
        if (known.isPresent() && sameRequest(known.get(), request)) {
            LOG.infof("report %s: request received again; it is the same request, nothing new is done",
                    request.reportId());
            return;
        }
        ErrorInfo error = new ErrorInfo(ErrorCode.INVALID_REQUEST, "the request was refused: report id "
                + request.reportId() + " is already used by a different request" + known.map(k -> " (a "
                + (k.kind() == null ? "report" : k.kind().json() + " report") + ")").orElse("")
                + "; give each request a new id", false, null);
        LOG.warnf("report %s: a different request under a known id was refused", request.reportId());
        ReportView refused = pending.failed(error, Instant.now());
        announceRefusal(versionZero(refused), error);
    }

    private void announceRefusal(ReportView view, ErrorInfo error) {
        LOG.warnf("report %s refused (%s): %s", view.id(), error.code(), error.message());
        publish(new ReportEvent.ReportFailed(header(view.id()), view, error));
    }

    private void publish(ReportEvent event) {
        try {
            emitter.publish(event);
        } catch (RuntimeException e) {
            LOG.errorf("report %s: could not publish %s: %s", event.jobId(), event.getClass().getSimpleName(),
                    e.getMessage());
        }
    }

    private MessageHeader header(String id) {
        return MessageHeader.create(id, identity.name());
    }

    /** Same report asked for: secrets aside (sealed anew each time, scrubbed once a report ends). */
    static boolean sameRequest(RequestReport a, RequestReport b) {
        return a.kind() == b.kind() && Objects.equals(a.schema(), b.schema())
                && Objects.equals(a.parameters(), b.parameters())
                && Objects.equals(conninfo(a.source()), conninfo(b.source()))
                && Objects.equals(conninfo(a.target()), conninfo(b.target()));
    }

    private static String conninfo(dev.pgclone.contracts.connection.ConnectionSpec spec) {
        return spec == null ? null : spec.conninfo();
    }

    private static ReportView versionZero(ReportView v) {
        return new ReportView(v.id(), v.kind(), v.status(), v.source(), v.target(), v.schema(), v.parameters(),
                v.submittedAt(), v.startedAt(), v.finishedAt(), v.progress(), v.result(), v.details(), v.error(), 0);
    }
}
