package dev.pgclone.gateway.report;

import dev.pgclone.contracts.Ids;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.command.RequestReport;
import dev.pgclone.contracts.connection.ConnectionSpec;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.report.ReportView;
import dev.pgclone.gateway.job.CommandPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;

/**
 * Turns a validated report request into a report: seals its secrets exactly as clones do, records it as PENDING,
 * publishes the {@code request-report} command (the report id is a new UUIDv7, as job ids are).
 */
@ApplicationScoped
public class ReportService {

    static final String PRODUCER = "api-gateway";

    private final SecretSealer sealer;
    private final ReportStore store;
    private final CommandPublisher commands;

    public ReportService(SecretSealer sealer, ReportStore store, CommandPublisher commands) {
        this.sealer = sealer;
        this.store = store;
        this.commands = commands;
    }

    public ReportView submit(ReportSubmission submission) throws SQLException {
        String id = Ids.newJobId();
        ConnectionSpec source = submission.source() == null ? null : sealer.seal(submission.source());
        ConnectionSpec target = submission.target() == null ? null : sealer.seal(submission.target());
        RequestReport command = new RequestReport(MessageHeader.create(id, PRODUCER), submission.kind(), source, target,
                submission.schema(), submission.parameters());
        ReportView pending = ReportView.pending(command, command.header().time());
        store.upsert(pending);
        commands.publish(command);
        return pending;
    }
}
