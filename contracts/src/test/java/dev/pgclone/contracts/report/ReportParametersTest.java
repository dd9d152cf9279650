package dev.pgclone.contracts.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.options.InvalidOptionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Strict report parameters: every refusal names the key as the user wrote it. */
class ReportParametersTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"modus\":\"exact\"}                       | modus",
        "{\"mode\":\"fast\"}                         | mode",
        "{\"mode\":1}                                | mode",
        "{\"sample\":\"10\"}                         | sample",
        "{\"sample\":-1}                             | sample",
        "{\"sample\":100001}                         | sample",
        "{\"options\":{\"paralel\":2}}               | options.paralel",
        "{\"options\":{\"where\":\"1=1; DROP TABLE x\"}} | options.where",
        "{\"options\":[]}                            | options",
        "[]                                          | parameters"})
    void refusalsNameTheKey(String json, String field) {
        InvalidOptionException e = catchThrowableOfType(InvalidOptionException.class, () -> parse(json));

        assertThat(e).as(json).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).startsWith(field + ": ");
    }

    @Test
    void eachKindTakesOnlyItsOwnParameters() throws Exception {
        assertThat(catchThrowableOfType(InvalidOptionException.class,
                () -> parse("{\"mode\":\"estimate\"}").requireFor(ReportKind.DIFF)).field()).isEqualTo("mode");
        assertThat(catchThrowableOfType(InvalidOptionException.class,
                () -> parse("{\"sample\":5}").requireFor(ReportKind.VERIFY)).field()).isEqualTo("sample");
        assertThat(catchThrowableOfType(InvalidOptionException.class,
                () -> parse("{\"options\":{}}").requireFor(ReportKind.DISCOVER_SENSITIVE)).field()).isEqualTo("options");
        parse("{\"mode\":\"estimate\"}").requireFor(ReportKind.VERIFY);
        parse("{\"sample\":5}").requireFor(ReportKind.DISCOVER_SENSITIVE);
        parse("{\"options\":{\"conflict\":\"skip\"}}").requireFor(ReportKind.PREFLIGHT);
        ReportParameters.NONE.requireFor(ReportKind.DIFF);
    }

    @Test
    void absentParametersAreNoneAndRoundTrip() throws Exception {
        assertThat(ReportParameters.fromJson(null)).isEqualTo(ReportParameters.NONE);
        assertThat(parse("null")).isEqualTo(ReportParameters.NONE);
        assertThat(Json.write(ReportParameters.NONE)).isEqualTo("{}");
        ReportParameters p = parse("{\"mode\":\"estimate\"}");
        assertThat(Json.mapper().readValue(Json.write(p), ReportParameters.class)).isEqualTo(p);
        assertThat(p.exactOrDefault()).isFalse();
        assertThat(ReportParameters.NONE.exactOrDefault()).isTrue();
    }

    private static ReportParameters parse(String json) throws Exception {
        JsonNode node = Json.mapper().readTree(json);
        return ReportParameters.fromJson(node);
    }
}
