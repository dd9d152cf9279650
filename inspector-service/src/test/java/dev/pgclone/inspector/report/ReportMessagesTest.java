package dev.pgclone.inspector.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.command.Command;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.event.ErrorInfo;
import dev.pgclone.contracts.report.ReportKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the inspector says about unreadable requests and logs about failed handlers: never a value or a password. */
class ReportMessagesTest {

    private static ErrorInfo reasonFor(String json) {
        Exception e = (Exception) catchThrowable(() -> Json.mapper().readValue(json, Command.class));
        assertThat(e).as(json).isNotNull();
        return ReportCommandConsumer.unreadable(e);
    }

    @Test
    void unreadableRequestsNameTheFieldNotItsValue() {
        String header = "\"header\":{\"jobId\":\"01a226d0-096e-78c1-bffb-7bd3d8980736\",\"producer\":\"p\"}";
        ErrorInfo wrongType = reasonFor("{\"type\":\"request-report\"," + header
                + ",\"kind\":\"verify\",\"source\":{\"conninfo\":[\"password=topsecret\"]}}");
        ErrorInfo kind = reasonFor("{\"type\":\"request-report\"," + header + ",\"kind\":\"topsecret\"}");
        ErrorInfo parameter = reasonFor("{\"type\":\"request-report\"," + header
                + ",\"kind\":\"verify\",\"parameters\":{\"sample\":\"topsecret\"}}");

        assertThat(wrongType.code()).isEqualTo("invalid-command");
        assertThat(wrongType.message()).isEqualTo("the request was refused: source.conninfo: missing, of the wrong type "
                + "or not acceptable");
        assertThat(kind.code()).isEqualTo("invalid-request");
        assertThat(kind.message()).startsWith("the request was refused: kind: unknown report kind");
        assertThat(parameter.message()).isEqualTo("the request was refused: parameters.sample: must be an integer");
        assertThat(List.of(wrongType.message(), kind.message(), parameter.message())).noneMatch(m -> m.contains("topsecret"));
    }

    @Test
    void loggedHandlerFailuresKeepTheirFramesAndLoseTheirPasswords() {
        ReportRequest request = new ReportRequest("r", ReportKind.DIFF,
                Conninfo.parse("host=s user=u password='s3 cr3t'"), Conninfo.parse("host=t user=u sslpassword=k3y"),
                "app", null);
        Exception failure = new IllegalStateException("cannot use postgresql://u:uri-pw@h/db",
                new SQLException("auth failed for s3 cr3t and k3y (password = other)"));

        StringWriter out = new StringWriter();
        LoggedFailure.of(failure, request).printStackTrace(new PrintWriter(out));

        assertThat(out.toString()).contains("java.lang.IllegalStateException: cannot use postgresql://u:***@h/db")
                .contains("Caused by: java.sql.SQLException: auth failed for *** and *** (password=***")
                .contains("at dev.pgclone.inspector.report.ReportMessagesTest")
                .doesNotContain("s3 cr3t").doesNotContain("k3y").doesNotContain("uri-pw").doesNotContain("other");
    }
}
