package dev.pgclone.coordinator.command;

import dev.pgclone.pg.failure.PgFailures;
import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;
import org.jboss.logging.Logger;

/**
 * Runs a consumer's handling of a record again while it fails for a reason that may pass (the state database or
 * the broker unavailable), with a doubling, jittered backoff capped at 30 s, one warning per attempt, until it
 * succeeds or the service stops. Such a failure is never the record's fault, so it must not dead-letter the record;
 * any other failure is passed on.
 */
final class UntilDone {

    /** The service is stopping: the record stays unacknowledged, to be handled after the restart. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopping", null, false, false);
        }
    }

    interface Work {
        void run() throws Exception;
    }

    private static final long FIRST_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final Logger log;
    private volatile boolean stopped;

    UntilDone(Logger log) {
        this.log = log;
    }

    void stop() {
        stopped = true;
    }

    void run(String what, Work work) {
        long backoff = FIRST_BACKOFF_MS;
        for (int attempt = 1; ; attempt++) {
            if (stopped) {
                throw new Stopped();
            }
            try {
                work.run();
                if (attempt > 1) {
                    log.infof("%s succeeded at attempt %d", what, attempt);
                }
                return;
            } catch (RuntimeException e) {
                if (!mayPass(e)) {
                    throw e;
                }
                log.warnf("%s failed (attempt %d, trying again in %d ms): %s", what, attempt, backoff, describe(e));
            } catch (Exception e) {
                if (!mayPass(e)) {
                    throw new IllegalStateException(e);
                }
                log.warnf("%s failed (attempt %d, trying again in %d ms): %s", what, attempt, backoff, describe(e));
            }
            try {
                Thread.sleep(backoff + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped();
            }
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    /**
     * The broker or the network failed, or the state database is unreachable, busy or restarting (a connection-class
     * SQLSTATE, or none, as for a pool that timed out): trying again may succeed. A data or syntax error may not.
     */
    static boolean mayPass(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetriableException || t instanceof TimeoutException || t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                return sql.getSQLState() == null || PgFailures.classify(sql).retriable();
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
