package dev.pgclone.pg.snapshot;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.failure.RetriableFailure;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A clone could not take its ACCESS SHARE lock on a relation: not within {@code lock_wait_timeout}
 * ({@code lock-timeout}), or not at once because DDL is queued behind the job's own locks ({@code lock-queued}). The
 * message names the relation and the sessions in the way, so whoever reads it knows whom to ask.
 */
public final class LockUnavailableException extends RetriableFailure {

    /**
     * A session holding (or queued for) an ACCESS EXCLUSIVE lock on a relation the clone reads.
     *
     * @param since when its transaction started (UTC), or null when not visible to the clone's user
     */
    public record Holder(QualifiedName relation, int pid, boolean granted, String user, String application,
                         String state, String since) {

        String describe() {
            StringBuilder s = new StringBuilder("session ").append(pid);
            if (user != null) {
                s.append(" (user ").append(user);
                if (application != null && !application.isEmpty()) {
                    s.append(", application ").append(application);
                }
                if (state != null) {
                    s.append(", ").append(state);
                }
                if (since != null) {
                    s.append(", in a transaction since ").append(since);
                }
                s.append(')');
            }
            return s.append(granted ? " holds" : " is queued for").append(" an ACCESS EXCLUSIVE lock on ")
                    .append(relation).toString();
        }
    }

    private final transient List<Holder> holders;
    private final QualifiedName relation;

    private LockUnavailableException(ErrorCode code, String message, List<QualifiedName> batch, List<Holder> holders,
                                     SQLException cause) {
        super(code, message, "55P03", cause);
        this.holders = List.copyOf(holders);
        this.relation = holders.isEmpty() ? (batch.size() == 1 ? batch.get(0) : null) : holders.get(0).relation();
    }

    static LockUnavailableException timedOut(List<QualifiedName> batch, Duration wait, List<Holder> holders,
                                             SQLException cause) {
        return new LockUnavailableException(ErrorCode.LOCK_TIMEOUT, message(batch, wait, holders), batch, holders, cause);
    }

    static LockUnavailableException queued(QualifiedName relation, List<Holder> holders, SQLException cause) {
        String who = holders.isEmpty() ? "a session" : holders.stream().limit(3).map(Holder::describe)
                .collect(Collectors.joining("; "));
        return new LockUnavailableException(ErrorCode.LOCK_QUEUED, "table " + relation + " cannot be read by a new "
                + "session until the job ends: " + who + ", waiting behind the job's own locks", List.of(relation),
                holders, cause);
    }

    /** The relation that could not be locked, when known. */
    public QualifiedName relation() {
        return relation;
    }

    public List<Holder> holders() {
        return holders;
    }

    private static String message(List<QualifiedName> batch, Duration wait, List<Holder> holders) {
        String what = !holders.isEmpty() ? "table " + holders.get(0).relation()
                : batch.size() == 1 ? "table " + batch.get(0)
                : "one of the tables " + batch.stream().limit(5).map(QualifiedName::toString).collect(Collectors.joining(", "))
                + (batch.size() > 5 ? ", …" : "");
        String who = holders.isEmpty() ? "the session that held a conflicting lock has ended since"
                : holders.stream().limit(3).map(Holder::describe).collect(Collectors.joining("; "));
        return "could not lock " + what + " for reading within " + human(wait) + ": " + who
                + ". A clone holds ACCESS SHARE locks like pg_dump; end that session or raise lock_wait_timeout";
    }

    private static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 != 0 ? ms + " ms" : ms / 1000 + " s";
    }
}
