package dev.pgclone.inspector.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueValidatorsTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 29);

    @ParameterizedTest
    @ValueSource(strings = {"alice@example.com", "a.b-c+tag@mail.example.co.uk", "x@sub.domain.museum",
            "O'Brien@example.ie", "user@xn--bcher-kva.example", " padded@example.org "})
    void emailsAreRecognised(String value) {
        assertThat(ValueValidators.isEmail(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "alice@", "@example.com", "a@b", "a@@example.com", "a b@example.com",
            "a..b@example.com", ".a@example.com", "a@-example.com", "a@example.c", "a@example.123", "a@exam_ple.com",
            "mailto:a@example.com"})
    void nonEmailsAreNot(String value) {
        assertThat(ValueValidators.isEmail(value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+14155552671", "+44 20 7946 0958", "+1 (555) 123-4567", "+49-30-1234567", "0049 30 1234567",
            "(555) 123-4567", "555-123-4567", "555.123.4567", "020 7946 0958", "07700900123", "030/12345678",
            "06 12 34 56 78"})
    void phoneNumbersAreRecognised(String value) {
        assertThat(ValueValidators.isPhone(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "5551234567", "123456789012", "2024-01-15", "123-45-6789", "+0123456789",
            "+1234567", "+1234567890123456", "4111 1111 1111 1111", "555-1234", "(555 123-4567", "phone: 555-123-4567",
            "1.2.3.4", "+1 (555)) 123-4567"})
    void otherNumbersAreNotPhoneNumbers(String value) {
        assertThat(ValueValidators.isPhone(value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "5500005555555559",
            "378282246310005", "6011111111111117", "4222222222222", "6304000000000000000"})
    void luhnValidCardNumbersAreRecognised(String value) {
        assertThat(ValueValidators.isCardNumber(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111111111111112", "411111111111", "41111111111111111111", "0000000000000000",
            "4111 1111 1111 111a", "4111--1111-1111-1111", "4111_1111_1111_1111", " ", "12345678901234567890123"})
    void otherDigitsAreNotCardNumbers(String value) {
        assertThat(ValueValidators.isCardNumber(value)).isFalse();
    }

    @Test
    void luhnIsTheMod10Check() {
        assertThat(ValueValidators.luhn("79927398713")).isTrue();
        assertThat(ValueValidators.luhn("79927398710")).isFalse();
        assertThat(ValueValidators.luhn("7992739871x")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"DE89370400440532013000", "DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432",
            "gb82 west 1234 5698 7654 32", "FR1420041010050500013M02606", "NL91ABNA0417164300", "CH9300762011623852957",
            "BE68539007547034"})
    void ibansWithAValidCheckAreRecognised(String value) {
        assertThat(ValueValidators.isIban(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"DE89370400440532013001", "DE8937040044053201300", "GB82WEST1234569876543",
            "ZZ89370400440532013000", "DE89-3704-0044-0532-0130-00", "4111111111111111", "DE", ""})
    void otherCodesAreNotIbans(String value) {
        assertThat(ValueValidators.isIban(value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.1.1", "10.0.0.0/8", "0.0.0.0", "255.255.255.255", "::1", "::", "2001:db8::1",
            "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "fe80::1ff:fe23:4567:890a/64", "::ffff:192.168.1.1",
            "1:2:3:4:5:6:1.2.3.4", "1::"})
    void ipAddressesAreRecognised(String value) {
        assertThat(ValueValidators.isIpAddress(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.4/33", "2001:db8::1::2", "12345::1",
            "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "g::1", "::1/129", "localhost", "1.2.3.-4", "1:2:3:4:5:6:7:1.2.3.4"})
    void otherTextIsNotAnIpAddress(String value) {
        assertThat(ValueValidators.isIpAddress(value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1984-03-07", "1950-12-31 00:00:00", "1999-02-28 00:00:00+00", "2000-02-29",
            "1906-11-30", "2026-11-29"})
    void plausibleBirthDatesAreRecognised(String value) {
        assertThat(ValueValidators.isBirthDate(value, TODAY)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1984-02-30", "1999-02-29", "2027-01-01", "1890-01-01", "1984-03-07 13:45:00", "07/03/1984",
            "19840307", "1984-3-7", "yesterday"})
    void otherTextIsNotABirthDate(String value) {
        assertThat(ValueValidators.isBirthDate(value, TODAY)).isFalse();
    }

    @Test
    void noValueMakesAPatternBacktrackForLong() {
        String hostile = "+1" + " 1".repeat(120) + "x";
        long started = System.nanoTime();
        assertThat(ValueValidators.isPhone(hostile)).isFalse();
        assertThat(ValueValidators.isEmail("a".repeat(60) + "." .repeat(1) + "@" + "b".repeat(200))).isFalse();
        assertThat(ValueValidators.isCardNumber("1 ".repeat(120) + "x")).isFalse();
        assertThat(System.nanoTime() - started).isLessThan(1_000_000_000L);
    }
}
