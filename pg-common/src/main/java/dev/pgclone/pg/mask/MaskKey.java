package dev.pgclone.pg.mask;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The deployment's {@code keyed_hash} key (configuration, never a message): its HMAC pads are handed to a transaction
 * as settings through bind parameters, so the key is in no statement text, no Kafka message and no log line of
 * ours. {@link #id()} names the key without revealing it, so every service of a job can prove it uses the same one.
 */
public final class MaskKey {

    static final String IPAD_SETTING = "pgclone.mask_ipad";
    static final String OPAD_SETTING = "pgclone.mask_opad";
    /** A shorter key is refused: HMAC's strength is the key's. */
    public static final int MIN_BYTES = 16;
    private static final int BLOCK = 64;

    private final byte[] ipad = new byte[BLOCK];
    private final byte[] opad = new byte[BLOCK];
    private final String id;

    private MaskKey(byte[] key) {
        byte[] k = key.length > BLOCK ? sha256(key) : key;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            ipad[i] = (byte) (b ^ 0x36);
            opad[i] = (byte) (b ^ 0x5c);
        }
        id = HexFormat.of().formatHex(hmac(key, "pgclone keyed_hash key id".getBytes(StandardCharsets.UTF_8)))
                .substring(0, 16);
    }

    /**
     * The key from its configured text (its UTF-8 bytes).
     *
     * @throws IllegalArgumentException when shorter than {@link #MIN_BYTES} bytes (the message never repeats it)
     */
    public static MaskKey of(String configured) {
        byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException("the keyed_hash key must be at least " + MIN_BYTES + " bytes long");
        }
        return new MaskKey(bytes);
    }

    /** 16 hex characters naming this key (an HMAC of a fixed text under it): safe to publish, compare and log. */
    public String id() {
        return id;
    }

    /**
     * Makes the key usable by {@link MaskSql}'s {@code keyed_hash} expressions for the rest of the current transaction
     * ({@code set_config(…, true)}: gone at its end, and never visible to another session).
     */
    public void apply(Connection connection) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(
                "SELECT pg_catalog.set_config(?, ?, true), pg_catalog.set_config(?, ?, true)")) {
            st.setString(1, IPAD_SETTING);
            st.setString(2, HexFormat.of().formatHex(ipad));
            st.setString(3, OPAD_SETTING);
            st.setString(4, HexFormat.of().formatHex(opad));
            st.execute();
        }
    }

    /**
     * Blanks the pads for the rest of the current transaction (a keyed_hash expression then fails instead of hashing):
     * for a session that lives on after a masked copy, such as the snapshot keeper's.
     */
    public static void clear(Connection connection) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(
                "SELECT pg_catalog.set_config(?, '', true), pg_catalog.set_config(?, '', true)")) {
            st.setString(1, IPAD_SETTING);
            st.setString(2, OPAD_SETTING);
            st.execute();
        }
    }

    @Override
    public String toString() {
        return "MaskKey[" + id + "]"; // never the key
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (Exception e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
