package dev.pgclone.contracts.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.MessageHeader;
import dev.pgclone.contracts.command.RequestReport;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.event.ErrorInfo;
import dev.pgclone.contracts.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** One factory for report views: every step is one version up and no view ever holds a secret. */
class ReportViewTest {

    private static final SecretSealer SEALER = SecretSealer.fromBase64(SecretSealer.generateKey());
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    @Test
    void stepsFromPendingToAnEnd() {
        RequestReport request = new RequestReport(MessageHeader.create("0197b1c2-5d3e-7a10-8f44-6c2d9e0a1b33", "t"),
                ReportKind.VERIFY, SEALER.seal(Conninfo.parse("host=s user=u password=hunter2")),
                SEALER.seal(Conninfo.parse("host=t user=u")), null, null);

        ReportView pending = ReportView.pending(request, T0);
        ReportView accepted = pending.accepted();
        ReportView running = accepted.running(T0.plusSeconds(1));
        ReportView progressed = running.progressed(new ReportProgress(1, 4, 100, "public.t"));
        ReportView completed = progressed.completed(Json.mapper().createArrayNode(), null, T0.plusSeconds(2));
        ReportView failed = progressed.failed(new ErrorInfo(ErrorCode.SOURCE_UNAVAILABLE, "gone", true, null),
                T0.plusSeconds(3));

        assertThat(pending.version()).isZero();
        assertThat(pending.status()).isEqualTo(ReportStatus.PENDING);
        assertThat(pending.source()).isEqualTo("host=s user=u password=***");
        assertThat(pending.target()).isEqualTo("host=t user=u");
        assertThat(pending.parameters()).isEqualTo(ReportParameters.NONE);
        assertThat(accepted.version()).isEqualTo(1);
        assertThat(accepted.status()).isEqualTo(ReportStatus.PENDING);
        assertThat(running.status()).isEqualTo(ReportStatus.RUNNING);
        assertThat(running.startedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(progressed.version()).isEqualTo(3);
        assertThat(progressed.progress().current()).isEqualTo("public.t");
        assertThat(completed.status()).isEqualTo(ReportStatus.COMPLETED);
        assertThat(completed.version()).isEqualTo(4);
        assertThat(completed.progress().done()).isEqualTo(1);
        assertThat(completed.result()).isNotNull();
        assertThat(failed.status()).isEqualTo(ReportStatus.FAILED);
        assertThat(failed.error().code()).isEqualTo("source-unavailable");
        assertThat(failed.finishedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(Json.write(completed) + Json.write(failed)).doesNotContain("hunter2").doesNotContain("v1:");
    }
}
