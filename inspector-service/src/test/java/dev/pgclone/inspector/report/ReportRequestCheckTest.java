package dev.pgclone.inspector.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.Ids;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.command.RequestReport;
import dev.pgclone.contracts.connection.ConnectionSpec;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.contracts.report.ReportParameters;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What makes a request a report, without a broker or a database. */
class ReportRequestCheckTest {

    private final SecretSealer sealer = SecretSealer.fromBase64(SecretSealer.generateKey());
    private final ConnectionSpec source = sealer.seal(Conninfo.parse("host=s dbname=d user=u password=p4ss"));
    private final ConnectionSpec target = sealer.seal(Conninfo.parse("host=t dbname=d user=u"));

    private static ReportHandlers serving(ReportKind... kinds) {
        Map<ReportKind, ReportHandler> byKind = new EnumMap<>(ReportKind.class);
        for (ReportKind kind : kinds) {
            byKind.put(kind, new ReportHandler() {
                @Override
                public ReportKind kind() {
                    return kind;
                }

                @Override
                public JsonNode run(ReportRequest request, ReportProgressSink progress) {
                    return null;
                }
            });
        }
        return new ReportHandlers(byKind);
    }

    private RequestReport request(ReportKind kind, ConnectionSpec target, String schema, ReportParameters p) {
        return new RequestReport(MessageHeader.create(Ids.newJobId(), "t"), kind, source, target, schema, p);
    }

    @Test
    void aValidRequestOpensItsConnectionsForTheHandler() {
        ReportRequestCheck.Outcome outcome = ReportRequestCheck.check(request(ReportKind.VERIFY, target, null,
                new ReportParameters("estimate", null, null)), serving(ReportKind.VERIFY), sealer);

        assertThat(outcome).isInstanceOf(ReportRequestCheck.Valid.class);
        ReportRequest r = ((ReportRequestCheck.Valid) outcome).request();
        assertThat(r.source().get("password")).contains("p4ss");
        assertThat(r.target().host()).isEqualTo("t");
        assertThat(r.schema()).isNull();
        assertThat(r.parameters().exactOrDefault()).isFalse();
    }

    @Test
    void discoverSensitiveReadsOnlyTheSource() {
        assertThat(ReportRequestCheck.check(request(ReportKind.DISCOVER_SENSITIVE, null, "app",
                new ReportParameters(null, 20, null)), serving(ReportKind.DISCOVER_SENSITIVE), sealer))
                .isInstanceOf(ReportRequestCheck.Valid.class);
        assertThat(refusal(request(ReportKind.DISCOVER_SENSITIVE, target, "app", null), ReportKind.DISCOVER_SENSITIVE))
                .startsWith("invalid-request: the request was refused: target: a discover-sensitive report reads only");
    }

    @Test
    void maskingReportReadsOnlyTheTarget() {
        RequestReport targetOnly = new RequestReport(MessageHeader.create(Ids.newJobId(), "t"), ReportKind.MASKING_REPORT,
                null, target, "app", null);
        ReportRequestCheck.Outcome outcome = ReportRequestCheck.check(targetOnly, serving(ReportKind.MASKING_REPORT), sealer);

        assertThat(outcome).isInstanceOf(ReportRequestCheck.Valid.class);
        assertThat(((ReportRequestCheck.Valid) outcome).request().source()).isNull();
        assertThat(refusal(request(ReportKind.MASKING_REPORT, target, "app", null), ReportKind.MASKING_REPORT))
                .isEqualTo("invalid-request: the request was refused: source: a masking-report report reads only the"
                        + " target; leave the source out");
        assertThat(refusal(new RequestReport(MessageHeader.create(Ids.newJobId(), "t"), ReportKind.MASKING_REPORT, null,
                null, "app", null), ReportKind.MASKING_REPORT)).contains("target: is required for a masking-report report");
        assertThat(refusal(new RequestReport(MessageHeader.create(Ids.newJobId(), "t"), ReportKind.MASKING_REPORT, null,
                target, null, null), ReportKind.MASKING_REPORT)).contains("schema: is required for a masking-report report");
        assertThat(refusal(new RequestReport(MessageHeader.create(Ids.newJobId(), "t"), ReportKind.MASKING_REPORT, null,
                target, "app", new ReportParameters("exact", null, null)), ReportKind.MASKING_REPORT))
                .contains("parameters.mode: is a verify parameter, not a masking-report one");
    }

    @Test
    void aKindWithoutAHandlerIsAFailedReportSayingWhatIsServed() {
        assertThat(refusal(request(ReportKind.DIFF, target, "app", null), ReportKind.VERIFY))
                .isEqualTo("report-failed: this inspector has no diff handler installed, so it cannot compute the "
                        + "report (it serves: verify)");
        assertThat(refusal(request(ReportKind.DIFF, target, "app", null)))
                .endsWith("(it serves: none)");
    }

    @Test
    void refusalsNameTheFieldAndNeverTheSecret() {
        assertThat(refusal(request(null, target, "app", null))).contains("kind: is required");
        assertThat(refusal(request(ReportKind.PREFLIGHT, null, "app", null))).contains("target: is required for a preflight report");
        assertThat(refusal(request(ReportKind.PREFLIGHT, target, null, null))).contains("schema: is required for a preflight report");
        assertThat(refusal(request(ReportKind.DIFF, target, "", null))).contains("schema: must not be empty");
        assertThat(refusal(request(ReportKind.DIFF, target, "a\0b", null))).contains("schema: must not contain NUL");
        assertThat(refusal(request(ReportKind.DIFF, target, "app", new ReportParameters("exact", null, null))))
                .contains("parameters.mode: is a verify parameter, not a diff one");
        RequestReport clear = new RequestReport(MessageHeader.create(Ids.newJobId(), "t"), ReportKind.DIFF,
                new ConnectionSpec("host=s user=u password=p4ss", null), target, "app", null);
        assertThat(refusal(clear)).startsWith("invalid-connection: the request was refused: source: a connection in a "
                + "message carries a password in clear").doesNotContain("p4ss");
        RequestReport notUuid = new RequestReport(MessageHeader.create("42", "t"), ReportKind.DIFF, source, target,
                "app", null);
        assertThat(refusal(notUuid)).isEqualTo("invalid-job-id: the request was refused: report id \"42\" is not a UUID");
    }

    private String refusal(RequestReport r, ReportKind... served) {
        ReportRequestCheck.Outcome outcome = ReportRequestCheck.check(r, serving(served.length == 0
                ? new ReportKind[0] : served), sealer);
        assertThat(outcome).isInstanceOf(ReportRequestCheck.Refused.class);
        ReportRequestCheck.Refused refused = (ReportRequestCheck.Refused) outcome;
        return refused.error().code() + ": " + refused.error().message();
    }
}
