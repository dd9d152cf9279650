package dev.pgclone.testing;

import java.security.SecureRandom;
import java.util.Base64;

/** Real, unique secrets: tests assert that passwords never reach logs, which only means something if each one is distinct. */
final class RandomSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private RandomSecrets() {
    }

    /** {@code pw-} followed by 16 random letters and digits. */
    static String password() {
        return "pw-" + alphanumeric(16);
    }

    static String alphanumeric(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return out.toString();
    }

    /** 32 random bytes, base64: the form {@code pgclone.secret-key} takes. */
    static String secretKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
