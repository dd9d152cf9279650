/*
 * Golden files are never edited. Each file under src/test/resources/golden is a message as it was once put on a
 * topic; consumers built against it must keep reading it. A change to the contracts that breaks one of these files
 * needs a new message type or a new topic (pgclone.<family>.v2), not an edited golden file. Adding a new optional
 * field is fine: add a NEW golden file that shows it and leave the old ones alone.
 */
package dev.pgclone.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgclone.contracts.command.CancelJob;
import dev.pgclone.contracts.command.RequestReport;
import dev.pgclone.contracts.command.CloneScope;
import dev.pgclone.contracts.command.Command;
import dev.pgclone.contracts.command.CreateMaskingPolicy;
import dev.pgclone.contracts.command.DropMaskingPolicy;
import dev.pgclone.contracts.command.MaskInPlace;
import dev.pgclone.contracts.command.StartClone;
import dev.pgclone.contracts.connection.ConnectionSpec;
import dev.pgclone.contracts.connection.Conninfo;
import dev.pgclone.contracts.connection.SecretSealer;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.event.ReportEvent;
import dev.pgclone.contracts.event.TaskEvent;
import dev.pgclone.contracts.job.Phase;
import dev.pgclone.contracts.options.ConflictStrategy;
import dev.pgclone.contracts.report.ReportKind;
import dev.pgclone.contracts.report.ReportStatus;
import dev.pgclone.contracts.task.CopyLargeObjectsTask;
import dev.pgclone.contracts.task.CopyTableTask;
import dev.pgclone.contracts.task.TablePart;
import dev.pgclone.contracts.task.Task;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GoldenMessagesTest {

    /** Test-only AES-256 key ("pgclone-test-key-never-in-prod!!"); the golden sealed values were made with it. */
    static final String FIXED_TEST_KEY = "cGdjbG9uZS10ZXN0LWtleS1uZXZlci1pbi1wcm9kISE=";

    private static final ObjectMapper MAPPER = Json.mapper();

    /** Every golden file: path under golden/, the family it is read as, the concrete class it must become. */
    static Stream<Arguments> goldenFiles() {
        return Stream.of(
                Arguments.of("command/start-clone-table.json", Command.class, StartClone.class),
                Arguments.of("command/start-clone-schema.json", Command.class, StartClone.class),
                Arguments.of("command/start-clone-database.json", Command.class, StartClone.class),
                Arguments.of("command/start-clone-database-create.json", Command.class, StartClone.class),
                Arguments.of("command/start-clone-functions.json", Command.class, StartClone.class),
                Arguments.of("command/cancel-job.json", Command.class, CancelJob.class),
                Arguments.of("command/request-report-verify.json", Command.class, RequestReport.class),
                Arguments.of("command/request-report-preflight.json", Command.class, RequestReport.class),
                Arguments.of("command/request-report-discover-sensitive.json", Command.class, RequestReport.class),
                Arguments.of("command/request-report-masking-report.json", Command.class, RequestReport.class),
                Arguments.of("command/mask-in-place.json", Command.class, MaskInPlace.class),
                Arguments.of("command/create-masking-policy.json", Command.class, CreateMaskingPolicy.class),
                Arguments.of("command/drop-masking-policy.json", Command.class, DropMaskingPolicy.class),
                Arguments.of("task/copy-table-task.json", Task.class, CopyTableTask.class),
                Arguments.of("task/copy-table-task-split-part.json", Task.class, CopyTableTask.class),
                Arguments.of("task/copy-table-task-masked.json", Task.class, CopyTableTask.class),
                Arguments.of("task/copy-large-objects-task.json", Task.class, CopyLargeObjectsTask.class),
                Arguments.of("event/task-started.json", TaskEvent.class, TaskEvent.TaskStarted.class),
                Arguments.of("event/task-progressed.json", TaskEvent.class, TaskEvent.TaskProgressed.class),
                Arguments.of("event/task-completed.json", TaskEvent.class, TaskEvent.TaskCompleted.class),
                Arguments.of("event/task-failed.json", TaskEvent.class, TaskEvent.TaskFailed.class),
                Arguments.of("event/job-accepted.json", JobEvent.class, JobEvent.JobAccepted.class),
                Arguments.of("event/job-phase-changed.json", JobEvent.class, JobEvent.JobPhaseChanged.class),
                Arguments.of("event/job-progressed.json", JobEvent.class, JobEvent.JobProgressed.class),
                Arguments.of("event/job-completed.json", JobEvent.class, JobEvent.JobCompleted.class),
                Arguments.of("event/job-completed-masked.json", JobEvent.class, JobEvent.JobCompleted.class),
                Arguments.of("event/job-completed-mask-in-place.json", JobEvent.class, JobEvent.JobCompleted.class),
                Arguments.of("event/job-failed.json", JobEvent.class, JobEvent.JobFailed.class),
                Arguments.of("event/job-cancelled.json", JobEvent.class, JobEvent.JobCancelled.class),
                Arguments.of("event/job-rejected.json", JobEvent.class, JobEvent.JobRejected.class),
                Arguments.of("event/report-accepted.json", ReportEvent.class, ReportEvent.ReportAccepted.class),
                Arguments.of("event/report-progressed.json", ReportEvent.class, ReportEvent.ReportProgressed.class),
                Arguments.of("event/report-completed.json", ReportEvent.class, ReportEvent.ReportCompleted.class),
                Arguments.of("event/report-completed-masking-report.json", ReportEvent.class,
                        ReportEvent.ReportCompleted.class),
                Arguments.of("event/report-completed-masking-report-details.json", ReportEvent.class,
                        ReportEvent.ReportCompleted.class),
                Arguments.of("event/report-failed.json", ReportEvent.class, ReportEvent.ReportFailed.class),
                Arguments.of("event/report-failed-invalid-request.json", ReportEvent.class,
                        ReportEvent.ReportFailed.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void readsGoldenFileAsItsFamilyAndWritesTheSameJsonBack(String file, Class<? extends Message> family,
                                                            Class<?> concrete) throws IOException {
        String json = golden(file);

        Message message = MAPPER.readValue(json, family);

        assertThat(message).isExactlyInstanceOf(concrete);
        JsonNode expected = MAPPER.readTree(json);
        // As written for the family (what a typed channel serializer does) and as written from the value itself.
        assertThat(MAPPER.readTree(MAPPER.writerFor(family).writeValueAsString(message)))
                .as("re-serialized %s through %s", file, family.getSimpleName())
                .isEqualTo(expected);
        assertThat(MAPPER.readTree(Json.write(message)))
                .as("re-serialized %s with Json.write", file)
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void ignoresUnknownTopLevelFieldsAddedByNewerProducers(String file, Class<? extends Message> family,
                                                           Class<?> concrete) throws IOException {
        String json = golden(file);
        ObjectNode newer = (ObjectNode) MAPPER.readTree(json);
        newer.put("addedInALaterVersion", "some value");
        newer.putObject("anotherNewBlock").put("nested", 42).putArray("list").add(1);
        newer.putNull("optionalNothing");

        Message fromNewer = MAPPER.treeToValue(newer, family);

        assertThat(fromNewer).isExactlyInstanceOf(concrete);
        assertThat(fromNewer).isEqualTo(MAPPER.readValue(json, family));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void ignoresUnknownFieldsInTheHeader(String file, Class<? extends Message> family, Class<?> concrete)
            throws IOException {
        String json = golden(file);
        ObjectNode newer = (ObjectNode) MAPPER.readTree(json);
        ((ObjectNode) newer.get("header")).put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        assertThat(MAPPER.treeToValue(newer, family)).isEqualTo(MAPPER.readValue(json, family));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void goldenHeaderHasUuidV7JobIdAndUtcTime(String file, Class<? extends Message> family, Class<?> concrete)
            throws IOException {
        JsonNode tree = MAPPER.readTree(golden(file));
        Message message = MAPPER.readValue(golden(file), family);

        assertThat(UUID.fromString(message.jobId()).version()).isEqualTo(7);
        assertThat(Ids.isUuid(message.header().messageId())).isTrue();
        assertThat(tree.at("/header/time").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?Z");
        assertThat(message.header().schemaVersion()).isEqualTo(MessageHeader.CURRENT_SCHEMA_VERSION);
    }

    @Test
    void aMaskingReportRequestCarriesTheTargetAloneAndItsReportShowsNoSource() throws IOException {
        RequestReport request = (RequestReport) read("command/request-report-masking-report.json", Command.class);
        ReportEvent.ReportCompleted completed = (ReportEvent.ReportCompleted) read(
                "event/report-completed-masking-report.json", ReportEvent.class);

        assertThat(request.kind()).isEqualTo(ReportKind.MASKING_REPORT);
        assertThat(request.kind().readsSource()).isFalse();
        assertThat(request.source()).isNull();
        assertThat(request.target().conninfo()).isEqualTo("host=staging.db dbname=shop user=auditor");
        assertThat(completed.report().source()).isNull();
        assertThat(completed.report().target()).isEqualTo(request.target().display());
        assertThat(completed.report().result().at("/columns/3/mask_status").asText()).isEqualTo("MASKED (view)");
        ReportEvent.ReportCompleted detailed = (ReportEvent.ReportCompleted) read(
                "event/report-completed-masking-report-details.json", ReportEvent.class);
        assertThat(detailed.report().details().at("/users/email/view_column").asText()).isEqualTo("passed through");
        assertThat(detailed.report().details().at("/employees/ssn/recorded/method").asText()).isEqualTo("in place");
    }

    @Test
    void maskingCommandsCarryTheTargetAloneAndTheirJobShowsPgclonesResult() throws IOException {
        MaskInPlace mask = (MaskInPlace) read("command/mask-in-place.json", Command.class);
        CreateMaskingPolicy create = (CreateMaskingPolicy) read("command/create-masking-policy.json", Command.class);
        DropMaskingPolicy drop = (DropMaskingPolicy) read("command/drop-masking-policy.json", Command.class);
        JobEvent.JobCompleted done = (JobEvent.JobCompleted) read("event/job-completed-mask-in-place.json",
                JobEvent.class);

        assertThat(mask.mask().columns()).containsOnlyKeys("email", "full_name", "ssn", "salary");
        assertThat(mask.mask().rule("salary").max()).isEqualTo(200000L);
        assertThat(create.privilegedRole()).isEqualTo("data_admin");
        assertThat(create.mask().rule("ssn").suffix()).isEqualTo(4);
        assertThat(drop.target().sealedSecrets()).isNull();
        assertThat(done.job().kind()).isEqualTo("mask-in-place");
        assertThat(done.job().source()).isNull();
        assertThat(done.job().request().scope()).isNull();
        assertThat(done.job().request().masking().table()).isEqualTo("employees");
        assertThat(done.job().result()).isEqualTo("OK: masked 1000 rows in public.employees (2 columns)");
    }

    @Test
    void everyGoldenFileOnDiskIsCheckedAndEveryFileListedExists() throws IOException, URISyntaxException {
        Path root = Path.of(resource("").toURI());
        Set<String> onDisk;
        try (Stream<Path> files = Files.walk(root)) {
            onDisk = files.filter(p -> p.toString().endsWith(".json"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .collect(Collectors.toSet());
        }
        Set<String> listed = goldenFiles().map(a -> (String) a.get()[0]).collect(Collectors.toSet());

        assertThat(onDisk).containsExactlyInAnyOrderElementsOf(listed);
    }

    @Test
    void everyConcreteMessageTypeHasAGoldenFile() {
        Set<Class<?>> covered = goldenFiles().map(a -> (Class<?>) a.get()[2]).collect(Collectors.toSet());
        for (Class<?> family : List.of(Command.class, Task.class, TaskEvent.class, JobEvent.class, ReportEvent.class)) {
            assertThat(covered)
                    .as("golden files for every permitted subtype of %s", family.getSimpleName())
                    .containsAll(Arrays.asList(family.getPermittedSubclasses()));
        }
    }

    @Test
    void everyCloneScopeKindHasAStartCloneGoldenFile() throws IOException {
        Set<Class<?>> scopes = goldenFiles()
                .filter(a -> a.get()[2] == StartClone.class)
                .map(a -> ((StartClone) read((String) a.get()[0], Command.class)).scope().getClass())
                .collect(Collectors.toSet());

        assertThat(scopes).containsExactlyInAnyOrder(CloneScope.class.getPermittedSubclasses());
    }

    @Test
    void goldenSealedSecretOpensWithTheFixedTestKey() throws IOException {
        StartClone start = (StartClone) MAPPER.readValue(golden("command/start-clone-table.json"), Command.class);
        SecretSealer sealer = SecretSealer.fromBase64(FIXED_TEST_KEY);

        Conninfo source = sealer.open(start.source());
        Conninfo target = sealer.open(start.target());

        assertThat(source.get("password")).contains("correct horse 'battery' staple");
        assertThat(source.host()).isEqualTo("src.db.internal");
        assertThat(source.get("sslmode")).contains("require");
        assertThat(target.get("password")).contains("T@rget-pw!");
        assertThat(target.user()).isEqualTo("pgclone_writer");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void goldenConnectionsCarryNoClearPasswordAndOpenWithTheFixedKey(String file, Class<? extends Message> family,
                                                                   Class<?> concrete) throws IOException {
        Message message = MAPPER.readValue(golden(file), family);
        List<ConnectionSpec> specs = List.of();
        if (message instanceof StartClone s) {
            specs = List.of(s.source(), s.target());
        } else if (message instanceof CopyTableTask t) {
            specs = List.of(t.source(), t.target());
        }
        SecretSealer sealer = SecretSealer.fromBase64(FIXED_TEST_KEY);

        for (ConnectionSpec spec : specs) {
            assertThat(Conninfo.parse(spec.conninfo()).hasSecrets()).as(spec.display()).isFalse();
            assertThat(sealer.open(spec).params()).containsKeys("host", "dbname", "user");
        }
        assertThat(golden(file)).doesNotContain("correct horse").doesNotContain("T@rget-pw!");
    }

    @Test
    void goldenStartCloneKeepsPgcloneOptionSpellings() throws IOException {
        StartClone database = (StartClone) read("command/start-clone-database.json", Command.class);
        StartClone schema = (StartClone) read("command/start-clone-schema.json", Command.class);
        StartClone table = (StartClone) read("command/start-clone-table.json", Command.class);

        assertThat(database.options().snapshotId()).isEqualTo("00000003-0000001B-1");
        assertThat(database.options().indexesOrDefault()).isFalse();
        assertThat(schema.options().excludeTables()).containsExactly("audit_log", "Session Cache");
        assertThat(schema.options().parallelOrDefault()).isEqualTo(4);
        assertThat(table.options().conflictOrDefault()).isEqualTo(ConflictStrategy.REPLACE);
        assertThat(((CloneScope.Table) table.scope()).effectiveTargetName()).isEqualTo("orders_copy");
    }

    @Test
    void goldenSplitPartCarriesKeyColumnAndHalfOpenBounds() throws IOException {
        CopyTableTask task = (CopyTableTask) read("task/copy-table-task-split-part.json", Task.class);

        assertThat(task.copy().part().whole()).isFalse();
        assertThat(task.copy().part().keyColumn()).isEqualTo("id");
        assertThat(task.copy().part().lowerBound()).isEqualTo(5_000_000L);
        assertThat(task.copy().part().upperBound()).isEqualTo(7_500_000L);
        assertThat(task.taskId()).isEqualTo(Ids.taskId(task.jobId(), "sales", "order_lines", 2));
        assertThat(task.copy().where()).isNull();
    }

    @Test
    void goldenWholeTableTaskIsPartZeroOfOne() throws IOException {
        CopyTableTask task = (CopyTableTask) read("task/copy-table-task.json", Task.class);

        assertThat(task.copy().part()).isEqualTo(TablePart.WHOLE);
        assertThat(task.taskId()).isEqualTo(Ids.taskId(task.jobId(), "public", "orders", 0));
    }

    @Test
    void goldenMaskedTaskCarriesRulesNotSqlAndNeverListsAMaskedColumnAmongTheRawOnes() throws IOException {
        CopyTableTask task = (CopyTableTask) read("task/copy-table-task-masked.json", Task.class);

        assertThat(task.copy().masks()).extracting(m -> m.column())
                .containsExactly("email", "full_name", "last_name", "salary", "notes", "ssn");
        assertThat(task.copy().columns()).doesNotContainAnyElementsOf(task.copy().masks().stream().map(m -> m.column()).toList());
        assertThat(task.copy().loadColumns()).startsWith("id", "department_id", "hired_on").endsWith("ssn");
        assertThat(task.copy().needsMaskKey()).isTrue();
        assertThat(task.copy().maskKeyId()).hasSize(16);
        assertThat(golden("task/copy-table-task-masked.json")).doesNotContain("SELECT").doesNotContain("md5(");
    }

    @Test
    void goldenMaskedJobListsTheEvidenceOfEveryMaskedColumn() throws IOException {
        JobEvent.JobCompleted completed = (JobEvent.JobCompleted) read("event/job-completed-masked.json", JobEvent.class);
        JobEvent.JobCompleted plain = (JobEvent.JobCompleted) read("event/job-completed.json", JobEvent.class);

        assertThat(completed.job().masking()).extracting(m -> m.column()).containsExactly("email", "ssn", "age", "rate");
        assertThat(completed.job().masking().get(2).status()).isEqualTo(dev.pgclone.contracts.job.MaskedColumn.Status.NULLED);
        assertThat(completed.job().masking().get(3).parameters()).containsEntry("min", 40);
        assertThat(completed.job().request().options().masks()).isNotNull();
        assertThat(plain.job().masking()).isEmpty();
    }

    @Test
    void goldenCompletedJobCarriesPerPhaseSummaryAndWarnings() throws IOException {
        JobEvent.JobCompleted completed = (JobEvent.JobCompleted) read("event/job-completed.json", JobEvent.class);

        assertThat(completed.job().status().terminal()).isTrue();
        assertThat(completed.job().summary()).extracting(s -> s.phase())
                .containsExactly(Phase.SNAPSHOT, Phase.CATALOG, Phase.PRE_DATA, Phase.COPY_DATA, Phase.POST_DATA,
                        Phase.FINALIZE);
        assertThat(completed.job().warnings()).hasSize(2);
        assertThat(completed.job().source()).endsWith("password=***");
    }

    @Test
    void goldenReportEventsCarryTheWholeReportUnderTheRequestsIdWithoutASecret() throws IOException {
        ReportEvent.ReportCompleted completed = (ReportEvent.ReportCompleted) read("event/report-completed.json",
                ReportEvent.class);
        ReportEvent.ReportFailed failed = (ReportEvent.ReportFailed) read("event/report-failed.json", ReportEvent.class);
        RequestReport verify = (RequestReport) read("command/request-report-verify.json", Command.class);

        assertThat(completed.report().kind()).isEqualTo(ReportKind.DIFF);
        assertThat(completed.report().status()).isEqualTo(ReportStatus.COMPLETED);
        assertThat(completed.report().result().get("in_sync").booleanValue()).isFalse();
        assertThat(completed.report().result().at("/tables/only_in_source/0").asText()).isEqualTo("audit_log");
        assertThat(failed.jobId()).isEqualTo(verify.reportId()).isEqualTo(failed.report().id());
        assertThat(failed.error()).isEqualTo(failed.report().error());
        assertThat(failed.report().source()).isEqualTo(verify.source().display());
        for (String file : List.of("report-accepted", "report-progressed", "report-completed", "report-failed",
                "report-failed-invalid-request")) {
            ReportEvent event = (ReportEvent) read("event/" + file + ".json", ReportEvent.class);
            assertThat(event.jobId()).isEqualTo(event.report().id());
            assertThat(golden("event/" + file + ".json")).doesNotContain("sealedSecrets").doesNotContain("v1:");
        }
    }

    private static Message read(String file, Class<? extends Message> family) {
        try {
            return MAPPER.readValue(golden(file), family);
        } catch (IOException e) {
            throw new IllegalStateException(file, e);
        }
    }

    private static String golden(String file) throws IOException {
        try (InputStream in = resource(file).openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static URL resource(String file) {
        URL url = GoldenMessagesTest.class.getResource("/golden/" + file);
        assertThat(url).as("golden/%s on the test class path", file).isNotNull();
        return url;
    }
}
