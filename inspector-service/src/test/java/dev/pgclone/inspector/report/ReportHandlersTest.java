package dev.pgclone.inspector.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.contracts.report.ReportKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One handler per kind: a second one stops the start unless an alternative settles it. */
class ReportHandlersTest {

    private static ReportHandlers.Candidate candidate(ReportKind kind, String name, boolean alternative, int priority) {
        ReportHandler handler = new ReportHandler() {
            @Override
            public ReportKind kind() {
                return kind;
            }

            @Override
            public JsonNode run(ReportRequest request, ReportProgressSink progress) {
                return null;
            }

            @Override
            public String toString() {
                return name;
            }
        };
        return new ReportHandlers.Candidate(handler, name, alternative, priority);
    }

    @Test
    void eachKindHasItsHandlerAndAKindWithoutOneIsMissing() {
        Map<ReportKind, ReportHandler> byKind = ReportHandlers.select(List.of(
                candidate(ReportKind.DIFF, "diff", false, 0), candidate(ReportKind.VERIFY, "verify", false, 0)));

        ReportHandlers handlers = new ReportHandlers(byKind);
        assertThat(handlers.kinds()).containsExactly("diff", "verify");
        assertThat(handlers.find(ReportKind.DIFF)).get().hasToString("diff");
        assertThat(handlers.find(ReportKind.PREFLIGHT)).isEmpty();
        assertThat(handlers.find(null)).isEmpty();
    }

    @Test
    void twoHandlersForOneKindStopTheStartNamingBoth() {
        assertThatThrownBy(() -> ReportHandlers.select(List.of(candidate(ReportKind.DIFF, "a.Diff", false, 0),
                candidate(ReportKind.DIFF, "b.Diff", false, 0))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("report kind diff has more than one handler: a.Diff, b.Diff");
    }

    @Test
    void anAlternativeReplacesTheHandlerOfItsKindAndTheHighestPriorityWins() {
        Map<ReportKind, ReportHandler> byKind = ReportHandlers.select(List.of(
                candidate(ReportKind.VERIFY, "real", false, 0), candidate(ReportKind.VERIFY, "fake", true, 1),
                candidate(ReportKind.VERIFY, "fake2", true, 5), candidate(ReportKind.DIFF, "diff", false, 0)));

        assertThat(byKind.get(ReportKind.VERIFY)).hasToString("fake2");
        assertThat(byKind.get(ReportKind.DIFF)).hasToString("diff");
        assertThatThrownBy(() -> ReportHandlers.select(List.of(candidate(ReportKind.VERIFY, "x", true, 1),
                candidate(ReportKind.VERIFY, "y", true, 1)))).hasMessageContaining("more than one handler");
    }

    @Test
    void aHandlerWithoutAKindIsAnError() {
        assertThatThrownBy(() -> ReportHandlers.select(List.of(candidate(null, "nameless", false, 0))))
                .hasMessage("report handler nameless names no kind");
    }
}
