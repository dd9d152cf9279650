package dev.pgclone.messaging;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Runs a consumer's handling of a record again while it fails for a reason that may pass (the state database or
 * the broker unavailable), with a doubling, jittered backoff capped at 30 s, one warning per attempt, until it
 * succeeds or the service stops. Such a failure is never the record's fault, so it must not dead-letter the record;
 * any other failure is passed on. Used by the coordinator's command and task-event consumers and the gateway's event
 * projections.
 */
public final class UntilDone {

    /** The service is stopping: the record stays unacknowledged, to be handled after the restart. */
    public static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopping", null, false, false);
        }
    }

    public interface Work {
        void run() throws Exception;
    }

    private static final long FIRST_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final Logger log;
    private final Predicate<Throwable> mayPass;
    private volatile boolean stopped;

    /** Retries what {@link TransientFailures#mayPass} says may pass. */
    public UntilDone(Logger log) {
        this(log, TransientFailures::mayPass);
    }

    /**
     * @param mayPass whether a failure may pass if tried again (the broker or the state database away), judged on
     *                the whole cause chain; any other failure is passed on at once
     */
    public UntilDone(Logger log, Predicate<Throwable> mayPass) {
        this.log = log;
        this.mayPass = mayPass;
    }

    public void stop() {
        stopped = true;
    }

    public void run(String what, Work work) {
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
                if (!mayPass.test(e)) {
                    throw e;
                }
                log.warnf("%s failed (attempt %d, trying again in %d ms): %s", what, attempt, backoff, describe(e));
            } catch (Exception e) {
                if (!mayPass.test(e)) {
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

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
