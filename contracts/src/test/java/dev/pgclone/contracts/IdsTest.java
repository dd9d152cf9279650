package dev.pgclone.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {

    private static final String JOB = "0197361e-3fad-71d8-b495-bd504501cb37";

    @Test
    void jobIdIsACanonicalUuidV7() {
        String id = Ids.newJobId();
        UUID uuid = UUID.fromString(id);

        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(id).isEqualTo(uuid.toString()).isLowerCase().hasSize(36);
        assertThat(Ids.isUuid(id)).isTrue();
    }

    @Test
    void jobIdCarriesItsCreationTimeInTheFirst48Bits() {
        long before = System.currentTimeMillis();
        UUID uuid = UUID.fromString(Ids.newJobId());
        long after = System.currentTimeMillis();

        long millis = uuid.getMostSignificantBits() >>> 16;

        assertThat(millis).isBetween(before, after);
    }

    @Test
    void jobIdsSortByCreationTime() throws InterruptedException {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            created.add(Ids.newJobId());
            Thread.sleep(2);
        }

        List<String> sorted = new ArrayList<>(created);
        sorted.sort(null);

        assertThat(sorted).containsExactlyElementsOf(created);
        List<UUID> asUuids = new ArrayList<>(created.stream().map(UUID::fromString).toList());
        asUuids.sort((a, b) -> Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits()));
        assertThat(asUuids.stream().map(UUID::toString).toList()).containsExactlyElementsOf(created);
    }

    @Test
    void jobIdsAreUniqueEvenWithinOneMillisecond() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(Ids.newJobId());
        }

        assertThat(ids).hasSize(10_000);
    }

    @Test
    void taskIdIsDeterministicForJobSchemaTablePart() {
        assertThat(Ids.taskId(JOB, "public", "orders", 0)).isEqualTo(Ids.taskId(JOB, "public", "orders", 0));
        // Pinned: a changed derivation would give re-dispatched tasks of running jobs new ids.
        assertThat(Ids.taskId(JOB, "public", "orders", 0)).isEqualTo("188c6c31-aa0d-3e47-9954-db8aa7a3611d");
        assertThat(Ids.isUuid(Ids.taskId(JOB, "public", "orders", 0))).isTrue();
    }

    @Test
    void taskIdDiffersWhenAnyPartOfTheKeyChanges() {
        String base = Ids.taskId(JOB, "public", "orders", 0);

        assertThat(Ids.taskId("0197361f-c834-7506-a988-7d920a144489", "public", "orders", 0)).isNotEqualTo(base);
        assertThat(Ids.taskId(JOB, "sales", "orders", 0)).isNotEqualTo(base);
        assertThat(Ids.taskId(JOB, "public", "order_lines", 0)).isNotEqualTo(base);
        assertThat(Ids.taskId(JOB, "public", "orders", 1)).isNotEqualTo(base);
        assertThat(Ids.taskId(JOB, "public", "Orders", 0)).isNotEqualTo(base);
    }

    @Test
    void taskIdDoesNotConfuseSchemaAndTableBoundaries() {
        assertThat(Ids.taskId(JOB, "ab", "c", 0)).isNotEqualTo(Ids.taskId(JOB, "a", "bc", 0));
        assertThat(Ids.taskId(JOB, "a.b", "c", 0)).isNotEqualTo(Ids.taskId(JOB, "a", "b.c", 0));
        assertThat(Ids.taskId(JOB, "s", "t1", 2)).isNotEqualTo(Ids.taskId(JOB, "s", "t", 12));
    }

    @Test
    void everyPartOfASplitTableGetsItsOwnId() {
        Set<String> ids = new HashSet<>();
        for (int part = 0; part < 64; part++) {
            ids.add(Ids.taskId(JOB, "sales", "order_lines", part));
        }

        assertThat(ids).hasSize(64);
    }

    @Test
    void taskIdHandlesQuotedAndUnicodeNames() {
        String id = Ids.taskId(JOB, "Sales Data", "Größe \"x\"", 3);

        assertThat(Ids.isUuid(id)).isTrue();
        assertThat(id).isEqualTo(Ids.taskId(JOB, "Sales Data", "Größe \"x\"", 3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not-a-uuid", "0197361e3fad71d8b495bd504501cb37", "1-2-3-4-5",
        "0197361e-3fad-71d8-b495-bd504501cb3", "0197361e-3fad-71d8-b495-bd504501cb37 ",
        "0197361e-3fad-71d8-b495-bd504501cb3g", "{0197361e-3fad-71d8-b495-bd504501cb}"})
    void isUuidRejectsNonCanonicalText(String text) {
        assertThat(Ids.isUuid(text)).isFalse();
    }

    @Test
    void isUuidRejectsNull() {
        assertThat(Ids.isUuid(null)).isFalse();
    }
}
