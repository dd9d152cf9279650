package dev.pgclone.messaging;

import dev.pgclone.pg.failure.PgFailures;
import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;

/** Which failures of a consumer's handling are not the record's fault and may pass when tried again. */
public final class TransientFailures {

    private TransientFailures() {
    }

    /**
     * The broker or the network failed, or the state database is unreachable, busy or restarting (a connection-class
     * SQLSTATE, or none, as for a pool that timed out): trying again may succeed. A data or syntax error may not.
     */
    public static boolean mayPass(Throwable error) {
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

}
