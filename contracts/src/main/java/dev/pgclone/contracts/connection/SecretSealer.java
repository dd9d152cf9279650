package dev.pgclone.contracts.connection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals connection secrets for transport: AES-256-GCM with a key every pgclone service shares
 * ({@code pgclone.secret-key}). A sealed value is {@code v1:} + base64(12-byte nonce ‖ ciphertext ‖ tag); the
 * associated data binds it to pgclone so a value sealed for another purpose cannot be replayed here.
 */
public final class SecretSealer {

    private static final String PREFIX = "v1:";
    private static final byte[] AAD = "pgclone/connection/v1".getBytes(StandardCharsets.UTF_8);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public SecretSealer(byte[] key) {
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("pgclone.secret-key must be 32 bytes, base64-encoded");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /** From the base64 text form used in configuration. */
    public static SecretSealer fromBase64(String base64Key) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key == null ? "" : base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pgclone.secret-key is not valid base64");
        }
        return new SecretSealer(bytes);
    }

    /** A fresh random key in configuration form, for set-up scripts and tests. */
    public static String generateKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Splits a conninfo into its public part and its sealed secrets. */
    public ConnectionSpec seal(Conninfo conninfo) {
        Conninfo secrets = conninfo.secretsOnly();
        String sealed = secrets.params().isEmpty() ? null : seal(secrets.render());
        return new ConnectionSpec(conninfo.withoutSecrets().render(), sealed);
    }

    /** The full conninfo back, secrets included. Refuses a spec that carries a secret in clear. */
    public Conninfo open(ConnectionSpec spec) {
        Conninfo visible = Conninfo.parse(spec.conninfo());
        if (visible.hasSecrets()) {
            throw new InvalidConninfoException(
                    "a connection in a message carries a password in clear; send it sealed (see README: sealing connections)");
        }
        if (spec.sealedSecrets() == null) {
            return visible;
        }
        return visible.merge(Conninfo.parse(unseal(spec.sealedSecrets())));
    }

    public String seal(String plaintext) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(AAD);
            byte[] ciphertext = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out = ByteBuffer.allocate(nonce.length + ciphertext.length).put(nonce).put(ciphertext);
            return PREFIX + Base64.getEncoder().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing failed: " + e.getClass().getSimpleName());
        }
    }

    public String unseal(String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new InvalidConninfoException("sealed connection secret has an unknown format");
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            if (all.length <= NONCE_BYTES) {
                throw new InvalidConninfoException("sealed connection secret is truncated");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(AAD);
            byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidConninfoException("sealed connection secret is not valid base64");
        } catch (GeneralSecurityException e) {
            throw new InvalidConninfoException(
                    "sealed connection secret cannot be opened with this service's pgclone.secret-key");
        }
    }
}
