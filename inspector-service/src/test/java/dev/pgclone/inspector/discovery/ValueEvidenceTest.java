package dev.pgclone.inspector.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.pg.catalog.ColumnCatalog.ValueKind;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueEvidenceTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 29);
    private static final List<String> CARDS = List.of("4111111111111111", "5500 0055 5555 5559", "378282246310005",
            "6011111111111117", "4222222222222", "4012-8888-8888-1881");

    @Test
    void columnsOfCardNumbersAreFoundByTheirValues() {
        List<String> values = new ArrayList<>(CARDS);
        values.add(null);
        values.add("");

        ValueEvidence.Finding f = ValueEvidence.classify(values, ValueKind.TEXT, TODAY).orElseThrow();

        assertThat(f.evidence().sensitivity()).isEqualTo(Sensitivity.CREDIT_CARD);
        assertThat(f.evidence().sampled()).as("nulls and empty strings are not values").isEqualTo(6);
        assertThat(f.confidence()).isEqualTo(0.9);
        assertThat(f.reason()).isEqualTo("6 of 6 sampled values are Luhn-valid card numbers");
    }

    @Test
    void tooFewValuesOrTooFewMatchesDecideNothing() {
        assertThat(ValueEvidence.classify(CARDS.subList(0, 4), ValueKind.TEXT, TODAY)).isEmpty();
        List<String> mostlyOther = new ArrayList<>(CARDS.subList(0, 3));
        mostlyOther.addAll(List.of("a", "b", "c"));
        assertThat(ValueEvidence.classify(mostlyOther, ValueKind.TEXT, TODAY)).isEmpty();
    }

    @Test
    void numbersAreCardsWhenLuhnSaysSoButNeverPhoneNumbersByValueAlone() {
        assertThat(ValueEvidence.classify(List.of("4111111111111111", "5500005555555559", "378282246310005",
                "6011111111111117", "4222222222222"), ValueKind.NUMBER, TODAY)).get()
                .satisfies(f -> assertThat(f.evidence().sensitivity()).isEqualTo(Sensitivity.CREDIT_CARD));
        assertThat(ValueEvidence.classify(List.of("10000001", "10000002", "10000003", "10000004", "10000005",
                "1732873625123"), ValueKind.NUMBER, TODAY)).isEmpty();
    }

    @Test
    void emailsIbansIpsAndPhonesAreFoundToo() {
        assertThat(classify("a@example.com", "b@example.org", "c.d@example.net", "e@ex.io", "f@x.de"))
                .isEqualTo(Sensitivity.EMAIL);
        assertThat(classify("DE89370400440532013000", "GB82WEST12345698765432", "NL91ABNA0417164300",
                "CH9300762011623852957", "BE68539007547034")).isEqualTo(Sensitivity.BANK_ACCOUNT);
        assertThat(classify("10.0.0.1", "192.168.1.20", "::1", "2001:db8::5", "172.16.0.9")).isEqualTo(Sensitivity.IP_ADDRESS);
        assertThat(classify("+44 20 7946 0958", "+1 (555) 123-4567", "020 7946 0958", "+14155552671", "555-123-4567"))
                .isEqualTo(Sensitivity.PHONE);
    }

    @Test
    void datesAreBirthDatesOnlyWhenSpreadOverYearsAndMostlyLongAgo() {
        List<String> births = Arrays.asList("1950-04-01", "1962-07-19", "1971-01-30", "1984-03-07", "1990-12-12",
                "1999-05-05", "2003-09-09");
        ValueEvidence.Finding f = ValueEvidence.classify(births, ValueKind.DATE, TODAY).orElseThrow();
        assertThat(f.evidence().sensitivity()).isEqualTo(Sensitivity.DATE_OF_BIRTH);
        assertThat(f.confidence()).isEqualTo(0.6);

        List<String> orders = List.of("2024-01-03", "2024-05-19", "2025-02-11", "2025-08-30", "2026-01-02", "2026-10-10");
        assertThat(ValueEvidence.classify(orders, ValueKind.DATE, TODAY)).as("recent events").isEmpty();
        List<String> recentBirths = List.of("2015-01-01", "2016-01-01", "2020-01-01", "2024-01-01", "2005-01-01");
        assertThat(ValueEvidence.classify(recentBirths, ValueKind.DATE, TODAY)).as("mostly children: not convincing").isEmpty();
    }

    @Test
    void evidenceAboutANamesVerdictCountsTheValuesThatFitIt() {
        ValueEvidence e = ValueEvidence.about(Sensitivity.EMAIL, List.of("{{first}}", "Hello", "x", "y", "z"),
                ValueKind.TEXT, TODAY).orElseThrow();
        assertThat(e.ratio()).isZero();
        assertThat(e.describe()).isEqualTo("0 of 5 sampled values are email addresses");
        assertThat(ValueEvidence.about(Sensitivity.NAME, List.of("a", "b", "c", "d", "e"), ValueKind.TEXT, TODAY))
                .as("no validator for names").isEmpty();
    }

    private static Sensitivity classify(String... values) {
        return ValueEvidence.classify(List.of(values), ValueKind.TEXT, TODAY).orElseThrow().evidence().sensitivity();
    }
}
