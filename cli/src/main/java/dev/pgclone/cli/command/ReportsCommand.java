package dev.pgclone.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.cli.CliException;
import dev.pgclone.cli.ExitCode;
import dev.pgclone.cli.render.JobReport;
import dev.pgclone.cli.render.ReportAnswer;
import dev.pgclone.cli.render.ResultRendering;
import dev.pgclone.cli.render.TextTable;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.contracts.report.ReportStatus;
import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code pgclone reports [--kind K] [--status S] [--limit N]}: recent reports, newest first. */
@Command(name = "reports", description = "List reports, newest first.")
public class ReportsCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    @ParentCommand
    PgcloneCommand top;

    @Option(names = "--kind", paramLabel = "KIND", description = "Only reports of this kind: diff, preflight, verify,"
            + " discover-sensitive or masking-report.")
    String kind;

    @Option(names = "--status", paramLabel = "STATUS",
            description = "Only reports with this status: PENDING, RUNNING, COMPLETED or FAILED.")
    String status;

    @Option(names = "--limit", paramLabel = "N", description = "At most N reports (the gateway's default when absent).")
    Integer limit;

    @Override
    public Integer call() {
        if (kind != null && ReportKind.of(kind).isEmpty()) {
            throw CliException.usage("--kind must be one of " + ReportKind.names());
        }
        String s = status == null ? null : status.strip().toUpperCase(Locale.ROOT);
        if (s != null && Arrays.stream(ReportStatus.values()).noneMatch(v -> v.name().equals(s))) {
            throw CliException.usage("--status must be one of " + Arrays.stream(ReportStatus.values())
                    .map(Enum::name).collect(Collectors.joining(", ")));
        }
        if (limit != null && limit < 1) {
            throw CliException.usage("--limit must be at least 1");
        }
        JsonNode answer = top.client().reports(kind, s, limit);
        if (!answer.isArray()) {
            throw CliException.unavailable("the gateway answered with something that is not a report list");
        }
        if (top.json()) {
            top.printJson(answer);
            return ExitCode.OK;
        }
        if (answer.isEmpty()) {
            top.terminal().out().println("no reports");
        } else {
            TextTable table = new TextTable("ID", "KIND", "STATUS", "SUBMITTED", "SCHEMA", "OUTCOME");
            for (JsonNode node : answer) {
                ReportAnswer r = ReportAnswer.of(node);
                table.row(r.id(), r.kind(), r.status(), submitted(node), r.schema() == null ? "-" : r.schema(),
                        outcome(r));
            }
            table.lines().forEach(top.terminal().out()::println);
        }
        top.terminal().out().flush();
        return ExitCode.OK;
    }

    private String submitted(JsonNode node) {
        try {
            return TIME.format(Instant.parse(node.path("submittedAt").asText()).atZone(top.terminal().zone()));
        } catch (RuntimeException e) {
            return "-";
        }
    }

    private static String outcome(ReportAnswer r) {
        if (r.completed() && r.result() != null) {
            List<String> lines = ResultRendering.of(r.kind()).lines(r.result());
            return lines.isEmpty() ? "" : lines.get(0);
        }
        if (r.status().equals("FAILED")) {
            return JobReport.oneLine(r.error());
        }
        return r.progressLine();
    }
}
