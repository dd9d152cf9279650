package dev.pgclone.inspector.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.pg.catalog.ColumnCatalog.ValueKind;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SensitiveNameRulesTest {

    /** pgclone's documented patterns (email, names, phone, national id, financial, credentials, address, birth, card, IP). */
    @ParameterizedTest(name = "{0} ({1}) -> {2}")
    @CsvSource({
            "email, TEXT, EMAIL, email",
            "e_mail, TEXT, EMAIL, email",
            "work_email, TEXT, EMAIL, email",
            "email_address, TEXT, EMAIL, email",
            "emailAddress, TEXT, EMAIL, email",
            "Email2, TEXT, EMAIL, email",
            "first_name, TEXT, NAME, name",
            "lastName, TEXT, NAME, name",
            "FullName, TEXT, NAME, name",
            "firstname, TEXT, NAME, name",
            "surname, TEXT, NAME, name",
            "customer_name, TEXT, NAME, name",
            "card_holder_name, TEXT, NAME, name",
            "phone, TEXT, PHONE, phone",
            "phone_number, TEXT, PHONE, phone",
            "mobile, TEXT, PHONE, phone",
            "telephone, TEXT, PHONE, phone",
            "fax, TEXT, PHONE, phone",
            "cellphone, TEXT, PHONE, phone",
            "home_phone, NUMBER, PHONE, phone",
            "ssn, TEXT, NATIONAL_ID, null",
            "social_security_number, TEXT, NATIONAL_ID, null",
            "ssn_last4, TEXT, NATIONAL_ID, null",
            "national_id, TEXT, NATIONAL_ID, null",
            "tax_id, TEXT, NATIONAL_ID, null",
            "taxpayer_id, TEXT, NATIONAL_ID, null",
            "passport_number, TEXT, NATIONAL_ID, null",
            "salary, NUMBER, FINANCIAL, random_int",
            "annual_salary, NUMBER, FINANCIAL, random_int",
            "income, NUMBER, FINANCIAL, random_int",
            "hourly_wage, NUMBER, FINANCIAL, random_int",
            "compensation, TEXT, FINANCIAL, random_int",
            "password, TEXT, CREDENTIAL, hash",
            "password_hash, TEXT, CREDENTIAL, hash",
            "passwd, BINARY, CREDENTIAL, hash",
            "api_key, TEXT, CREDENTIAL, hash",
            "apiKey, TEXT, CREDENTIAL, hash",
            "apikey, TEXT, CREDENTIAL, hash",
            "client_secret, TEXT, CREDENTIAL, hash",
            "access_token, TEXT, CREDENTIAL, hash",
            "password_reset_token, TEXT, CREDENTIAL, hash",
            "address, TEXT, ADDRESS, constant",
            "home_address, TEXT, ADDRESS, constant",
            "address_line1, TEXT, ADDRESS, constant",
            "street, TEXT, ADDRESS, constant",
            "street_name, TEXT, ADDRESS, constant",
            "zip, TEXT, POSTAL_CODE, partial",
            "zipcode, TEXT, POSTAL_CODE, partial",
            "postal_code, TEXT, POSTAL_CODE, partial",
            "date_of_birth, DATE, DATE_OF_BIRTH, null",
            "dateOfBirth, DATE, DATE_OF_BIRTH, null",
            "birth_date, DATE, DATE_OF_BIRTH, null",
            "birthdate, TEXT, DATE_OF_BIRTH, null",
            "birthday, DATE, DATE_OF_BIRTH, null",
            "dob, DATE, DATE_OF_BIRTH, null",
            "credit_card, TEXT, CREDIT_CARD, null",
            "card_number, TEXT, CREDIT_CARD, null",
            "credit_card_number, NUMBER, CREDIT_CARD, null",
            "ccn, TEXT, CREDIT_CARD, null",
            "cvv, TEXT, CREDIT_CARD, null",
            "cvv2, TEXT, CREDIT_CARD, null",
            "ip_address, TEXT, IP_ADDRESS, hash",
            "ipAddress, TEXT, IP_ADDRESS, hash",
            "ipaddress, TEXT, IP_ADDRESS, hash",
            "ip_address, NETWORK, IP_ADDRESS, hash",
            "last_login_ip, TEXT, IP_ADDRESS, hash",
            "ipv6, TEXT, IP_ADDRESS, hash",
            "remote_addr, TEXT, IP_ADDRESS, hash"})
    void findsPgclonesCategoriesWithPgclonesStrategies(String column, ValueKind kind, Sensitivity expected, String strategy) {
        Optional<SensitiveNameRules.Match> match = SensitiveNameRules.match("t", column, kind);

        assertThat(match).as(column).isPresent();
        assertThat(match.get().sensitivity()).isEqualTo(expected);
        assertThat(expected.strategy()).isEqualTo(strategy);
        assertThat(match.get().reason()).contains(column);
    }

    /** pgclone's substring matches that are not what they seem, and names of other things. */
    @ParameterizedTest(name = "{0} ({1}) is not sensitive")
    @CsvSource({
            "table_name, TEXT", "businessname, TEXT", "zipped, BOOLEAN", "zipped, TEXT", "is_emailed, BOOLEAN",
            "is_emailed, TEXT", "email_verified, BOOLEAN", "email_verified, TEXT", "email_sent_at, DATE", "created_at, DATE",
            "birth_place, TEXT", "place_of_birth, TEXT", "country_of_birth, TEXT", "adobe_id, TEXT", "product_name, TEXT",
            "company_name, TEXT", "file_name, TEXT", "column_name, TEXT", "username, TEXT", "mac_address, TEXT",
            "phone_type, TEXT", "phone_verified, BOOLEAN", "mobile_app_version, TEXT", "salary_band, TEXT",
            "income_bracket, TEXT", "token_type, TEXT", "token_expires_at, DATE", "password_changed_at, DATE",
            "has_password, BOOLEAN", "credit_card_id, NUMBER", "card_type, TEXT", "zip_file, TEXT", "vip, TEXT",
            "ship_date, DATE", "email_template, TEXT", "email, BOOLEAN", "dob, BOOLEAN", "description, TEXT", "name, TEXT",
            "id, NUMBER", "tokens_used, NUMBER", "secretary, TEXT", "hotel, TEXT", "address_count, NUMBER"})
    void doesNotFlagWhatOnlyLooksLikeIt(String column, ValueKind kind) {
        assertThat(SensitiveNameRules.match("orders", column, kind)).as(column).isEmpty();
    }

    @Test
    void aBareNameIsAPersonsOnlyInATableOfPeopleAndWithLessConfidence() {
        assertThat(SensitiveNameRules.match("customers", "name", ValueKind.TEXT)).get()
                .satisfies(m -> assertThat(m.sensitivity()).isEqualTo(Sensitivity.NAME))
                .satisfies(m -> assertThat(m.confidence()).isLessThan(0.8));
        assertThat(SensitiveNameRules.match("products", "name", ValueKind.TEXT)).isEmpty();
    }

    @Test
    void anInetColumnIsAnIpAddressByItsTypeAlone() {
        assertThat(SensitiveNameRules.match("sessions", "seen_from", ValueKind.NETWORK)).get()
                .satisfies(m -> assertThat(m.sensitivity()).isEqualTo(Sensitivity.IP_ADDRESS))
                .satisfies(m -> assertThat(m.reason()).contains("network address type"));
    }

    @Test
    void confidenceIsHighestForAnExactName() {
        assertThat(SensitiveNameRules.match("t", "email", ValueKind.TEXT).orElseThrow().confidence()).isEqualTo(0.95);
        assertThat(SensitiveNameRules.match("t", "work_email", ValueKind.TEXT).orElseThrow().confidence()).isEqualTo(0.85);
        assertThat(SensitiveNameRules.match("t", "customer_name", ValueKind.TEXT).orElseThrow().reason())
                .isEqualTo("column name \"customer_name\" reads as \"customer name\"");
    }

    @Test
    void namesAreCutIntoWordsLikeAPersonReadsThem() {
        assertThat(SensitiveNameRules.words("HTTPServerIPAddress")).containsExactly("http", "server", "ip", "address");
        assertThat(SensitiveNameRules.words("address_line1")).containsExactly("address", "line1");
        assertThat(SensitiveNameRules.words("line2Street")).containsExactly("line2", "street");
        assertThat(SensitiveNameRules.words("Customer Name-ID")).containsExactly("customer", "name", "id");
        assertThat(SensitiveNameRules.words("ÉmailÀdresse")).containsExactly("émail", "àdresse");
    }
}
