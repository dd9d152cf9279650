package dev.pgclone.contracts.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.pgclone.contracts.Message;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.report.ReportView;

/**
 * Inspector → everyone, on {@link dev.pgclone.contracts.Topics#REPORT_EVENTS}, keyed by report id. Each event
 * carries the whole report as it is after the change ({@link ReportView#version()} orders them).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ReportEvent.ReportAccepted.class, name = "report-accepted"),
    @JsonSubTypes.Type(value = ReportEvent.ReportProgressed.class, name = "report-progressed"),
    @JsonSubTypes.Type(value = ReportEvent.ReportCompleted.class, name = "report-completed"),
    @JsonSubTypes.Type(value = ReportEvent.ReportFailed.class, name = "report-failed")
})
public sealed interface ReportEvent extends Message {

    ReportView report();

    record ReportAccepted(MessageHeader header, ReportView report) implements ReportEvent {
    }

    record ReportProgressed(MessageHeader header, ReportView report) implements ReportEvent {
    }

    record ReportCompleted(MessageHeader header, ReportView report) implements ReportEvent {
    }

    /** Also what a request that could not become a report (bad parameters, unusable connection) is answered with. */
    record ReportFailed(MessageHeader header, ReportView report, ErrorInfo error) implements ReportEvent {
    }
}
