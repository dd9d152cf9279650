package dev.pgclone.cli;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keeps connection secrets off the screen. The gateway already redacts what it returns; this is the second line of
 * defence for anything printed, and the guard for command-line arguments echoed in usage errors.
 */
public final class Secrets {

    /** {@code password=...} / {@code sslpassword = '...'} in a keyword/value conninfo (quoted or not). */
    private static final Pattern KEYWORD_SECRET = Pattern.compile(
            "(?i)\\b((?:ssl)?password)\\s*=\\s*('(?:[^'\\\\]|\\\\.)*'?|[^\\s'&]+)");
    /** {@code user:secret@} in a URI. */
    private static final Pattern URI_SECRET = Pattern.compile("(?i)(postgres(?:ql)?://[^:/@\\s]*):([^@\\s]*)@");
    /** {@code password=...} in a URI query string. */
    private static final Pattern QUERY_SECRET = Pattern.compile("(?i)([?&](?:ssl)?password)=([^&\\s]*)");
    public static final String HIDDEN = "***";

    private Secrets() {
    }

    /** The text with every password it may hold replaced by {@code ***}. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = URI_SECRET.matcher(text).replaceAll("$1:" + HIDDEN + "@");
        out = QUERY_SECRET.matcher(out).replaceAll("$1=" + HIDDEN);
        // a literal '...' is a placeholder in a hint ("quote it: password='...'"), not a secret
        return KEYWORD_SECRET.matcher(out).replaceAll(m -> m.group(2).equals("'...'")
                ? java.util.regex.Matcher.quoteReplacement(m.group())
                : m.group(1) + "=" + HIDDEN);
    }

    /**
     * Whether a raw command-line argument could be (part of) a conninfo and so must not be echoed: it has
     * {@code key=value} pairs, a URI, a space or the word password.
     */
    public static boolean mayBeConninfo(String arg) {
        if (arg == null) {
            return false;
        }
        String lower = arg.toLowerCase(Locale.ROOT);
        if (lower.startsWith("--") && !lower.contains(" ")) {
            int eq = lower.indexOf('=');
            // --option=value: the value may be a conninfo
            return eq >= 0 && mayBeConninfo(arg.substring(eq + 1));
        }
        return lower.contains("password") || lower.contains("://") || lower.contains("=") || lower.contains("@")
                || arg.chars().anyMatch(Character::isWhitespace);
    }

    /** A usage error message with every argument that may be a conninfo replaced. */
    public static String scrubArguments(String message, String[] args) {
        String out = message;
        for (String arg : args) {
            if (arg != null && !arg.isEmpty() && mayBeConninfo(arg)) {
                out = out.replace(arg, "<hidden>");
            }
        }
        return redact(out);
    }
}
