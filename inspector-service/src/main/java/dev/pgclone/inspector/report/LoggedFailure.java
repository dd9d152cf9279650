package dev.pgclone.inspector.report;

import dev.pgclone.contracts.connection.Conninfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A handler's exception as it may be logged: the same classes, stack frames and causes, with every message cleared of
 * the request's passwords (a driver or a handler may have put a conninfo in one) and of anything written as
 * {@code password=...} or {@code user:secret@}.
 */
final class LoggedFailure extends RuntimeException {

    private static final Pattern KEYWORD_SECRET = Pattern.compile(
            "(?i)\\b((?:ssl)?password)\\s*=\\s*('(?:[^'\\\\]|\\\\.)*'?|[^\\s'&]+)");
    private static final Pattern URI_SECRET = Pattern.compile("(?i)(postgres(?:ql)?://[^:/@\\s]*):([^@\\s]*)@");

    private LoggedFailure(String text, LoggedFailure cause, StackTraceElement[] frames) {
        super(text, cause, false, true);
        setStackTrace(frames);
    }

    /** The exception chain with scrubbed messages, for {@code LOG.error(Throwable, ...)}. */
    static RuntimeException of(Throwable error, ReportRequest request) {
        List<String> secrets = new ArrayList<>();
        for (Conninfo c : new Conninfo[] {request.source(), request.target()}) {
            if (c != null) {
                for (String keyword : Conninfo.SECRET_KEYWORDS) {
                    c.get(keyword).filter(s -> !s.isEmpty()).ifPresent(secrets::add);
                }
            }
        }
        return copy(error, secrets, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static LoggedFailure copy(Throwable t, List<String> secrets, Set<Throwable> seen) {
        seen.add(t);
        Throwable cause = t.getCause();
        LoggedFailure copiedCause = cause != null && !seen.contains(cause) ? copy(cause, secrets, seen) : null;
        return new LoggedFailure(t.getClass().getName()
                + (t.getMessage() == null ? "" : ": " + scrub(t.getMessage(), secrets)), copiedCause, t.getStackTrace());
    }

    static String scrub(String text, List<String> secrets) {
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, "***");
        }
        out = URI_SECRET.matcher(out).replaceAll("$1:***@");
        return KEYWORD_SECRET.matcher(out).replaceAll("$1=***");
    }

    @Override
    public String toString() {
        return getMessage(); // the original class name is part of the message
    }
}
