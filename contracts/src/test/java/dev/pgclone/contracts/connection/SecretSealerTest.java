package dev.pgclone.contracts.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgclone.contracts.Json;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretSealerTest {

    /** Test-only AES-256 key ("pgclone-test-key-never-in-prod!!"). */
    private static final String KEY = "cGdjbG9uZS10ZXN0LWtleS1uZXZlci1pbi1wcm9kISE=";
    private static final String OTHER_KEY = "b3RoZXItc2VydmljZS1rZXktMzItYnl0ZXMtbG9uZyE=";
    private static final String PASSWORD = "s3cret 'pa\\ss' wörd";
    private static final Conninfo CONNINFO = Conninfo.of(Map.of(
            "host", "db.example.com", "port", "5432", "dbname", "shop", "user", "alice", "password", PASSWORD));

    private final SecretSealer sealer = SecretSealer.fromBase64(KEY);

    @Test
    void sealThenOpenGivesTheFullConninfoBack() {
        ConnectionSpec spec = sealer.seal(CONNINFO);

        Conninfo opened = sealer.open(spec);

        assertThat(opened).isEqualTo(CONNINFO);
        assertThat(opened.get("password")).contains(PASSWORD);
    }

    @Test
    void sealedSpecCarriesNoPasswordInItsConninfo() {
        ConnectionSpec spec = sealer.seal(CONNINFO);

        assertThat(Conninfo.parse(spec.conninfo()).hasSecrets()).isFalse();
        assertThat(spec.conninfo()).doesNotContain("password").doesNotContain("s3cret");
        assertThat(spec.sealedSecrets()).startsWith("v1:").doesNotContain("s3cret");
        assertThat(Base64.getDecoder().decode(spec.sealedSecrets().substring(3))).hasSizeGreaterThan(12 + 16);
    }

    @Test
    void serializedSpecCarriesNoPassword() {
        String json = Json.write(sealer.seal(CONNINFO));

        assertThat(json).doesNotContain("s3cret").contains("\"sealedSecrets\":\"v1:");
    }

    @Test
    void sealsSslpasswordToo() {
        Conninfo withKeyPassword = CONNINFO.merge(Conninfo.parse("sslpassword=key-phrase sslkey=/etc/pgclone/c.key"));

        ConnectionSpec spec = sealer.seal(withKeyPassword);

        assertThat(spec.conninfo()).contains("sslkey=").doesNotContain("key-phrase");
        assertThat(sealer.open(spec)).isEqualTo(withKeyPassword);
    }

    @Test
    void displayShowsStarsInsteadOfThePassword() {
        ConnectionSpec spec = sealer.seal(CONNINFO);

        assertThat(spec.display()).endsWith("password=***").doesNotContain("s3cret").contains("host=db.example.com");
        assertThat(spec.toString()).isEqualTo(spec.display());
    }

    @Test
    void displayOfConnectionWithoutSecretsHasNoStars() {
        ConnectionSpec spec = sealer.seal(Conninfo.parse("host=db dbname=shop user=alice"));

        assertThat(spec.sealedSecrets()).isNull();
        assertThat(spec.display()).isEqualTo("host=db dbname=shop user=alice");
        assertThat(sealer.open(spec)).isEqualTo(Conninfo.parse("host=db dbname=shop user=alice"));
    }

    @Test
    void displayOfUnreadableConninfoSaysSoWithoutRepeatingIt() {
        ConnectionSpec spec = new ConnectionSpec("host=db password='" + PASSWORD, null);

        assertThat(spec.display()).isEqualTo("(invalid conninfo)");
    }

    @Test
    void openingWithADifferentKeyFailsClearlyWithoutTheSecret() {
        ConnectionSpec spec = sealer.seal(CONNINFO);

        assertThatThrownBy(() -> SecretSealer.fromBase64(OTHER_KEY).open(spec))
                .isInstanceOf(InvalidConninfoException.class)
                .hasMessageContaining("cannot be opened")
                .hasMessageContaining("pgclone.secret-key")
                .hasMessageNotContaining("s3cret")
                .hasMessageNotContaining(spec.sealedSecrets());
    }

    @Test
    void tamperedCiphertextIsRefused() {
        String sealed = sealer.seal("password=" + Conninfo.quote(PASSWORD));
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(3));
        bytes[bytes.length - 20] ^= 0x01;
        String tampered = "v1:" + Base64.getEncoder().encodeToString(bytes);

        assertThatThrownBy(() -> sealer.unseal(tampered))
                .isInstanceOf(InvalidConninfoException.class)
                .hasMessageContaining("cannot be opened")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void tamperedNonceIsRefused() {
        String sealed = sealer.seal("password=x");
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(3));
        bytes[0] ^= (byte) 0x80;

        assertThatThrownBy(() -> sealer.unseal("v1:" + Base64.getEncoder().encodeToString(bytes)))
                .isInstanceOf(InvalidConninfoException.class);
    }

    @Test
    void truncatedSealedValueIsRefused() {
        String sealed = sealer.seal("password=x");

        assertThatThrownBy(() -> sealer.unseal(sealed.substring(0, 12)))
                .isInstanceOf(InvalidConninfoException.class);
    }

    @Test
    void unknownFormatsAreRefused() {
        assertThatThrownBy(() -> sealer.unseal("v2:AAAA")).isInstanceOf(InvalidConninfoException.class)
                .hasMessageContaining("unknown format");
        assertThatThrownBy(() -> sealer.unseal("password=" + PASSWORD)).isInstanceOf(InvalidConninfoException.class)
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> sealer.unseal(null)).isInstanceOf(InvalidConninfoException.class);
        assertThatThrownBy(() -> sealer.unseal("v1:not base64!")).isInstanceOf(InvalidConninfoException.class)
                .hasMessageContaining("base64");
        assertThatThrownBy(() -> sealer.unseal("v1:AAAAAAAAAAAAAAAA")).isInstanceOf(InvalidConninfoException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void openRefusesASpecWhoseClearConninfoHasAPassword() {
        ConnectionSpec leaky = new ConnectionSpec("host=db dbname=shop user=alice password=" + "hunter2", null);

        assertThatThrownBy(() -> sealer.open(leaky))
                .isInstanceOf(InvalidConninfoException.class)
                .hasMessageContaining("password in clear")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void openRefusesAClearPasswordEvenWhenSecretsAreAlsoSealed() {
        ConnectionSpec sealed = sealer.seal(CONNINFO);
        ConnectionSpec leaky = new ConnectionSpec(sealed.conninfo() + " sslpassword=hunter2", sealed.sealedSecrets());

        assertThatThrownBy(() -> sealer.open(leaky)).isInstanceOf(InvalidConninfoException.class)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void twoSealsOfTheSameSecretDiffer() {
        String first = sealer.seal("password=same");
        String second = sealer.seal("password=same");

        assertThat(first).isNotEqualTo(second);
        assertThat(Base64.getDecoder().decode(first.substring(3)))
                .isNotEqualTo(Base64.getDecoder().decode(second.substring(3)));
        assertThat(sealer.unseal(first)).isEqualTo(sealer.unseal(second)).isEqualTo("password=same");
    }

    @Test
    void nonceIsFreshForEverySeal() {
        byte[] a = Base64.getDecoder().decode(sealer.seal("password=same").substring(3));
        byte[] b = Base64.getDecoder().decode(sealer.seal("password=same").substring(3));

        assertThat(Arrays.copyOf(a, 12)).isNotEqualTo(Arrays.copyOf(b, 12));
    }

    @Test
    void rejectsKeysThatAreNot32Bytes() {
        assertThatThrownBy(() -> SecretSealer.fromBase64(Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new SecretSealer(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecretSealer.fromBase64(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecretSealer.fromBase64("not*base64")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base64").hasMessageNotContaining("not*base64");
    }

    @Test
    void acceptsKeyWithSurroundingWhitespaceFromConfigFiles() {
        String sealed = sealer.seal("password=x");

        assertThat(SecretSealer.fromBase64("  " + KEY + "\n").unseal(sealed)).isEqualTo("password=x");
    }

    @Test
    void generatedKeysAreUsableAndDistinct() {
        String key = SecretSealer.generateKey();

        assertThat(Base64.getDecoder().decode(key)).hasSize(32);
        assertThat(key).isNotEqualTo(SecretSealer.generateKey());
        SecretSealer fresh = SecretSealer.fromBase64(key);
        assertThat(fresh.unseal(fresh.seal("password=x"))).isEqualTo("password=x");
    }

    @Test
    void keyArrayChangesAfterConstructionDoNotAffectTheSealer() {
        byte[] key = Base64.getDecoder().decode(KEY);
        SecretSealer own = new SecretSealer(key);
        Arrays.fill(key, (byte) 0);

        assertThat(own.unseal(sealer.seal("password=x"))).isEqualTo("password=x");
    }
}
